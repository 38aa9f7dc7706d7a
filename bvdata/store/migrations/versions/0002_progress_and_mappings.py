"""Progress as the file carried it (state, status word, RAG colour), revised dates, priority,
acceptance and the fields that held a formula's text on every stored action; saved column mappings; the mapping a snapshot was read with.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

def _action_columns() -> list[sa.Column]:
    return [
        sa.Column("revised_due_date", sa.Date, nullable=True),
        sa.Column("times_moved", sa.Integer, nullable=True),
        sa.Column("progress", sa.String(20), nullable=True),
        sa.Column("progress_word", sa.Text, nullable=True),
        sa.Column("rag", sa.Text, nullable=True),
        sa.Column("priority", sa.Text, nullable=True),
        sa.Column("acceptance", sa.Text, nullable=True),
        sa.Column("from_formula", sa.Text, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("snapshot_actions") as batch:
        for column in _action_columns():
            batch.add_column(column)
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("mapping_json", sa.Text, nullable=True))
        batch.add_column(sa.Column("noun", sa.String(40), nullable=True))
    op.create_table(
        "column_mappings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("mapping_json", sa.Text, nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("column_mappings")
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("noun")
        batch.drop_column("mapping_json")
    with op.batch_alter_table("snapshot_actions") as batch:
        for column in reversed(_action_columns()):
            batch.drop_column(column.name)
