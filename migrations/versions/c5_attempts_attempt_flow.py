"""attempt flow

Revision ID: c5_attempts
Revises: c3_bank
Create Date: 2026-11-27 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5_attempts'
down_revision = 'c3_bank'
branch_labels = None
depends_on = None


def upgrade():
    """Answers remember the browser's sequence number so that an older save never wins."""
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_seq', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('client_seq')
