"""sign-in sessions kept on the server

Revision ID: c11_sessions
Revises: c10_certificates
Create Date: 2026-12-07 09:00:00

A browser sign-in is a row of user_session (the cookie carries a random key, the row its
SHA-256), so logout, a password change and "sign out everywhere" end it on the server. The
per-user session_nonce that did part of this job goes: every session cookie issued before
this revision names no session and simply asks its user to sign in again.
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'c11_sessions'
down_revision = 'c10_certificates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('ip', sa.String(length=45), nullable=True),
        sa.Column('user_agent', sa.String(length=300), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('end_reason', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash')),
    )
    op.create_index(op.f('ix_user_session_user_id'), 'user_session', ['user_id'], unique=False)
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+): rebuilding user_account would trip
    # the foreign keys that point at it.
    op.drop_column('user_account', 'session_nonce')


def downgrade():
    op.add_column(
        'user_account',
        sa.Column('session_nonce', sa.String(length=16), nullable=False, server_default=''),
    )
    op.drop_index(op.f('ix_user_session_user_id'), table_name='user_session')
    op.drop_table('user_session')
