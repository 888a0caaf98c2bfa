"""results locks: a round whose prize list is locked is frozen; unlocking needs two judges

Revision ID: c20_results_locks
Revises: c19_operations
Create Date: 2026-12-06 08:10:00

contest_round.results_locked_at is set while a locked prize list rests on the round: its
window, scoring, attempts and answers can no longer change. prize_unlock records a judge's
request to reopen a locked list and a second judge's approval; the database lets a locked
prize_result be cleared (and only cleared) when an approved unlock of exactly that lock exists.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c20_results_locks'
down_revision = 'c19_operations'
branch_labels = None
depends_on = None

# An update of a locked row is allowed only when it clears the lock that an approved unlock names.
UNLOCKED = ("NEW.locked_at IS NULL AND EXISTS (SELECT 1 FROM prize_unlock u "
            "WHERE u.result_id = OLD.id AND u.approved_at IS NOT NULL "
            "AND u.locked_at = OLD.locked_at AND u.locked_sha256 = OLD.sha256)")

SQLITE_OLD = ("CREATE TRIGGER prize_result_locked_no_update BEFORE UPDATE ON prize_result "
              "WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'prize result is locked'); END")
SQLITE_NEW = ("CREATE TRIGGER prize_result_locked_no_update BEFORE UPDATE ON prize_result "
              f"WHEN OLD.locked_at IS NOT NULL AND NOT ({UNLOCKED}) "
              "BEGIN SELECT RAISE(ABORT, 'prize result is locked'); END")

POSTGRES_GUARD = """CREATE OR REPLACE FUNCTION prize_result_locked_guard() RETURNS trigger AS $$
   BEGIN
     IF OLD.locked_at IS NOT NULL THEN
       {exemption}
       RAISE EXCEPTION 'prize result % is locked', OLD.id;
     END IF;
     IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
     RETURN NEW;
   END; $$ LANGUAGE plpgsql"""


def upgrade():
    with op.batch_alter_table('contest_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_locked_at', sa.DateTime(), nullable=True))
    op.create_table(
        'prize_unlock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('result_id', sa.Integer(), nullable=False),
        sa.Column('locked_at', sa.DateTime(), nullable=False),
        sa.Column('locked_sha256', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('approved_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint('approved_by_id IS NULL OR approved_by_id <> requested_by_id',
                           name=op.f('ck_prize_unlock_two_judges')),
        sa.ForeignKeyConstraint(['result_id'], ['prize_result.id'], name=op.f('fk_prize_unlock_result_id_prize_result'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_prize_unlock_requested_by_id_user_account')),
        sa.ForeignKeyConstraint(['approved_by_id'], ['user_account.id'], name=op.f('fk_prize_unlock_approved_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_unlock')),
    )
    with op.batch_alter_table('prize_unlock', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_unlock_result_id'), ['result_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER prize_result_locked_no_update")
        op.execute(SQLITE_NEW)
    else:
        op.execute(POSTGRES_GUARD.format(exemption=(
            "IF TG_OP = 'UPDATE' THEN IF NEW.locked_at IS NULL AND EXISTS (SELECT 1 FROM "
            "prize_unlock u WHERE u.result_id = OLD.id AND u.approved_at IS NOT NULL AND "
            "u.locked_at = OLD.locked_at AND u.locked_sha256 = OLD.sha256) THEN RETURN NEW; "
            "END IF; END IF;")))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER prize_result_locked_no_update")
        op.execute(SQLITE_OLD)
    else:
        op.execute(POSTGRES_GUARD.format(exemption=""))
    with op.batch_alter_table('prize_unlock', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_unlock_result_id'))
    op.drop_table('prize_unlock')
    with op.batch_alter_table('contest_round', schema=None) as batch_op:
        batch_op.drop_column('results_locked_at')
