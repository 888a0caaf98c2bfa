"""Rate limits on every door, named once so that pages and the API count the same way.

Quiz traffic is counted per candidate, never per address: a whole school may share one.
"""

from __future__ import annotations

from flask_login import current_user

SIGN_IN = "10/minute"
REGISTER = "20/hour;5/minute"
START = "30/minute"
SAVE = "600/minute"
SUBMIT = "60/minute"


def per_user() -> str:
    """The limit key of the signed-in user."""
    return f"user:{current_user.get_id()}"


# Reset links by e-mail and reset pages: per address, generous enough for a school's network.
RECOVERY = "10/hour;3/minute"
