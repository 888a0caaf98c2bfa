"""round drafts: rounds are drafts until announced

Revision ID: c15_round_drafts
Revises: c14_fill_in
Create Date: 2026-12-08 09:00:00

A round is a draft (staff only) until the organizer announces it, after its checklist passes.
Every existing round was visible the moment it was saved: it counts as announced then.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c15_round_drafts'
down_revision = 'c14_fill_in'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contest_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announced_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE contest_round SET announced_at = created_at")


def downgrade():
    with op.batch_alter_table('contest_round', schema=None) as batch_op:
        batch_op.drop_column('announced_at')
