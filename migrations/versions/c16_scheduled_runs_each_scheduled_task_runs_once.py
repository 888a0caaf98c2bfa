"""scheduled runs: each scheduled task runs once per slot, whatever the number of workers

Revision ID: c16_scheduled_runs
Revises: c15_round_drafts
Create Date: 2026-12-08 09:10:00

The background worker's scheduler claims each (task, time slot) by inserting its row; the
primary key lets one node win, so a task scheduled every minute runs once a minute in all.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16_scheduled_runs'
down_revision = 'c15_round_drafts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scheduled_run',
        sa.Column('task', sa.String(length=40), nullable=False),
        sa.Column('slot', sa.DateTime(), nullable=False),
        sa.Column('node', sa.String(length=120), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('task', 'slot', name=op.f('pk_scheduled_run')),
    )


def downgrade():
    op.drop_table('scheduled_run')
