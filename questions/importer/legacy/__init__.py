"""Convert cells typed in legacy Vietnamese fonts (TCVN3/ABC, VNI) to Unicode.

Old provincial banks were typed in .VnTime (TCVN3) or VNI-Times fonts, so a workbook
read today holds Latin-1 look-alikes: ``LuËt`` (TCVN3) or ``Luaät`` (VNI) for ``Luật``.
Each cell is judged alone and left unchanged when in doubt: it is converted only when
its words decode to Vietnamese syllables and, as typed, are not Vietnamese at all.

codes.py holds the two fonts' tables, syllables.py the shape of a Vietnamese syllable,
decode.py the conversion of text known to be legacy, detect.py the judgement of a cell.
"""

from questions.importer.legacy.codes import TCVN3, VIETNAMESE_LETTERS, VNI, encode_legacy
from questions.importer.legacy.decode import decode_legacy
from questions.importer.legacy.detect import convert_legacy

__all__ = [
    "TCVN3",
    "VIETNAMESE_LETTERS",
    "VNI",
    "convert_legacy",
    "decode_legacy",
    "encode_legacy",
]
