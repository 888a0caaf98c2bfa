"""operations: long operations run by the worker, with their progress

Revision ID: c19_operations
Revises: c18_announcements
Create Date: 2026-12-06 08:40:00

An import, a regrade or a ranking rebuild started from a page is queued here; the worker
writes how far it has got (done of total, in a phase) and, at the end, its outcome.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c19_operations'
down_revision = 'c18_announcements'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'operation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('import', 'regrade', 'ranking', name='operation_kind',
                    native_enum=False, create_constraint=True, length=7),
            nullable=False,
        ),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('queued', 'running', 'done', 'failed', name='operation_status',
                    native_enum=False, create_constraint=True, length=7),
            nullable=False,
        ),
        sa.Column('phase', sa.String(length=30), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['round_id'], ['contest_round.id'],
            name=op.f('fk_operation_round_id_contest_round'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['requested_by_id'], ['user_account.id'],
            name=op.f('fk_operation_requested_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_operation')),
    )
    op.create_index(op.f('ix_operation_round_id'), 'operation', ['round_id'], unique=False)
    op.create_index(op.f('ix_operation_status'), 'operation', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_operation_status'), table_name='operation')
    op.drop_index(op.f('ix_operation_round_id'), table_name='operation')
    op.drop_table('operation')
