"""practice: questions open to practice, sessions, review cards

Revision ID: c9_practice
Revises: c8_frozen_rounds
Create Date: 2026-12-06 05:32:54

Practice lives in its own tables: a practice answer is never an attempt, so no ranking,
statistic or prize reads it. Rows naming a question go with the question.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9_practice'
down_revision = 'c8_frozen_rounds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_ids', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_practice_session_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_session'))
    )
    with op.batch_alter_table('practice_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_session_user_id'), ['user_id'], unique=False)

    op.create_table('practice_card',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('box', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('last_answered_at', sa.DateTime(), nullable=False),
    sa.Column('last_correct', sa.Boolean(), nullable=False),
    sa.Column('misses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_practice_card_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_practice_card_user_id_user_account')),
    sa.PrimaryKeyConstraint('user_id', 'question_id', name=op.f('pk_practice_card'))
    )
    with op.batch_alter_table('practice_card', schema=None) as batch_op:
        batch_op.create_index('ix_practice_card_due', ['user_id', 'due_at'], unique=False)

    op.create_table('practice_question',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['marked_by_id'], ['user_account.id'], name=op.f('fk_practice_question_marked_by_id_user_account')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_practice_question_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', name=op.f('pk_practice_question'))
    )
    op.create_table('practice_item',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('option_order', sa.JSON(), nullable=False),
    sa.Column('chosen', sa.JSON(), nullable=True),
    sa.Column('is_correct', sa.Boolean(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_practice_item_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['practice_session.id'], name=op.f('fk_practice_item_session_id_practice_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_version.id'], name=op.f('fk_practice_item_version_id_question_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'position', name=op.f('pk_practice_item')),
    sa.UniqueConstraint('session_id', 'question_id', name=op.f('uq_practice_item_session_id_question_id'))
    )


def downgrade():
    op.drop_table('practice_item')
    op.drop_table('practice_question')
    with op.batch_alter_table('practice_card', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_card_due')

    op.drop_table('practice_card')
    with op.batch_alter_table('practice_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_session_user_id'))

    op.drop_table('practice_session')
