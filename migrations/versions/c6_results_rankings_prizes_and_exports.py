"""rankings prizes and exports

Revision ID: c6_results
Revises: c5_attempts
Create Date: 2026-11-27 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6_results'
down_revision = 'c5_attempts'
branch_labels = None
depends_on = None

PRIZE_CHILDREN = ("prize_tier", "prize_award", "prize_exclusion", "prize_approval")
LOCKED = "(SELECT locked_at FROM prize_result WHERE id = {row}.result_id) IS NOT NULL"


def _sqlite_triggers():
    yield ("CREATE TRIGGER prize_result_locked_no_update BEFORE UPDATE ON prize_result "
           "WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'prize result is locked'); END")
    yield ("CREATE TRIGGER prize_result_locked_no_delete BEFORE DELETE ON prize_result "
           "WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'prize result is locked'); END")
    for table in PRIZE_CHILDREN:
        for event, condition in (
            ("INSERT", LOCKED.format(row="NEW")),
            ("UPDATE", LOCKED.format(row="OLD") + " OR " + LOCKED.format(row="NEW")),
            ("DELETE", LOCKED.format(row="OLD")),
        ):
            yield (f"CREATE TRIGGER {table}_locked_no_{event.lower()} BEFORE {event} ON {table} "
                   f"WHEN {condition} BEGIN SELECT RAISE(ABORT, 'prize result is locked'); END")


POSTGRES_FUNCTIONS = [
    """CREATE FUNCTION prize_result_locked_guard() RETURNS trigger AS $$
       BEGIN
         IF OLD.locked_at IS NOT NULL THEN
           RAISE EXCEPTION 'prize result % is locked', OLD.id;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION prize_child_locked_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN
           IF EXISTS (SELECT 1 FROM prize_result WHERE id = OLD.result_id AND locked_at IS NOT NULL) THEN
             RAISE EXCEPTION 'prize result % is locked', OLD.result_id;
           END IF;
         END IF;
         IF TG_OP <> 'DELETE' THEN
           IF EXISTS (SELECT 1 FROM prize_result WHERE id = NEW.result_id AND locked_at IS NOT NULL) THEN
             RAISE EXCEPTION 'prize result % is locked', NEW.result_id;
           END IF;
           RETURN NEW;
         END IF;
         RETURN OLD;
       END; $$ LANGUAGE plpgsql""",
]


def _postgres_triggers():
    yield from POSTGRES_FUNCTIONS
    yield ("CREATE TRIGGER prize_result_locked BEFORE UPDATE OR DELETE ON prize_result "
           "FOR EACH ROW EXECUTE FUNCTION prize_result_locked_guard()")
    for table in PRIZE_CHILDREN:
        yield (f"CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} "
               f"FOR EACH ROW EXECUTE FUNCTION prize_child_locked_guard()")


def _create_lock_triggers():
    """A locked prize list never changes, whatever the application does."""
    statements = _sqlite_triggers() if op.get_bind().dialect.name == "sqlite" else _postgres_triggers()
    for statement in statements:
        op.execute(statement)


def _drop_lock_triggers():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER prize_result_locked_no_update")
        op.execute("DROP TRIGGER prize_result_locked_no_delete")
        for table in PRIZE_CHILDREN:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_locked_no_{event}")
    else:
        op.execute("DROP TRIGGER prize_result_locked ON prize_result")
        for table in PRIZE_CHILDREN:
            op.execute(f"DROP TRIGGER {table}_locked ON {table}")
        op.execute("DROP FUNCTION prize_child_locked_guard()")
        op.execute("DROP FUNCTION prize_result_locked_guard()")


def upgrade():
    """Results tables, then the triggers that keep a locked prize list unchangeable."""
    op.create_table('rank_snapshot',
    sa.Column('round_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('board', sa.Enum('live', 'frozen', name='rank_board', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('tied', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('prediction', sa.Integer(), nullable=True),
    sa.Column('prediction_error', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('round_id', 'board', 'user_id', name=op.f('pk_rank_snapshot'))
    )
    with op.batch_alter_table('rank_snapshot', schema=None) as batch_op:
        batch_op.create_index('ix_rank_snapshot_position', ['round_id', 'board', 'position'], unique=False)

    op.create_table('export_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('fmt', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='job_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=255), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_export_job_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_export_job_round_id_contest_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_job'))
    )
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_job_status'), ['status'], unique=False)

    op.create_table('prize_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('scope_key', sa.String(length=40), nullable=False),
    sa.Column('one_prize_per_person', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'locked', name='prize_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=True),
    sa.Column('proposal_sha256', sa.String(length=64), nullable=True),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_prize_result_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_prize_result_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_prize_result_round_id_contest_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_result')),
    sa.UniqueConstraint('scope_key', name=op.f('uq_prize_result_scope_key'))
    )
    with op.batch_alter_table('prize_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_result_contest_id'), ['contest_id'], unique=False)

    op.create_table('rank_snapshot_state',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('board', sa.Enum('live', 'frozen', name='rank_board', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.Column('as_of', sa.DateTime(), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('stale', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_rank_snapshot_state_round_id_contest_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'board', name=op.f('pk_rank_snapshot_state'))
    )
    op.create_table('prize_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('proposal_sha256', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['judge_id'], ['user_account.id'], name=op.f('fk_prize_approval_judge_id_user_account')),
    sa.ForeignKeyConstraint(['result_id'], ['prize_result.id'], name=op.f('fk_prize_approval_result_id_prize_result'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_approval')),
    sa.UniqueConstraint('result_id', 'judge_id', 'proposal_sha256', name=op.f('uq_prize_approval_result_id_judge_id_proposal_sha256'))
    )
    op.create_table('prize_exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['judge_id'], ['user_account.id'], name=op.f('fk_prize_exclusion_judge_id_user_account')),
    sa.ForeignKeyConstraint(['result_id'], ['prize_result.id'], name=op.f('fk_prize_exclusion_result_id_prize_result'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_prize_exclusion_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_exclusion')),
    sa.UniqueConstraint('result_id', 'user_id', name=op.f('uq_prize_exclusion_result_id_user_id'))
    )
    op.create_table('prize_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('count > 0', name=op.f('ck_prize_tier_count_positive')),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_prize_tier_group_id_participant_group')),
    sa.ForeignKeyConstraint(['result_id'], ['prize_result.id'], name=op.f('fk_prize_tier_result_id_prize_result'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_tier'))
    )
    with op.batch_alter_table('prize_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_tier_result_id'), ['result_id'], unique=False)

    op.create_table('prize_award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('tier_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('prediction_error', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('boundary_tie', sa.Boolean(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('locality', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['participant_group.id'], name=op.f('fk_prize_award_group_id_participant_group')),
    sa.ForeignKeyConstraint(['result_id'], ['prize_result.id'], name=op.f('fk_prize_award_result_id_prize_result'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tier_id'], ['prize_tier.id'], name=op.f('fk_prize_award_tier_id_prize_tier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_prize_award_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_award')),
    sa.UniqueConstraint('result_id', 'user_id', name=op.f('uq_prize_award_result_id_user_id'))
    )
    with op.batch_alter_table('prize_award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_award_user_id'), ['user_id'], unique=False)

    op.create_table('regrade_key',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['applied_by_id'], ['user_account.id'], name=op.f('fk_regrade_key_applied_by_id_user_account')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_regrade_key_question_id_question')),
    sa.ForeignKeyConstraint(['round_id'], ['contest_round.id'], name=op.f('fk_regrade_key_round_id_contest_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_version.id'], name=op.f('fk_regrade_key_version_id_question_version')),
    sa.PrimaryKeyConstraint('round_id', 'question_id', name=op.f('pk_regrade_key'))
    )

    _create_lock_triggers()


def downgrade():
    _drop_lock_triggers()
    op.drop_table('regrade_key')
    with op.batch_alter_table('prize_award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_award_user_id'))

    op.drop_table('prize_award')
    with op.batch_alter_table('prize_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_tier_result_id'))

    op.drop_table('prize_tier')
    op.drop_table('prize_exclusion')
    op.drop_table('prize_approval')
    op.drop_table('rank_snapshot_state')
    with op.batch_alter_table('prize_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_result_contest_id'))

    op.drop_table('prize_result')
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_job_status'))

    op.drop_table('export_job')
    with op.batch_alter_table('rank_snapshot', schema=None) as batch_op:
        batch_op.drop_index('ix_rank_snapshot_position')

    op.drop_table('rank_snapshot')
