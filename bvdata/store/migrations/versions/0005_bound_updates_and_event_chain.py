"""Updates bind to the action the officer saw (its wording and lead beside its number); accepted updates
that could not be applied are returned, as records; the audit trail becomes a hash chain; and on SQLite,
where ``INSERT OR REPLACE`` deletes the old row without firing its DELETE trigger, every append-only
table refuses an insert that names an existing row.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REFUSAL = "the audit trail and the updates are append-only: a row is never replaced, changed or deleted"
# append-only table -> the columns that name an existing row (its keys)
KEYS = {
    "events": ("id",),
    "updates": ("id",),
    "update_reviews": ("id", "update_id"),
    "update_publications": ("snapshot_id", "position"),
    "update_returns": ("id", "update_id"),
}


def _chain_existing_events(connection, postgres: bool) -> None:
    """Give the events already in the store their hashes, oldest first (the triggers that refuse an
    UPDATE are lifted for this one statement per event, inside the migration's transaction)."""
    from bvdata.store.audit import event_hash
    if postgres:
        op.execute("ALTER TABLE events DISABLE TRIGGER events_no_change")
    else:
        op.execute("DROP TRIGGER events_no_update")
    rows = connection.execute(sa.text("SELECT id, at, who, action, snapshot_id, detail FROM events ORDER BY id")).all()
    previous = None
    for row in rows:
        digest = event_hash(previous, row.at, row.who, row.action, row.snapshot_id, row.detail)
        connection.execute(sa.text("UPDATE events SET prev_hash = :p, hash = :h WHERE id = :i"),
                           {"p": previous, "h": digest, "i": row.id})
        previous = digest
    if postgres:
        op.execute("ALTER TABLE events ENABLE TRIGGER events_no_change")
    else:
        op.execute("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                   "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: events are never changed or deleted'); END")


def upgrade() -> None:
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    op.add_column("events", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("events", sa.Column("hash", sa.String(64), nullable=True))
    op.add_column("updates", sa.Column("action_text", sa.Text, nullable=True))
    op.add_column("updates", sa.Column("lead_officer", sa.Text, nullable=True))
    op.create_table(
        "update_returns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("update_id", sa.Integer, sa.ForeignKey("updates.id"), nullable=False, unique=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("returned_by", sa.String(200), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
    )
    _chain_existing_events(connection, postgres)
    if postgres:
        # bv_updates_append_only() is migration 0004's: it refuses whatever it is attached to
        op.execute("CREATE TRIGGER update_returns_no_change BEFORE UPDATE OR DELETE ON update_returns "
                   "FOR EACH ROW EXECUTE FUNCTION bv_updates_append_only()")
        op.execute("CREATE TRIGGER update_returns_no_truncate BEFORE TRUNCATE ON update_returns "
                   "FOR EACH STATEMENT EXECUTE FUNCTION bv_updates_append_only()")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER update_returns_no_{verb.lower()} BEFORE {verb} ON update_returns "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")
    for table, keys in KEYS.items():
        taken = " OR ".join("(" + " AND ".join(f"{k} = NEW.{k}" for k in key) + ")"
                            for key in ([keys] if table == "update_publications" else [(k,) for k in keys]))
        op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                   f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {taken}) "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER update_returns_no_truncate ON update_returns")
        op.execute("DROP TRIGGER update_returns_no_change ON update_returns")
    else:
        for table in KEYS:
            op.execute(f"DROP TRIGGER {table}_no_replace")
    op.drop_table("update_returns")
    with op.batch_alter_table("updates") as batch:
        batch.drop_column("lead_officer")
        batch.drop_column("action_text")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
