"""personal data: consent at registration, erasure requests

Revision ID: c13_personal_data
Revises: c12_account_lifecycle
Create Date: 2026-12-07 11:00:00

Each version of the personal-data notice is kept word for word (consent_notice); a candidate's
consent records the version and the time. An account whose personal data was erased says when
(anonymised_at). A request to erase that cannot be carried out at once waits in
deletion_request, at most one pending per candidate.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c13_personal_data'
down_revision = 'c12_account_lifecycle'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consent_notice',
        sa.Column('version', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('first_used_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_consent_notice')),
    )
    op.create_table(
        'deletion_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column(
            'status',
            sa.Enum(
                'pending', 'done', name='deletion_status', native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_deletion_request_user_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deletion_request')),
    )
    op.create_index(
        op.f('ix_deletion_request_user_id'), 'deletion_request', ['user_id'], unique=False
    )
    op.create_index(
        'uq_deletion_request_pending', 'deletion_request', ['user_id'], unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )
    # Plain ADD COLUMNs: rebuilding user_account would trip the foreign keys that point at it.
    op.add_column('user_account', sa.Column('consent_version', sa.String(length=16), nullable=True))
    op.add_column('user_account', sa.Column('consent_at', sa.DateTime(), nullable=True))
    op.add_column('user_account', sa.Column('anonymised_at', sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column('user_account', 'anonymised_at')
    op.drop_column('user_account', 'consent_at')
    op.drop_column('user_account', 'consent_version')
    op.drop_index('uq_deletion_request_pending', table_name='deletion_request')
    op.drop_index(op.f('ix_deletion_request_user_id'), table_name='deletion_request')
    op.drop_table('deletion_request')
    op.drop_table('consent_notice')
