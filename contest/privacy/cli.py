"""flask --app wsgi privacy retention: anonymise candidates whose contests are long settled."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from contest.core.clock import utcnow
from contest.core.database.transaction import unit_of_work
from contest.privacy.retention import run_retention

privacy_cli = AppGroup("privacy", help="Dữ liệu cá nhân (personal data): retention.")


@privacy_cli.command("retention")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Ẩn danh sau bao nhiêu ngày kể từ khi danh sách giải được khóa "
    "(mặc định PRIVACY_RETENTION_DAYS).",
)
@click.option("--dry-run", is_flag=True, help="Chỉ báo cáo, không thay đổi gì.")
def retention(days: int | None, dry_run: bool) -> None:
    """Anonymise candidates of contests settled more than N days ago; carry out erasure requests."""
    days = current_app.config["PRIVACY_RETENTION_DAYS"] if days is None else days
    with unit_of_work():
        report = run_retention(utcnow(), days, dry_run=dry_run)
    verb = "Sẽ ẩn danh" if dry_run else "Đã ẩn danh"
    click.echo(f"{verb} {len(report.anonymised)} thí sinh (hết thời hạn lưu {days} ngày).")
    click.echo(f"Yêu cầu xóa được thực hiện: {len(report.requests_done)}.")
    click.echo(f"Phiên đăng nhập cũ được xóa: {report.sessions_deleted}.")
