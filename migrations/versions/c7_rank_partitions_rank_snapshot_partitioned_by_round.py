"""rank snapshot partitioned by round

Revision ID: c7_rank_partitions
Revises: c6_results
Create Date: 2026-11-27 22:00:00

PostgreSQL only: rank_snapshot becomes a table partitioned by round, so that a round's board
can be loaded into a bare table, indexed after the load and swapped in (see
contest/services/snapshot_partitions.py). The partitions live in the schema
rank_snapshot_parts. The snapshot is a cache: its rows are dropped and every board is marked
stale, so the next read rebuilds it. SQLite keeps one plain table.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7_rank_partitions'
down_revision = 'c6_results'
branch_labels = None
depends_on = None

PARTS_SCHEMA = "rank_snapshot_parts"


def _create_rank_snapshot(**options):
    op.create_table('rank_snapshot',
    sa.Column('round_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('board', sa.Enum('live', 'frozen', name='rank_board', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('tied', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('prediction', sa.Integer(), nullable=True),
    sa.Column('prediction_error', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('round_id', 'board', 'user_id', name=op.f('pk_rank_snapshot')),
    **options
    )
    op.create_index('ix_rank_snapshot_position', 'rank_snapshot', ['round_id', 'board', 'position'], unique=False)
    op.execute("UPDATE rank_snapshot_state SET stale = true")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index('ix_rank_snapshot_position', table_name='rank_snapshot')
    op.drop_table('rank_snapshot')
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {PARTS_SCHEMA}")
    _create_rank_snapshot(postgresql_partition_by='LIST (round_id)')


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table('rank_snapshot')  # its partitions go with it
    op.execute(f"DROP SCHEMA IF EXISTS {PARTS_SCHEMA} CASCADE")
    _create_rank_snapshot()
