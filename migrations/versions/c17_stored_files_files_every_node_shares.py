"""stored files: uploads, exports, banners and signatures kept where every node reads them

Revision ID: c17_stored_files
Revises: c16_scheduled_runs
Create Date: 2026-12-06 08:00:00

With FILE_STORAGE=database (the default) each file is a row. The banners and signatures kept
before under the instance folder of the node that runs this migration are copied in; waiting
uploads and finished exports are not (upload again, queue the export again).
"""
from datetime import datetime, timezone
from pathlib import Path

from alembic import op
import sqlalchemy as sa

UPLOADS = Path(__file__).resolve().parents[2] / "instance" / "uploads"


# revision identifiers, used by Alembic.
revision = 'c17_stored_files'
down_revision = 'c16_scheduled_runs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_file',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_stored_file')),
    )
    op.create_index(
        op.f('ix_stored_file_created_at'), 'stored_file', ['created_at'], unique=False
    )
    table = sa.table(
        'stored_file',
        sa.column('key', sa.String),
        sa.column('data', sa.LargeBinary),
        sa.column('size', sa.Integer),
        sa.column('created_at', sa.DateTime),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [
        {'key': f'{kind}/{path.name}', 'data': path.read_bytes(), 'size': path.stat().st_size,
         'created_at': now}
        for kind in ('banners', 'signatures')
        if (UPLOADS / kind).is_dir()
        for path in sorted((UPLOADS / kind).iterdir())
        if path.is_file()
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade():
    op.drop_index(op.f('ix_stored_file_created_at'), table_name='stored_file')
    op.drop_table('stored_file')
