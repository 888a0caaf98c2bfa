"""Request bodies the rounds tests send: a valid round, changed field by field."""


def round_body(**fields) -> dict:
    """A valid request for a round drawing 2 easy questions of "Hiến pháp"."""
    body = {
        "name": "Tuần thi thứ nhất",
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-07T23:59",
        "time_limit_seconds": 1200,
        "blueprint": [{"topic": "Hiến pháp", "difficulty": "easy", "count": 2}],
    }
    return {**body, **fields}
