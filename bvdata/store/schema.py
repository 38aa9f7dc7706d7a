"""The snapshot store's tables. Created and migrated by Alembic (bvdata/migrations); append-only."""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# Plans (migration 0007): every snapshot belongs to one. ``sample`` marks the shipped, illustrative one.
plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),          # best_value, external_audit, internal_audit, inspection, other
    Column("body", String(200), nullable=True),          # the council, IJB or partner it belongs to
    Column("noun", String(40), nullable=True),           # what its items are called: "actions", "recommendations"
    Column("sample", Boolean, nullable=False, default=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

snapshots = Table(
    "snapshots", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(300), nullable=False),
    Column("as_at", Date, nullable=True),
    Column("published_by", String(200), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("file_bytes", LargeBinary, nullable=False),
    Column("action_count", Integer, nullable=False),
    Column("warning_count", Integer, nullable=False),
    Column("theme_score_count", Integer, nullable=False),
    # headline figures as at the snapshot's own date, kept for the trend charts
    Column("complete_count", Integer, nullable=False),
    Column("overdue_count", Integer, nullable=False),
    Column("mean_completion", Float, nullable=True),
    Column("mapping_json", Text, nullable=True),       # the column mapping the file was read with, if any
    Column("noun", String(40), nullable=True),         # "actions" or "recommendations", as the file says
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=True),   # migration 0007; set for every snapshot
    Column("closed_count", Integer, nullable=True),     # migration 0007: items closed without completion
    Index("ix_snapshots_plan", "plan_id", "as_at"),
)

snapshot_actions = Table(
    "snapshot_actions", metadata,
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("action_id", String(100)),
    Column("recommendation", Text),
    Column("action", Text),
    Column("due_date", Date),
    Column("original_due_date", Date),
    Column("lead_officer", Text),
    Column("report_ref", Text),
    Column("service_lead", Text),
    Column("completion", Float),
    Column("notes", Text),
    Column("theme", Text),
    Column("justification", Text),
    Column("source_sheet", Text),
    Column("source_row", Integer),
    # True when this action's due date differs from the one in the previous snapshot
    Column("due_date_changed", Boolean, nullable=False, default=False),
    Column("revised_due_date", Date), Column("times_moved", Integer),
    Column("progress", String(20)), Column("progress_word", Text), Column("rag", Text),
    Column("priority", Text), Column("acceptance", Text),
    Column("from_formula", Text),      # fields whose cell held a formula with no saved value: its text is shown
    # internal-audit follow-up trackers (migration 0006)
    Column("report", Text), Column("recommendation_text", Text), Column("finding", Text),
    Column("completion_date", Date), Column("validated", Text),
    # how a status shown only by a cell's fill was read (migration 0009): "colour only: …"
    Column("colour_only", Text),
)

column_mappings = Table(
    "column_mappings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("signature", Text, nullable=False),         # the header row's words, normalised
    Column("mapping_json", Text, nullable=False),
    Column("saved_by", String(200), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("plan_id", Integer, nullable=True),          # migration 0008: the plan it was saved for
)

snapshot_themes = Table(
    "snapshot_themes", metadata,
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("theme", Text), Column("theme_as_written", Text), Column("period", Text),
    Column("score", Float), Column("target", Float),
    Column("source_sheet", Text), Column("source_row", Integer),
)

snapshot_amendments = Table(
    "snapshot_amendments", metadata,
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("action_id", String(100)), Column("original_action", Text), Column("amended_action", Text),
    Column("justification", Text), Column("source_sheet", Text), Column("source_row", Integer),
)

# The audit trail (migration 0003): append-only, guarded by triggers in the database itself.
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200), nullable=False),
    Column("action", String(40), nullable=False),       # publish, withdraw, restore, mapping, sign-in, restore-backup
    Column("snapshot_id", Integer, nullable=True),
    Column("detail", Text, nullable=True),
    # the hash chain (migration 0005): each event holds the hash of the one before it and its own, over
    # that and its fields, so that a changed, removed or inserted event breaks the chain (bvdata.store.audit)
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
    Column("plan_id", Integer, nullable=True),          # migration 0007: the plan an event is about, if any
)

# Lead officers and their updates (migration 0004). Officers map each spelling of a name in the
# trackers to a person's email. Updates, their reviews and what a publish took from them are
# append-only like the audit trail: an update is never overwritten, and a decision is a new row.
officers = Table(
    "officers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),          # the spelling as written in trackers
    Column("name_key", String(200), nullable=False, unique=True),
    Column("email", String(200), nullable=False),
    Column("saved_by", String(200), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

updates = Table(
    "updates", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("action_id", String(100)),
    # the action as the officer saw it (migration 0005): an update binds to this, not to a number
    Column("action_text", Text), Column("lead_officer", Text),
    Column("submitted_by", String(200), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("old_completion", Float), Column("new_completion", Float),
    Column("old_word", Text), Column("new_word", Text),
    Column("note", Text), Column("evidence", Text),
    Column("old_due", Date), Column("requested_due", Date), Column("due_reason", Text),
)

update_reviews = Table(
    "update_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("update_id", Integer, ForeignKey("updates.id"), nullable=False, unique=True),   # one decision each
    Column("decision", String(20), nullable=False),       # accepted or rejected
    Column("comment", Text),
    Column("reviewed_by", String(200), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)

update_publications = Table(
    "update_publications", metadata,
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("update_id", Integer, ForeignKey("updates.id"), nullable=False),
    Column("action_id", String(100)),
    Column("field", String(40), nullable=False),
    Column("old_value", Text), Column("new_value", Text),
    Column("submitted_by", String(200), nullable=False),
    Column("accepted_by", String(200), nullable=False),
)

# Accepted updates that were not applied because their action changed (migration 0005): append-only.
update_returns = Table(
    "update_returns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("update_id", Integer, ForeignKey("updates.id"), nullable=False, unique=True),
    Column("reason", Text, nullable=False),
    Column("returned_by", String(200), nullable=False),
    Column("returned_at", DateTime(timezone=True), nullable=False),
)
