"""The single clock: every "now" in the platform comes from here so tests can control time."""

from datetime import UTC, datetime

_override: datetime | None = None


def utcnow() -> datetime:
    """Current time as an aware UTC datetime (or the time a test has set)."""
    return _override if _override is not None else datetime.now(UTC)


def set_now(value: datetime | None) -> None:
    """Freeze the clock at an aware datetime (None lets it run again). For tests and benches."""
    global _override  # noqa: PLW0603 - the one place the clock is set
    if value is not None and value.tzinfo is None:
        raise ValueError("set_now needs an aware datetime")
    _override = value
