"""How a status shown only by a cell's fill was read, on every stored item (issue 33): "colour only: the
RAG cell was blank, filled Grey as 'superseded' (the file's key)". Snapshots sealed before it hold no
value there, and their seals still verify (``store.seal`` leaves out a later column that holds none).

Revision ID: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("snapshot_actions", sa.Column("colour_only", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("snapshot_actions") as batch:
        batch.drop_column("colour_only")
