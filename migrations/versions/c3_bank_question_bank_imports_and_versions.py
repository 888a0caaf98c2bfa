"""question bank imports and versions

Revision ID: c3_bank
Revises: 183e44af9b6e
Create Date: 2026-11-27 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3_bank'
down_revision = '183e44af9b6e'
branch_labels = None
depends_on = None


def upgrade():
    # Who undid an import, and whether the organizer imported only the valid rows of a file.
    with op.batch_alter_table('question_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accept_partial', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('undone_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_question_import_undone_by_id_user_account'), 'user_account', ['undone_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('question_import', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_import_undone_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('undone_by_id')
        batch_op.drop_column('accept_partial')
