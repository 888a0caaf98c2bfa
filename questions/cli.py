"""flask --app wsgi questions …: the question bank on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from contest.core.database.transaction import unit_of_work
from contest.core.errors import ContestError
from questions import imports
from questions.exports import export_bank
from questions.exports.moodle import export_moodle
from questions.importer import FIELDS
from questions.imports.services import Progress
from questions.labels import difficulty_label, encoding_label, type_label
from questions.search import QuestionFilters

LEVELS = ("easy", "medium", "hard")
KINDS = ("single", "multiple", "true_false", "fill_in")
questions_cli = AppGroup("questions", help="Ngân hàng câu hỏi (question bank).")


@questions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi gì (check, write nothing).")
@click.option(
    "--accept-partial",
    is_flag=True,
    help="Tệp có lỗi: chỉ nhập các dòng hợp lệ (import valid rows).",
)
@click.option("--json", "as_json", is_flag=True, help="In đúng câu trả lời của API (API answer).")
@click.option(
    "--mapping",
    metavar="JSON|FILE",
    help='Cách đọc cột, ví dụ \'{"B": "question", "C": "option_a"}\' (column letter → field).',
)
@click.option(
    "--header-row", type=click.IntRange(min=1), help="Dòng tiêu đề (header row, 1-based)."
)
@click.option(
    "--codes",
    metavar="JSON|FILE",
    help='Tên của các mã, ví dụ \'{"topic": {"1": "Hiến pháp"}}\' (code → name).',
)
def import_command(
    file: Path,
    dry_run: bool,
    accept_partial: bool,
    as_json: bool,
    mapping: str | None,
    header_row: int | None,
    codes: str | None,
) -> None:
    """Import a bank (.xlsx, .xls, .ods, .docx, Moodle .xml); exit status 1 when nothing was
    imported because of errors, unnamed codes or a bad file."""
    try:
        choices = imports.read_choices(_json_or_file(mapping), header_row, _json_or_file(codes))
    except ContestError as refusal:
        _refuse(refusal, as_json)
    with click.progressbar(length=1, label=_("Đọc tệp"), file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            outcome = _import(
                file,
                dry_run=dry_run,
                accept_partial=accept_partial,
                progress=progress,
                choices=choices,
            )
        except (imports.ImportHasErrors, imports.CodesNeeded) as refusal:
            _finish(refusal.details, as_json, dry_run, blocked=True)
            sys.exit(1)
        except ContestError as refusal:  # BadWorkbook: the file as a whole
            _refuse(refusal, as_json)
    answer = outcome.to_dict()
    blocked = outcome.blocked_by_errors or bool(answer["unresolved_codes"])
    _finish(answer, as_json, dry_run, blocked=blocked)
    if blocked:
        sys.exit(1)


def _json_or_file(value: str | None) -> str | None:
    """The option's JSON, read from the file it names when it names one."""
    if value and not value.lstrip().startswith("{") and Path(value).is_file():
        return Path(value).read_text(encoding="utf-8")
    return value


def _import(
    file: Path,
    *,
    dry_run: bool,
    accept_partial: bool,
    progress: Progress,
    choices: imports.ImportChoices,
) -> imports.ImportOutcome:
    """Preview, or import in one unit of work (committed once, rolled back on any error)."""
    options = {"accept_partial": accept_partial, "progress": progress, "choices": choices}
    if dry_run:  # writes nothing, so it takes no write lock while the file is parsed
        return imports.preview_import(file, file.name, **options)
    with unit_of_work():
        return imports.commit_import(file, file.name, **options)


def _refuse(refusal: ContestError, as_json: bool) -> None:
    if as_json:
        error = {"code": refusal.code, "message": refusal.message, "details": refusal.details}
        click.echo(json.dumps({"error": error}, ensure_ascii=False, indent=2))
    else:
        click.echo(_("Lỗi: %(message)s", message=refusal.message), err=True)
        fields = (refusal.details or {}).get("fields") or {}
        for name, message in fields.items():
            click.echo(f"  --{name.replace('_', '-')}: {message}", err=True)
        proposal = (refusal.details or {}).get("mapping")
        if proposal:
            click.echo(columns_table(proposal), err=True)
    sys.exit(1)


def columns_table(proposal: dict) -> str:
    """The columns of a file that needs a mapping, for choosing --mapping."""
    lines = [
        _(
            "Các cột của trang %(sheet)s (dòng tiêu đề %(row)s); chọn trường cho từng cột bằng "
            '--mapping \'{"B": "question", …}\':',
            sheet=proposal["sheet"],
            row=proposal["header_row"],
        )
    ]
    for column in proposal["columns"]:
        samples = " | ".join(column["samples"])
        field = column["field"] or "?"
        lines.append(f"  {column['letter']:>3}  {column['header'] or '—'}  → {field}   [{samples}]")
    lines.append(_("Các trường: %(fields)s", fields=", ".join(FIELDS)))
    return "\n".join(lines)


def _finish(answer: dict, as_json: bool, dry_run: bool, *, blocked: bool) -> None:
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(summary(answer, dry_run=dry_run, blocked=blocked))


def summary(answer: dict, *, dry_run: bool, blocked: bool) -> str:
    """A readable Vietnamese account of an import answer."""
    if blocked and answer.get("unresolved_codes"):
        lines = [_("Tệp dùng mã chưa có tên nên chưa câu hỏi nào được nhập.")]
    elif blocked:
        lines = [
            _(
                "Tệp có %(n)s lỗi nên không câu hỏi nào được nhập. Hãy sửa các dòng lỗi, "
                "hoặc dùng --accept-partial để chỉ nhập các dòng hợp lệ.",
                n=len(answer["errors"]),
            )
        ]
    elif dry_run:
        lines = [_("Chạy thử: sẽ nhập %(n)s câu hỏi (chưa ghi gì).", n=answer["imported"])]
    else:
        lines = [
            _(
                "Đã nhập %(n)s câu hỏi (lần nhập #%(id)s).",
                n=answer["imported"],
                id=answer["import_id"],
            )
        ]
    lines.append(_("Câu trùng đã bỏ qua: %(n)s.", n=answer["duplicates"]))
    lines += _reading_lines(answer)
    if answer["converted_rows"]:
        encodings = sorted({encoding_label(row["encoding"]) for row in answer["converted_rows"]})
        lines.append(
            _(
                "Dòng đã chuyển từ %(encodings)s sang Unicode: %(n)s.",
                encodings=", ".join(encodings),
                n=len(answer["converted_rows"]),
            )
        )
    for topic, levels in answer["by_topic"].items():
        counts = "; ".join(
            f"{difficulty_label(level)} ("
            + ", ".join(
                f"{type_label(kind)} {n}"
                for kind, n in sorted(levels[level].items(), key=lambda item: KINDS.index(item[0]))
            )
            + ")"
            for level in LEVELS
            if level in levels
        )
        lines.append(f"  {topic}: {counts}")
    if answer["errors"]:
        lines.append(_("Lỗi (%(n)s):", n=len(answer["errors"])))
        lines += [f"  [{_where(error)}] {error['message']}" for error in answer["errors"]]
    return "\n".join(lines)


def _reading_lines(answer: dict) -> list[str]:
    """How the file's columns and codes were read, and the codes still without a name."""
    lines = []
    mapping = answer.get("mapping")
    if mapping and mapping["applied"] == "saved":
        lines.append(_("Đã dùng cách đọc cột đã lưu cho tệp có cùng tiêu đề."))
    if mapping and mapping["unsure"]:
        lines.append(_("Hãy kiểm tra cách đọc cột:"))
        lines.append(columns_table(mapping))
    names = {"topic": _("chủ đề"), "difficulty": _("mức độ")}
    for field, codes in (answer.get("unresolved_codes") or {}).items():
        lines.append(
            _(
                'Mã %(name)s chưa có tên: %(codes)s. Dùng --codes \'{"%(field)s": {"%(code)s": '
                '"…"}}\'.',
                name=names.get(field, field),
                field=field,
                codes=", ".join(codes),
                code=codes[0],
            )
        )
    return lines


def _where(error: dict) -> str:
    if error["column"]:
        return _("%(sheet)s, dòng %(row)s, cột %(column)s", **error)
    return _("%(sheet)s, dòng %(row)s", **error)


@questions_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--topic", help="Tên hoặc mã chủ đề.")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]))
@click.option("--type", "qtype", type=click.Choice(KINDS))
@click.option("--q", "query", default="", help="Tìm trong nội dung (không phân biệt dấu).")
@click.option("--active/--retired", default=None, help="Chỉ câu đang dùng / đã ngừng dùng.")
@click.option("--import", "import_id", type=int, help="Chỉ các câu của một lần nhập.")
def export_command(file: Path, topic, difficulty, qtype, query, active, import_id) -> None:
    """Write the bank (or the filtered part) to FILE: the import template, or Moodle XML when
    FILE ends in .xml."""
    args = {
        "topic": topic,
        "difficulty": difficulty,
        "type": qtype,
        "q": query,
        "active": None if active is None else str(active).lower(),
        "import": str(import_id) if import_id else None,
    }
    filters = QuestionFilters.from_args({key: value for key, value in args.items() if value})
    write = export_moodle if file.suffix.lower() == ".xml" else export_bank
    with file.open("wb") as target:
        write(filters, target)
    click.echo(_("Đã xuất ngân hàng câu hỏi ra %(file)s.", file=file))


@questions_cli.command("undo")
@click.argument("import_id", type=int)
def undo_command(import_id: int) -> None:
    """Undo an import (delete its questions) while none of them has been used in a round."""
    try:
        with unit_of_work():
            record = imports.undo_import(import_id)
    except ContestError as refusal:
        raise click.ClickException(refusal.message) from refusal
    click.echo(
        _(
            "Đã hoàn tác lần nhập #%(id)s (%(name)s): xoá %(n)s câu hỏi.",
            id=record.id,
            name=record.filename,
            n=record.imported,
        )
    )
