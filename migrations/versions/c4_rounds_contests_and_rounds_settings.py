"""contests and rounds settings

Every setting of issue 4 already has its column in the initial schema, and the dashboard's
aggregates are served by existing indexes (attempt (round_id, status) and the unique
(round_id, user_id, number)): bench/bench_dashboard.py measured an extra (round_id, started_at)
index at 100,000 attempts as leaving the whole dashboard unchanged on PostgreSQL (only the
per-hour query gained ~5 ms) and making it about twice as slow on SQLite, whose planner then
picks it for every per-round scan. So this revision changes nothing; it keeps its place in the chain.

Revision ID: c4_rounds
Revises: c3_bank
Create Date: 2026-11-27 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4_rounds'
down_revision = 'c3_bank'
branch_labels = None
depends_on = None


def upgrade():
    pass  # no schema change (see the docstring)


def downgrade():
    pass  # nothing to undo
