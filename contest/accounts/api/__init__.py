"""Accounts on the API; each module adds its routes to `bp`.

auth: register, sign in and out, password recovery. me: the signed-in user, their tokens,
sessions and password. staff: what organizers and admins do to other accounts.
"""

from __future__ import annotations

from contest.core.api import ApiBlueprint

bp = ApiBlueprint("accounts", __name__, "Registration, sign-in, the current user, access tokens")
SIGNED_IN = {401: "unauthorized: not signed in"}
