"""Lead officers (each spelling of a name mapped to an email), the updates officers submit, the
analyst's decision on each and what a publish took from them. Updates, decisions and publications are
append-only: the database refuses UPDATE and DELETE on them, as on the audit trail.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REFUSAL = "updates and their reviews are kept as records: never changed or deleted"
APPEND_ONLY = ("updates", "update_reviews", "update_publications")


def upgrade() -> None:
    when = sa.DateTime(timezone=True)
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False, unique=True),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("saved_at", when, nullable=False),
    )
    op.create_table(
        "updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("action_id", sa.String(100)),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", when, nullable=False),
        sa.Column("old_completion", sa.Float), sa.Column("new_completion", sa.Float),
        sa.Column("old_word", sa.Text), sa.Column("new_word", sa.Text),
        sa.Column("note", sa.Text), sa.Column("evidence", sa.Text),
        sa.Column("old_due", sa.Date), sa.Column("requested_due", sa.Date), sa.Column("due_reason", sa.Text),
    )
    op.create_table(
        "update_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("update_id", sa.Integer, sa.ForeignKey("updates.id"), nullable=False, unique=True),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("reviewed_by", sa.String(200), nullable=False),
        sa.Column("reviewed_at", when, nullable=False),
    )
    op.create_table(
        "update_publications",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("update_id", sa.Integer, sa.ForeignKey("updates.id"), nullable=False),
        sa.Column("action_id", sa.String(100)),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.Text), sa.Column("new_value", sa.Text),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("accepted_by", sa.String(200), nullable=False),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"""
            CREATE FUNCTION bv_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{REFUSAL}'; END; $$""")
    for table in APPEND_ONLY:
        if postgres:
            op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION bv_updates_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION bv_updates_append_only()")
        else:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in reversed(APPEND_ONLY):
        if postgres:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_change ON {table}")
        op.drop_table(table)
    if postgres:
        op.execute("DROP FUNCTION bv_updates_append_only()")
    op.drop_table("officers")
