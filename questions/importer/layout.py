"""Finding the header row and the field of each column, by detection or by an explicit mapping.

Detection never guesses silently: when a column with data has a header it does not know, or
two columns claim one field, the result is marked unsure; when the question, the options or the
key cannot be found at all, it says which fields are missing, and the caller asks for a mapping.
A mapping ({column index or header text: field}) overrides detection column by column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from questions.importer.headers import (
    ANSWER,
    FILL_ANSWERS,
    HEADER_SCAN_ROWS,
    IGNORED,
    LETTERS,
    MULTI_KEY,
    OPTION,
    QTYPE,
    QUESTION,
    Layout,
    header_key,
    recognise,
)

Clean = Callable[[object], str]
Found = dict[int, tuple[str, int, str]]  # column → (field, rank, header as typed)

# The field names a mapping uses (and the report shows), with the internal (field, rank).
FIELDS: dict[str, tuple[str, int]] = {"question": (QUESTION, 0)}
FIELDS |= {f"option_{letter.lower()}": (OPTION, index) for index, letter in enumerate(LETTERS)}
FIELDS |= {"key": (ANSWER, 0), "multi_key": (MULTI_KEY, 0), "fill_answers": (FILL_ANSWERS, 0)}
FIELDS |= {"type": (QTYPE, 0)}
FIELDS |= {name: (name, 0) for name in ("topic", "difficulty", "points", "legal_basis")}
FIELDS |= {"explanation": ("explanation", 0), "ignore_diacritics": ("ignore_diacritics", 0)}
FIELDS |= {"ignore": (IGNORED, 0)}
_PUBLIC = {ANSWER: "key", QTYPE: "type", IGNORED: "ignore"}
_SAMPLE_ROWS = 50  # rows under the header looked at for data, samples and "*" marks


@dataclass(frozen=True, slots=True)
class Detection:
    """A sheet's header row (0-based), the field of each column, and how sure that is."""

    header_row: int
    found: Found
    layout: Layout | None
    missing: tuple[str, ...]  # public names of required fields no column holds
    unsure: tuple[str, ...]  # why a person should check the columns, empty when sure


def public_field(name: str, rank: int) -> str:
    """The mapping vocabulary's name for an internal (field, rank): (option, 1) → "option_b"."""
    if name == OPTION:
        return f"option_{LETTERS[rank].lower()}"
    return _PUBLIC.get(name, name)


def header_signature(headers: Sequence[str]) -> str:
    """SHA-256 of the folded header texts in order: the same headers give the same signature."""
    keys = [header_key(text) if text else "" for text in headers]
    while keys and not keys[-1]:
        keys.pop()
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()


def find_layout(rows: Sequence[Sequence[object]], clean: Clean) -> Layout | None:
    """The layout of the first row among the first 20 that names a question and its options."""
    return detect(rows, clean).layout


def detect(rows: Sequence[Sequence[object]], clean: Clean) -> Detection:
    """Find the header row by its known headers and judge what its columns hold."""
    best: tuple[int, int, Found] | None = None
    previous: Found = {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _recognise_row(row, clean)
        if any(name == OPTION for name, _, _ in found.values()) and not _usable(found):
            # Two-row header: "Câu hỏi" merged over two rows, the letters A-D under "Phương án".
            merged = {**previous, **found}
            found = merged if _usable(merged) else found
        if _usable(found):
            return _judge(rows, clean, index, found)
        score = len(found)
        if found and (best is None or score > best[1]):
            best = (index, score, found)
        previous = found
    # One recognised cell ("B" in an answer column) does not make a header row; the first row
    # of short texts is the likelier header then, for the person who maps the columns.
    if best is None or best[1] < 2:
        index = _first_text_row(rows, clean)
        if best and best[0] == index:
            found = best[2]
        else:
            found = _recognise_row(rows[index], clean) if index < len(rows) else {}
        return _judge(rows, clean, index, found)
    return _judge(rows, clean, best[0], best[2])


def apply_mapping(
    rows: Sequence[Sequence[object]],
    clean: Clean,
    mapping: Mapping[int | str, str],
    header_row: int | None = None,
) -> Detection:
    """Columns as the mapping says ({index or header text: field}), the rest as detected."""
    if header_row is None:
        header_row = _mapped_header_row(rows, clean, mapping)
    header = [clean(value) for value in rows[header_row]] if header_row < len(rows) else []
    by_key = {header_key(text): column for column, text in enumerate(header) if text}
    detected = _recognise_row(header, str)
    chosen: Found = {}
    for target, public in mapping.items():
        column = target if isinstance(target, int) else by_key.get(header_key(target))
        if column is None or public not in FIELDS:
            continue
        name, rank = FIELDS[public]
        text = header[column] if column < len(header) else ""
        chosen[column] = (name, rank, text or _letter(column))
    taken = {(name, rank) for name, rank, _ in chosen.values()}
    for column, (name, rank, text) in detected.items():
        if column not in chosen and (name, rank) not in taken:
            chosen[column] = (name, rank, text)
    return _judge(rows, clean, header_row, chosen, mapped=True)


def _usable(found: Found) -> bool:
    names = [name for name, _, _ in found.values()]
    return QUESTION in names and (names.count(OPTION) >= 2 or FILL_ANSWERS in names)


def _recognise_row(row: Sequence[object], clean: Clean) -> Found:
    found = {}
    for column, value in enumerate(row):
        text = clean(value)
        if text and len(text) <= 100:
            known = recognise(text)
            if known is not None:
                found[column] = (*known, text)
    return found


def _judge(
    rows: Sequence[Sequence[object]], clean: Clean, index: int, found: Found, mapped: bool = False
) -> Detection:
    """The layout a header row gives, what it lacks, and what makes it unsure."""
    body = rows[index + 1 : index + 1 + _SAMPLE_ROWS]
    options: dict[int, int] = {}
    best: dict[str, tuple[int, int]] = {}
    unsure: list[str] = []
    for column in sorted(found):
        name, rank, _ = found[column]
        if name == OPTION:
            if rank in options:
                unsure.append("duplicate_field")
            options.setdefault(rank, column)
        elif name in best and name != IGNORED:
            unsure.append("duplicate_field")
            if rank < best[name][0]:
                best[name] = (rank, column)
        elif name not in best:
            best[name] = (rank, column)
    unknown = not mapped and _unknown_columns(body, clean, found)
    if unknown:
        unsure.append("unknown_columns")
    missing = _missing(best, options, body, clean, unknown)
    if missing:
        return Detection(index, found, None, missing, tuple(dict.fromkeys(unsure)))
    fields = {name: column for name, (_, column) in best.items() if name != IGNORED}
    top = max(options, default=-1)
    layout = Layout(
        header_row=index,
        options=tuple(sorted(options.items())),
        titles={column: text for column, (_, _, text) in found.items()},
        option_columns=tuple(options.get(letter, -1) for letter in range(top + 1)),
        **fields,
    )
    return Detection(index, found, layout, (), tuple(dict.fromkeys(unsure)))


def _missing(
    best: dict[str, tuple[int, int]],
    options: dict[int, int],
    body: Sequence[Sequence[object]],
    clean: Clean,
    unknown: bool,
) -> tuple[str, ...]:
    missing = [] if QUESTION in best else ["question"]
    if len(options) < 2 and FILL_ANSWERS not in best:
        missing += [f"option_{LETTERS[i].lower()}" for i in range(2) if i not in options]
    # Without a key column, either a leading * marks the correct options, or a column not
    # recognised may hold the key (then ask); if neither, each row says it has no key.
    keyed = ANSWER in best or MULTI_KEY in best or FILL_ANSWERS in best
    starred = bool(options) and _starred(body, clean, options.values())
    if not keyed and not starred and (missing or unknown):
        missing.append("key")
    return tuple(missing)


def _starred(body: Sequence[Sequence[object]], clean: Clean, columns: object) -> bool:
    # Without a key column, a leading * on an option marks it correct.
    return any(
        clean(row[column]).startswith("*")
        for row in body
        for column in columns  # type: ignore[attr-defined]
        if column < len(row)
    )


def _unknown_columns(body: Sequence[Sequence[object]], clean: Clean, found: Found) -> bool:
    width = max((len(row) for row in body), default=0)
    for column in range(width):
        if column not in found and any(column < len(row) and clean(row[column]) for row in body):
            return True
    return False


def _first_text_row(rows: Sequence[Sequence[object]], clean: Clean) -> int:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [clean(value) for value in row]
        if sum(1 for text in texts if text and len(text) <= 100) >= 2:
            return index
    return 0


def _mapped_header_row(
    rows: Sequence[Sequence[object]], clean: Clean, mapping: Mapping[int | str, str]
) -> int:
    wanted = {header_key(target) for target in mapping if isinstance(target, str)}
    if wanted:
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            if wanted <= {header_key(clean(value)) for value in row}:
                return index
    return detect(rows, clean).header_row


def _letter(column: int) -> str:
    letters, number = "", column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
