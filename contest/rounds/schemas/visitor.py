"""Who is asking: what a contest or round answer shows depends on it."""

from __future__ import annotations

from flask_login import current_user


def signed_in_user():
    """The signed-in user, or None for an anonymous visitor."""
    return current_user if current_user.is_authenticated else None


def is_staff() -> bool:
    """Whether the visitor is staff (sees drafts, a round's fixed list, whether it is frozen)."""
    return current_user.is_authenticated and current_user.is_staff
