"""A snapshot's seal (bvdata.store.seal): the digest covers every stored row; a column added to a sealed
table later (``LATER_COLUMNS``) counts only where it holds a value, so the seals of snapshots published
before it still verify, and a value in it is covered like any other."""
import datetime as dt
import hashlib
import json
import sqlite3

from colour_fixtures import workbook as colour_workbook
from plans_data import publish_plan
from sqlalchemy import select

from bvdata import load_tracker, store
from bvdata.store import seal
from bvdata.store.schema import snapshot_actions, snapshots
from bvdata.store.seal import FIGURES, LATER_COLUMNS, ROWS, content_digest, verify_snapshots


def digest_before_later_columns(connection, snapshot_id: int) -> str:
    """The digest as migration 0008's code made it: every column but the later ones."""
    head = connection.execute(select(*[snapshots.c[f] for f in FIGURES]).where(snapshots.c.id == snapshot_id)).one()
    content = {"snapshot": [seal._plain(v) for v in head]}
    for table in ROWS:
        columns = [c for c in table.c if c.name != "snapshot_id" and c.name not in LATER_COLUMNS]
        rows = connection.execute(select(*columns).where(table.c.snapshot_id == snapshot_id).order_by(table.c.position))
        content[table.name] = [[seal._plain(v) for v in row] for row in rows]
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_a_snapshot_with_nothing_in_a_later_column_keeps_the_digest_it_was_sealed_with(tmp_path):
    engine = store.open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    made = publish_plan(engine, "bv", 6, dt.date(2023, 1, 1), name="Plan")
    with engine.connect() as connection:
        assert content_digest(connection, made.id)[1] == digest_before_later_columns(connection, made.id)
    assert verify_snapshots(engine) == (None, 1, 0)


def test_a_status_read_from_a_colour_is_stored_and_sealed(tmp_path):
    path = tmp_path / "s.sqlite"
    engine = store.open_store(f"sqlite:///{path}")
    data = colour_workbook()
    made = store.publish(engine, load_tracker(data, "plan.xlsx"), data, published_by="ana@council.gov.uk")
    with engine.connect() as connection:
        stored = dict(connection.execute(select(snapshot_actions.c.action_id, snapshot_actions.c.colour_only)
                                         .where(snapshot_actions.c.snapshot_id == made.id)).all())
        assert content_digest(connection, made.id)[1] != digest_before_later_columns(connection, made.id)
    assert stored["1"] is None and stored["2"].startswith("colour only: the RAG")
    assert verify_snapshots(engine)[0] is None
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER snapshot_actions_no_update; UPDATE snapshot_actions SET colour_only = NULL;")
    raw.commit()
    raw.close()
    assert "no longer matches the seal" in verify_snapshots(engine)[0]
