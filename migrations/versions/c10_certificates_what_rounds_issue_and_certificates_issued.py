"""certificates: what rounds issue, certificates issued

Revision ID: c10_certificates
Revises: c9_practice
Create Date: 2026-12-06 05:39:10

A certificate row keeps what the PDF shows (name, contest, round, result, issuer, signature,
verification address), so that generating it again gives the same bytes.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c10_certificates'
down_revision = 'c9_practice'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.Enum('participation', 'prize', name='certificate_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('contest_title', sa.String(length=255), nullable=False),
    sa.Column('round_name', sa.String(length=200), nullable=False),
    sa.Column('result', sa.String(length=255), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('signer_title', sa.String(length=120), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signature_path', sa.String(length=255), nullable=True),
    sa.Column('verify_url', sa.String(length=500), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_certificate_revoked_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_certificate_round_id_contest_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_certificate_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('round_id', 'user_id', 'kind', name=op.f('uq_certificate_round_id_user_id_kind'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)

    op.create_table('certificate_settings',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('participation', sa.Boolean(), nullable=False),
    sa.Column('prize', sa.Boolean(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('signer_title', sa.String(length=120), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signature_path', sa.String(length=255), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_certificate_settings_round_id_contest_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_certificate_settings_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_certificate_settings'))
    )


def downgrade():
    op.drop_table('certificate_settings')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_round_id'))

    op.drop_table('certificate')
