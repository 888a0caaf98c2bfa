"""Every user-facing string in the code and templates has an English translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# The same extraction as `make translations-update` (babel.cfg): a template that needs a Jinja
# extension to parse would otherwise be skipped silently, and its messages never checked.
METHODS, OPTIONS = parse_mapping_cfg((ROOT / "babel.cfg").open(encoding="utf-8"))
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def not_hidden(path: str) -> bool:
    """Walk every folder but the hidden ones: templates/_macros holds messages too (babel's
    default would skip folders named with a leading underscore)."""
    return not Path(path).name.startswith(".")


def extracted_messages() -> set[str]:
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        directory_filter=not_hidden,
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def test_every_message_has_an_english_translation():
    with (ROOT / "contest/translations/en/LC_MESSAGES/messages.po").open("rb") as po_file:
        catalog = read_po(po_file)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = sorted(extracted_messages() - translated)
    assert missing == [], f"run `make translations-update` and translate: {missing[:10]}"
