"""Plans: every snapshot belongs to one plan (a Best Value plan, an external or internal audit's
recommendations, an inspection's action plan…), so that each plan keeps its own history and the
committee sees them together (issue 24). An existing store's snapshots go into one plan, and the shipped
sample's (published by "sample data", and those published from reviewed updates made on them) into a
plan of its own, "Sample (illustrative)". Events may name a plan. Each snapshot keeps its count of items
closed without completion.

Revision ID: 0007
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SAMPLE_PUBLISHER = "sample data"


def _sample_ids(connection) -> set[int]:
    """The sample's snapshots and every snapshot published from reviewed updates made on one of them."""
    roots = {r[0] for r in connection.execute(sa.text("SELECT id FROM snapshots WHERE published_by = :p"),
                                              {"p": SAMPLE_PUBLISHER})}
    pairs = connection.execute(sa.text(
        "SELECT DISTINCT p.snapshot_id, u.snapshot_id FROM update_publications p JOIN updates u ON u.id = p.update_id")).all()
    found, grew = set(roots), True
    while grew:
        before = len(found)
        found |= {int(new) for new, base in pairs if int(base) in found}
        grew = len(found) > before
    return found


def upgrade() -> None:
    connection = op.get_bind()
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("body", sa.String(200), nullable=True),
        sa.Column("noun", sa.String(40), nullable=True),
        sa.Column("sample", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    if connection.dialect.name == "sqlite":     # SQLite adds a column with a reference, but not through Alembic
        op.execute("ALTER TABLE snapshots ADD COLUMN plan_id INTEGER REFERENCES plans(id)")
    else:
        op.add_column("snapshots", sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=True))
    op.add_column("events", sa.Column("plan_id", sa.Integer, nullable=True))
    # each snapshot's count of items closed without completion, kept beside its complete and overdue counts,
    # so that a plan's burn-up reads its snapshots' rows and never scans every snapshot's items
    op.add_column("snapshots", sa.Column("closed_count", sa.Integer, nullable=True))
    connection.execute(sa.text("UPDATE snapshots SET closed_count = (SELECT count(*) FROM snapshot_actions a "
                               "WHERE a.snapshot_id = snapshots.id AND a.progress = 'closed')"))
    op.create_index("ix_snapshots_plan", "snapshots", ["plan_id", "as_at"])
    ids = [r[0] for r in connection.execute(sa.text("SELECT id FROM snapshots ORDER BY id"))]
    if not ids:
        return
    sample = _sample_ids(connection)
    plans = sa.table("plans", sa.column("id"), sa.column("name"), sa.column("kind"), sa.column("noun"),
                     sa.column("sample", sa.Boolean), sa.column("created_by"), sa.column("created_at"))
    now = dt.datetime.now(dt.UTC)
    for name, is_sample, members in (("Sample (illustrative)", True, [i for i in ids if i in sample]),
                                     ("Best Value plan", False, [i for i in ids if i not in sample])):
        if not members:
            continue
        connection.execute(sa.insert(plans).values(
            name=name, kind="best_value", noun="actions", sample=is_sample, created_by="migration 0007",
            created_at=now))
        plan_id = connection.execute(sa.text("SELECT id FROM plans WHERE name = :n"), {"n": name}).scalar()
        connection.execute(sa.text("UPDATE snapshots SET plan_id = :p WHERE id IN ("
                                   + ", ".join(str(int(i)) for i in members) + ")"), {"p": plan_id})


def downgrade() -> None:
    op.drop_index("ix_snapshots_plan", table_name="snapshots")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("plan_id")
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("plan_id")
        batch.drop_column("closed_count")
    op.drop_table("plans")
