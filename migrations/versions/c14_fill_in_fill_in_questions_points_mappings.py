"""fill-in questions, per-question points, option feedback, remembered import mappings

Revision ID: c14_fill_in
Revises: c13_personal_data
Create Date: 2026-12-06 06:00:00

A question version may be a fill-in question (qtype 'fill_in') with its accepted answers and an
ignore-diacritics flag, and may carry its own points; options keep a feedback text (Moodle).
Answers and attempt events keep the text a candidate typed. import_mapping remembers how the
columns of a bank with given headers are read. The question type's CHECK constraints admit the
new value on both tables that hold it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14_fill_in'
down_revision = 'c13_personal_data'
branch_labels = None
depends_on = None

OLD_TYPES = "qtype IN ('single', 'multiple', 'true_false')"
NEW_TYPES = "qtype IN ('single', 'multiple', 'true_false', 'fill_in')"


def _question_type_check(batch_op, table: str, condition: str) -> None:
    name = op.f(f"ck_{table}_question_type")
    batch_op.drop_constraint(name, type_="check")
    batch_op.create_check_constraint(name, condition)


def upgrade():
    op.create_table('import_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('codes', sa.JSON(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user_account.id'], name=op.f('fk_import_mapping_saved_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mapping')),
    sa.UniqueConstraint('signature', name=op.f('uq_import_mapping_signature'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=True))

    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=True))

    with op.batch_alter_table('question_option', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.Text(), nullable=True))

    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_answers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('ignore_diacritics', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('points', sa.Double(), nullable=True))
        _question_type_check(batch_op, 'question_version', NEW_TYPES)

    with op.batch_alter_table('question', schema=None) as batch_op:
        _question_type_check(batch_op, 'question', NEW_TYPES)


def downgrade():
    fill_in = op.get_bind().scalar(sa.text("SELECT count(*) FROM question WHERE qtype = 'fill_in'"))
    if fill_in:
        raise RuntimeError(
            f"{fill_in} fill-in questions are in the bank: the earlier schema cannot hold them"
        )
    with op.batch_alter_table('question', schema=None) as batch_op:
        _question_type_check(batch_op, 'question', OLD_TYPES)

    with op.batch_alter_table('question_version', schema=None) as batch_op:
        _question_type_check(batch_op, 'question_version', OLD_TYPES)
        batch_op.drop_column('points')
        batch_op.drop_column('ignore_diacritics')
        batch_op.drop_column('accepted_answers')

    with op.batch_alter_table('question_option', schema=None) as batch_op:
        batch_op.drop_column('feedback')

    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_column('text')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('text')

    op.drop_table('import_mapping')
