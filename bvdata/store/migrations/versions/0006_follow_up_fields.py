"""The fields of internal-audit follow-up trackers on every stored item: the report it belongs to, its
recommendation's text beside the agreed action, the finding, the date it was completed and whether it
was validated (issue 23).

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = (("report", sa.Text), ("recommendation_text", sa.Text), ("finding", sa.Text),
           ("completion_date", sa.Date), ("validated", sa.Text))


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("snapshot_actions", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("snapshot_actions") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
