"""The audit trail on both databases: every change leaves an event, and the database itself refuses
to change or delete one; withdrawing and restoring a snapshot are events, never edits."""
import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from bvdata import load_tracker, store
from bvdata.base.errors import StoreError
from bvdata.read.assembly.mapping import ColumnMapping
from bvdata.store import audit, withdrawals
from bvdata.store.mappings import save_mapping
from bvdata.store.seal import seal_of
from tests.conftest import ROOT
from tests.helpers import raw_sqlite_refuses, sqlite_store

EARLIER = ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"
LATER = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"


@pytest.fixture
def engine(store_url):
    engine = store.open_store(store_url)
    for path, label in ((EARLIER, "Feb 2021"), (LATER, "Feb 2022")):
        store.publish(engine, load_tracker(path), path.read_bytes(), label=label, published_by="ana@council.gov.uk")
    yield engine
    engine.dispose()


def test_publish_leaves_an_event(engine):
    trail = audit.trail(engine)
    assert list(trail["action"]) == ["publish", "publish", "plan created"]       # the first publish made the plan
    assert list(trail["snapshot_id"])[:2] == [2, 1]
    # each publish event carries its label and the snapshot's seal (file SHA-256, rows, content digest)
    assert [d.split(" (sealed: ")[0] for d in trail["detail"][:2]] == ["Feb 2022", "Feb 2021"]
    assert all(seal_of(d) is not None for d in trail["detail"][:2])
    assert set(trail["who"]) == {"ana@council.gov.uk"}


@pytest.mark.parametrize("statement", ["UPDATE events SET who = 'someone else'", "DELETE FROM events",
                                       "UPDATE events SET detail = NULL WHERE id = 1"])
def test_the_database_refuses_to_change_the_trail(engine, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement))
    assert len(audit.trail(engine)) == 3


def test_withdraw_and_restore(engine):
    before = audit.version(engine)
    with pytest.raises(StoreError, match="Say why"):
        withdrawals.withdraw(engine, 2, "ana@council.gov.uk", "   ")
    withdrawals.withdraw(engine, 2, "ana@council.gov.uk", "Wrong file: the draft, not the final paper")
    assert audit.version(engine) != before
    assert list(store.list_snapshots(engine)["id"]) == [1]                 # out of the pickers and defaults
    assert store.latest_snapshot_id(engine) == 1
    every = store.list_snapshots(engine, include_withdrawn=True).set_index("id")
    assert every.loc[2, "withdrawn_why"] == "Wrong file: the draft, not the final paper"
    assert every.loc[2, "withdrawn_by"] == "ana@council.gov.uk" and pd.isna(every.loc[1, "withdrawn_by"])
    assert store.snapshot_file(engine, 2)[1] == LATER.read_bytes()        # still in the store, bytes and all
    with pytest.raises(StoreError, match="already withdrawn"):
        withdrawals.withdraw(engine, 2, "x", "again")
    withdrawals.restore(engine, 2, "bob@council.gov.uk")
    assert list(store.list_snapshots(engine)["id"]) == [1, 2]
    with pytest.raises(StoreError, match="not withdrawn"):
        withdrawals.restore(engine, 2, "bob@council.gov.uk")
    assert list(audit.trail(engine)["action"])[:2] == ["restore", "withdraw"]


def test_a_saved_mapping_leaves_an_event(engine):
    mapping = ColumnMapping("Odd layout", "CSV", 1, ["Ref", "Text"], {"A": "action_id", "B": "action"})
    from bvdata.store.plans import plan_by_id
    plan = plan_by_id(engine, store.snapshot_info(engine, 1).plan_id)
    save_mapping(engine, mapping, "ana@council.gov.uk", plan=plan.id)
    latest = audit.trail(engine, limit=1).iloc[0]
    assert latest["action"] == "mapping" and "A=action_id, B=action" in latest["detail"]
    assert f"for the plan '{plan.name}'" in latest["detail"]


def test_no_such_snapshot(engine):
    with pytest.raises(StoreError, match="no snapshot 9"):
        withdrawals.withdraw(engine, 9, "x", "why")


# --- issue 21: the trail cannot be rewritten, and a change outside the app is found ---------------------

@pytest.mark.parametrize("statement", [
    "INSERT OR REPLACE INTO events (id, at, who, action) VALUES (1, '2026-01-01', 'someone else', 'publish')",
    "REPLACE INTO events (id, at, who, action) VALUES (2, '2026-01-01', 'someone else', 'publish')",
])
def test_replace_never_rewrites_an_event(tmp_path, statement):
    """Finding: on SQLite, INSERT OR REPLACE replaced an event (the triggers refused only UPDATE and DELETE).
    Tried through a raw connection that never ran the app's own settings."""
    engine = sqlite_store(tmp_path / "s.sqlite", LATER, EARLIER)
    raw_sqlite_refuses(tmp_path / "s.sqlite", statement)
    assert set(audit.trail(engine)["who"]) == {"ana@council.gov.uk"} and audit.verify_chain(engine) is None


def test_an_upsert_is_refused_too(engine):
    with pytest.raises(DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO events (id, at, who, action) VALUES (1, CURRENT_TIMESTAMP, 'x', "
                                    "'publish') ON CONFLICT (id) DO UPDATE SET who = 'x'"))
    assert audit.verify_chain(engine) is None


def test_every_event_is_chained_to_the_one_before(engine):
    trail = audit.trail(engine).iloc[::-1]
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT prev_hash, hash FROM events ORDER BY id")).all()
    assert rows[0][0] is None and rows[1][0] == rows[0][1] and len({r[1] for r in rows}) == len(trail) == 3
    assert audit.verify_chain(engine) is None


@pytest.mark.parametrize("tamper, words", [
    ("UPDATE events SET who = 'mallory' WHERE id = 1", "event 1: it no longer matches its hash"),
    ("DELETE FROM events WHERE id = 1", "event 2: the event before it is not the one"),
])
def test_a_trail_changed_outside_the_app_is_found_by_doctor(tmp_path, tamper, words, capsys):
    import sqlite3

    from bvdata.cli.main import main
    path = tmp_path / "s.sqlite"
    engine = store.open_store(f"sqlite:///{path}")
    for source, label in ((EARLIER, "Feb 2021"), (LATER, "Feb 2022")):
        store.publish(engine, load_tracker(source), source.read_bytes(), label=label, published_by="ana")
    raw = sqlite3.connect(path)                    # someone with the file drops the guards and edits it
    raw.executescript("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
    raw.execute(tamper)
    raw.commit()
    raw.close()
    assert words in audit.verify_chain(engine)
    assert main(["doctor", "--database", f"sqlite:///{path}"]) == 1
    assert any(line.startswith("FAIL audit trail") and words in line for line in capsys.readouterr().out.splitlines())


def test_migrating_a_store_from_before_the_chain_chains_its_events(store_url):
    """A store at revision 0004 (the landed schema) keeps every event and gains its hashes."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    url = store.database_url(store_url)
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(text("INSERT INTO events (at, who, action, detail) VALUES "
                                "('2024-01-01 10:00:00.000000', 'ana', 'publish', 'Jan'), "
                                "('2024-02-01 10:00:00.000000', 'bob', 'withdraw', 'Wrong')"))
    engine.dispose()
    upgraded = store.open_store(url)
    assert list(audit.trail(upgraded)["who"]) == ["bob", "ana"] and audit.verify_chain(upgraded) is None
