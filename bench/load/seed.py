"""The load benchmark's database: the demo contest, its round open now, N candidates in bulk.

The app is built with the production configuration, so the candidates' password hashes cost
what a real sign-in costs (werkzeug's default scrypt unless PASSWORD_HASH_METHOD says
otherwise). Every candidate has the same password; each hash is computed once and shared,
which changes nothing for the server: each sign-in still verifies its hash.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

PASSWORD = "ThiLuat@Bench2026"  # noqa: S105 - throwaway benchmark accounts
BATCH = 2_000


def cccd(index: int) -> str:
    """The 12-digit CCCD candidate `index` signs in with."""
    return f"079{index:09d}"


def phone(index: int) -> str:
    return f"09{index:08d}"


@dataclass(frozen=True)
class Seeded:
    """What the load generator needs to know about the prepared database."""

    contest_id: int
    round_id: int
    group_id: int | None
    question_count: int
    first_user_id: int
    candidates: int
    password: str
    opens_at: str
    closes_at: str
    time_limit_seconds: int

    def as_dict(self) -> dict:
        return asdict(self)


def production_app(url: str, secret_key: str):
    """The app as gunicorn will run it (production settings), bound to this database."""
    from contest import create_app

    return create_app(
        "production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secret_key, LOG_REQUESTS=False
    )


def prepare(
    url: str,
    secret_key: str,
    *,
    candidates: int,
    round_seconds: int,
    time_limit_seconds: int,
    max_attempts: int,
) -> Seeded:
    """Migrate, seed the demo contest, open its round now for round_seconds, add candidates."""
    from flask_migrate import upgrade

    from contest.core.extensions import db
    from contest.demo.seed import seed_demo

    app = production_app(url, secret_key)
    with app.app_context():
        upgrade()
        contest = seed_demo().contest
        db.session.commit()
        round_ = contest.rounds[0]
        now = datetime.now(UTC).replace(microsecond=0)
        round_.opens_at = now - timedelta(minutes=1)
        round_.closes_at = now + timedelta(seconds=round_seconds)
        round_.time_limit_seconds = time_limit_seconds
        round_.max_attempts = max_attempts
        round_.cooldown_seconds = 0
        db.session.commit()
        first_user_id = _add_candidates(candidates)
        seeded = Seeded(
            contest_id=contest.id,
            round_id=round_.id,
            group_id=contest.groups[0].id if contest.groups else None,
            question_count=sum(item.count for item in round_.blueprint),
            first_user_id=first_user_id,
            candidates=candidates,
            password=PASSWORD,
            opens_at=round_.opens_at.isoformat(),
            closes_at=round_.closes_at.isoformat(),
            time_limit_seconds=time_limit_seconds,
        )
        db.session.remove()
        db.engine.dispose()
    return seeded


def _add_candidates(count: int) -> int:
    """Insert `count` candidates in batches; the id of the first (they are consecutive)."""
    from contest.accounts.credentials import hash_password
    from contest.accounts.models import Organization, OrganizationKind, User
    from contest.core.access import Role
    from contest.core.extensions import db

    units = db.session.scalars(
        select(Organization.id).where(Organization.kind == OrganizationKind.UNIT)
    ).all()
    localities = db.session.scalars(
        select(Organization.id).where(Organization.kind == OrganizationKind.LOCALITY)
    ).all()
    password_hash = hash_password(PASSWORD)
    created = datetime.now(UTC) - timedelta(days=7)
    first = (db.session.scalar(select(db.func.max(User.id))) or 0) + 1
    for start in range(0, count, BATCH):
        rows = [
            {
                "id": first + i,
                "role": Role.CANDIDATE,
                "full_name": f"Thí sinh {i}",
                "phone": phone(i),
                "id_number": cccd(i),
                "birth_date": date(1970 + i % 40, 1 + i % 12, 1 + i % 28),
                "gender": "female" if i % 2 else "male",
                "password_hash": password_hash,
                "unit_id": units[i % len(units)] if units else None,
                "locality_id": localities[i % len(localities)] if localities else None,
                "active": True,
                "session_nonce": secrets.token_hex(8),
                "created_at": created,
            }
            for i in range(start, min(count, start + BATCH))
        ]
        db.session.execute(insert(User), rows)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            db.text(
                "SELECT setval(pg_get_serial_sequence('user_account', 'id'), "
                "(SELECT max(id) FROM user_account))"
            )
        )
        db.session.execute(db.text("ANALYZE"))
    else:
        db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return first
