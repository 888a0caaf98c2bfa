"""rounds with attempts are frozen

Revision ID: c8_frozen_rounds
Revises: c7_rank_partitions
Create Date: 2026-12-06 12:00:00

A round's settings are frozen from its first attempt on. The start of an attempt records that
moment in contest_round.settings_frozen_at, and that column alone now answers whether a round
is frozen (the rounds package no longer looks at the attempts table). A round whose attempts
were written without the flag (by hand, or by a tool that inserted attempts directly) gets it
here, set to its earliest start, so that it stays frozen. Data only; the schema is unchanged.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8_frozen_rounds'
down_revision = 'c7_rank_partitions'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        UPDATE contest_round SET settings_frozen_at = (
            SELECT MIN(attempt.started_at) FROM attempt WHERE attempt.round_id = contest_round.id
        )
        WHERE settings_frozen_at IS NULL
          AND EXISTS (SELECT 1 FROM attempt WHERE attempt.round_id = contest_round.id)
        """
    )


def downgrade():
    """Nothing to undo: the earlier code also reads a round with attempts as frozen."""
