"""Snapshots sealed, and column mappings that belong to a plan (issue 32).

A published snapshot is a record: the database refuses any UPDATE or DELETE (and on PostgreSQL TRUNCATE)
of ``plans``, ``snapshots`` and their rows (``snapshot_actions``, ``snapshot_themes``,
``snapshot_amendments``), and on SQLite any INSERT that would replace one, as it does for the audit trail
(0003, 0005). A saved column mapping names the plan it was saved for (``plan_id``); an existing mapping
goes to the one plan whose snapshots were read with it, else to the store's only plan, else to none (it is
then kept, and offered to no upload, until an analyst saves it for a plan).

Revision ID: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

REFUSAL = "published snapshots and plans are records: never changed, deleted or replaced"
# each sealed table and the keys an INSERT OR REPLACE could replace a row on
SEALED = {
    "plans": (("id",), ("name",)),
    "snapshots": (("id",), ("sha256",)),
    "snapshot_actions": (("snapshot_id", "position"),),
    "snapshot_themes": (("snapshot_id", "position"),),
    "snapshot_amendments": (("snapshot_id", "position"),),
}


def _scope_mappings(connection) -> None:
    plans = [r[0] for r in connection.execute(sa.text("SELECT id FROM plans WHERE sample = :f"), {"f": False})]
    rows = connection.execute(sa.text("SELECT id, mapping_json FROM column_mappings")).all()
    for mapping_id, text in rows:
        used = {r[0] for r in connection.execute(sa.text(
            "SELECT DISTINCT plan_id FROM snapshots WHERE mapping_json = :m AND plan_id IS NOT NULL"), {"m": text})}
        plan = next(iter(used)) if len(used) == 1 else (plans[0] if len(plans) == 1 and not used else None)
        if plan is not None:
            connection.execute(sa.text("UPDATE column_mappings SET plan_id = :p WHERE id = :i"),
                               {"p": plan, "i": mapping_id})


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column("column_mappings", sa.Column("plan_id", sa.Integer, nullable=True))
    _scope_mappings(connection)
    if connection.dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION bv_snapshots_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{REFUSAL}'; END; $$""")
        for table in SEALED:
            op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION bv_snapshots_sealed()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION bv_snapshots_sealed()")
        return
    for table, keys in SEALED.items():
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")
        taken = " OR ".join("(" + " AND ".join(f"{k} = NEW.{k}" for k in key) + ")" for key in keys)
        op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                   f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {taken}) "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in SEALED:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_change ON {table}")
        else:
            for suffix in ("update", "delete", "replace"):
                op.execute(f"DROP TRIGGER {table}_no_{suffix}")
    if postgres:
        op.execute("DROP FUNCTION bv_snapshots_sealed()")
    with op.batch_alter_table("column_mappings") as batch:
        batch.drop_column("plan_id")
