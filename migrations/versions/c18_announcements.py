"""announcements: notices organizers post on a contest's page

Revision ID: c18_announcements
Revises: c17_stored_files
Create Date: 2026-12-06 08:10:00

Each announcement belongs to a contest; it is public from published_at unless hidden, and
pinned ones come first.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c18_announcements'
down_revision = 'c17_stored_files'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'announcement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('pinned', sa.Boolean(), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['contest_id'], ['contest.id'],
            name=op.f('fk_announcement_contest_id_contest'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'],
            name=op.f('fk_announcement_created_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement')),
    )
    op.create_index(
        op.f('ix_announcement_contest_id'), 'announcement', ['contest_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_announcement_contest_id'), table_name='announcement')
    op.drop_table('announcement')
