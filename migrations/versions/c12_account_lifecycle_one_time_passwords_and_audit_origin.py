"""one-time passwords, and the origin of command-line audit entries

Revision ID: c12_account_lifecycle
Revises: c11_sessions
Create Date: 2026-12-07 10:00:00

A reset by staff hands out a one-time password that expires and must be changed at the next
sign-in (user_account.must_change_password, password_expires_at). Audit entries written by
a command, where no user is signed in, record the OS account and the command (origin).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12_account_lifecycle'
down_revision = 'c11_sessions'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs, never a table rebuild: other tables' foreign keys point at
    # user_account, and audit_log's append-only triggers must stay as they are.
    op.add_column(
        'user_account',
        sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column('user_account', sa.Column('password_expires_at', sa.DateTime(), nullable=True))
    op.add_column('audit_log', sa.Column('origin', sa.String(length=200), nullable=True))


def downgrade():
    op.drop_column('audit_log', 'origin')
    op.drop_column('user_account', 'password_expires_at')
    op.drop_column('user_account', 'must_change_password')
