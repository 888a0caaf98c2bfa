"""Rate limits on every door, named once so that pages and the API count the same way.

Sized for Vietnam's networks: a school, a commune hall or a mobile carrier's CGNAT puts
hundreds of people behind one address, so limits per address are generous ceilings and the
strict limits count per account (quiz traffic per candidate, failed sign-ins per account
with a growing wait). Every value comes from the configuration (LIMIT_* variables, see
README.md); the counters live in the limiter's storage, which every worker shares.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from flask import current_app, request
from flask_login import current_user


def configured(name: str):
    """A limit read from the configuration on each request (Flask-Limiter calls it)."""

    def limit_value() -> str:
        return current_app.config[name]

    limit_value.__name__ = name
    return limit_value


# Per address (sign-in, registration, recovery) or per account (the rest): see README.md.
SIGN_IN = configured("LIMIT_SIGN_IN")
REGISTER = configured("LIMIT_REGISTER")
REGISTER_IDENTITY = configured("LIMIT_REGISTER_IDENTITY")
RECOVERY = configured("LIMIT_RECOVERY")
RECOVERY_ACCOUNT = configured("LIMIT_RECOVERY_ACCOUNT")
START = configured("LIMIT_START")
START_ADDRESS = configured("LIMIT_START_ADDRESS")  # a school hall's pupils all starting at once
SAVE = configured("LIMIT_SAVE")
SUBMIT = configured("LIMIT_SUBMIT")


def per_user() -> str:
    """The limit key of the signed-in user."""
    return f"user:{current_user.get_id()}"


def per_address() -> str:
    """The client's address; an IPv6 client by its /64, which one subscriber owns whole."""
    raw = request.remote_addr or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def digest(text: str) -> str:
    """A short fingerprint, so that no phone, e-mail or CCCD is kept in the counters' keys."""
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]


def per_field(field: str):
    """A key function: the submitted value of `field` (form or JSON), else the address."""

    def key() -> str:
        source = request.get_json(silent=True) if request.is_json else request.form
        value = source.get(field) if hasattr(source, "get") else None
        if not isinstance(value, str) or not value.strip():
            return per_address()
        return f"{field}:{digest(value.replace(' ', ''))}"

    key.__name__ = f"per_{field}"
    return key


@dataclass(frozen=True)
class Backoff:
    """Failed sign-ins of one account: `free` of them cost nothing, then each doubles the wait."""

    free: int
    first_wait: int
    max_wait: int

    def wait_after(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return min(self.first_wait * 2 ** min(failures - self.free, 32), self.max_wait)

    @classmethod
    def from_config(cls) -> Backoff:
        config = current_app.config
        return cls(
            free=config["LIMIT_SIGN_IN_ACCOUNT"],
            first_wait=config["LIMIT_SIGN_IN_WAIT"],
            max_wait=config["LIMIT_SIGN_IN_MAX_WAIT"],
        )


# An account's failures are forgotten a day after the first one (or at its next success).
FAILURE_MEMORY_SECONDS = 24 * 3600


def _failures_key(account: str) -> str:
    return f"sign-in-failures/{account}"


def _wait_key(account: str) -> str:
    return f"sign-in-wait/{account}"


def _store():
    """The limiter's shared storage, or None when rate limiting is switched off."""
    limiter = next(iter(current_app.extensions.get("limiter", ())), None)
    return limiter.storage if limiter is not None and limiter.enabled else None


def _unless_unreachable(default):
    """Counters out of reach (Redis restarting) let people sign in, as the limiter does."""

    def decorator(function):
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:  # noqa: BLE001 - any storage failure: log it, do not refuse
                current_app.logger.exception("rate-limit storage unreachable")
                return default

        return guarded

    return decorator


@_unless_unreachable(0)
def sign_in_wait(account: str) -> int:
    """Seconds this account must still wait before its password is checked again (0: none)."""
    store = _store()
    if store is None or not store.get(_wait_key(account)):
        return 0
    return max(1, math.ceil(store.get_expiry(_wait_key(account)) - time.time()))


@_unless_unreachable(0)
def record_sign_in_failure(account: str) -> int:
    """Count a failed sign-in of this account; returns the wait it now imposes (0: none)."""
    store = _store()
    if store is None:
        return 0
    failures = store.incr(_failures_key(account), FAILURE_MEMORY_SECONDS)
    wait = Backoff.from_config().wait_after(failures)
    if wait:
        store.clear(_wait_key(account))
        store.incr(_wait_key(account), wait)
    return wait


@_unless_unreachable(None)
def forget_sign_in_failures(account: str) -> None:
    """A successful sign-in: the account starts again with a clean slate."""
    store = _store()
    if store is not None:
        store.clear(_failures_key(account))
        store.clear(_wait_key(account))
