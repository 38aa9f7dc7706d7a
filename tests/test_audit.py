"""The audit trail on both databases: every change leaves an event, and the database itself refuses
to change or delete one; withdrawing and restoring a snapshot are events, never edits."""
import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from bvdata import audit, load_tracker, store
from bvdata.errors import StoreError
from bvdata.mapping import ColumnMapping, save_mapping
from tests.conftest import ROOT

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
    assert list(trail["action"]) == ["publish", "publish"]
    assert list(trail["snapshot_id"]) == [2, 1] and list(trail["detail"]) == ["Feb 2022", "Feb 2021"]
    assert set(trail["who"]) == {"ana@council.gov.uk"}


@pytest.mark.parametrize("statement", ["UPDATE events SET who = 'someone else'", "DELETE FROM events",
                                       "UPDATE events SET detail = NULL WHERE id = 1"])
def test_the_database_refuses_to_change_the_trail(engine, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement))
    assert len(audit.trail(engine)) == 2


def test_withdraw_and_restore(engine):
    before = audit.version(engine)
    with pytest.raises(StoreError, match="Say why"):
        audit.withdraw(engine, 2, "ana@council.gov.uk", "   ")
    audit.withdraw(engine, 2, "ana@council.gov.uk", "Wrong file: the draft, not the final paper")
    assert audit.version(engine) != before
    assert list(store.list_snapshots(engine)["id"]) == [1]                 # out of the pickers and defaults
    assert store.latest_snapshot_id(engine) == 1
    every = store.list_snapshots(engine, include_withdrawn=True).set_index("id")
    assert every.loc[2, "withdrawn_why"] == "Wrong file: the draft, not the final paper"
    assert every.loc[2, "withdrawn_by"] == "ana@council.gov.uk" and pd.isna(every.loc[1, "withdrawn_by"])
    assert store.snapshot_file(engine, 2)[1] == LATER.read_bytes()        # still in the store, bytes and all
    with pytest.raises(StoreError, match="already withdrawn"):
        audit.withdraw(engine, 2, "x", "again")
    audit.restore(engine, 2, "bob@council.gov.uk")
    assert list(store.list_snapshots(engine)["id"]) == [1, 2]
    with pytest.raises(StoreError, match="not withdrawn"):
        audit.restore(engine, 2, "bob@council.gov.uk")
    assert list(audit.trail(engine)["action"])[:2] == ["restore", "withdraw"]


def test_a_saved_mapping_leaves_an_event(engine):
    mapping = ColumnMapping("Odd layout", "CSV", 1, ["Ref", "Text"], {"A": "action_id", "B": "action"})
    save_mapping(engine, mapping, "ana@council.gov.uk")
    latest = audit.trail(engine, limit=1).iloc[0]
    assert latest["action"] == "mapping" and "A=action_id, B=action" in latest["detail"]


def test_no_such_snapshot(engine):
    with pytest.raises(StoreError, match="no snapshot 9"):
        audit.withdraw(engine, 9, "x", "why")
