"""Certificate codes: ten characters a person can read aloud and type without confusion.

The alphabet leaves out 0/O, 1/I/L and U (Crockford's base 32 without 0 and 1): thirty
characters, so ten of them make about 6 × 10¹⁴ codes, shown as two groups of five
("7KD3M-QX9TB"). What a person types is read generously: any case, spaces and dashes ignored.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def new_code() -> str:
    """A fresh random code (the database's unique index catches the rare collision)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str | None) -> str | None:
    """The code a person typed, as stored; None when it cannot be one."""
    code = "".join((text or "").split()).replace("-", "").upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def display(code: str) -> str:
    """The code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"
