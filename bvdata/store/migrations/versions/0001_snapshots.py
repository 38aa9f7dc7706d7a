"""Snapshots of published trackers, with their actions, theme scores and amendments.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("as_at", sa.Date, nullable=True),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("file_bytes", sa.LargeBinary, nullable=False),
        sa.Column("action_count", sa.Integer, nullable=False),
        sa.Column("warning_count", sa.Integer, nullable=False),
        sa.Column("theme_score_count", sa.Integer, nullable=False),
        sa.Column("complete_count", sa.Integer, nullable=False),
        sa.Column("overdue_count", sa.Integer, nullable=False),
        sa.Column("mean_completion", sa.Float, nullable=True),
    )
    op.create_table(
        "snapshot_actions",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("action_id", sa.String(100)),
        sa.Column("recommendation", sa.Text),
        sa.Column("action", sa.Text),
        sa.Column("due_date", sa.Date),
        sa.Column("original_due_date", sa.Date),
        sa.Column("lead_officer", sa.Text),
        sa.Column("report_ref", sa.Text),
        sa.Column("service_lead", sa.Text),
        sa.Column("completion", sa.Float),
        sa.Column("notes", sa.Text),
        sa.Column("theme", sa.Text),
        sa.Column("justification", sa.Text),
        sa.Column("source_sheet", sa.Text),
        sa.Column("source_row", sa.Integer),
        sa.Column("due_date_changed", sa.Boolean, nullable=False),
    )
    op.create_index("ix_snapshot_actions_action_id", "snapshot_actions", ["action_id"])
    op.create_table(
        "snapshot_themes",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("theme", sa.Text), sa.Column("theme_as_written", sa.Text), sa.Column("period", sa.Text),
        sa.Column("score", sa.Float), sa.Column("target", sa.Float),
        sa.Column("source_sheet", sa.Text), sa.Column("source_row", sa.Integer),
    )
    op.create_table(
        "snapshot_amendments",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("action_id", sa.String(100)), sa.Column("original_action", sa.Text),
        sa.Column("amended_action", sa.Text), sa.Column("justification", sa.Text),
        sa.Column("source_sheet", sa.Text), sa.Column("source_row", sa.Integer),
    )


def downgrade() -> None:
    for table in ("snapshot_amendments", "snapshot_themes", "snapshot_actions", "snapshots"):
        op.drop_table(table)
