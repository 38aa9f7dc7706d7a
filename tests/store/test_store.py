"""The snapshot store, against SQLite and a real PostgreSQL server (no mocks)."""
import os
import subprocess
import sys
import threading

import pytest
from helpers import csv_bytes
from sqlalchemy import func, select

from bvdata import load_tracker
from bvdata.store import (
    DuplicateSnapshot,
    NeedsConfirmation,
    list_snapshots,
    open_store,
    publish,
    slip_counts,
    snapshot_actions_frame,
    snapshot_tracker,
)
from bvdata.store.schema import snapshot_actions, snapshots
from tests.conftest import ROOT, SAMPLE

EARLIER = ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"


def tracker_bytes(n: int, salt: str = "") -> bytes:
    rows = [["No.", "Action", "Timescales", "% Complete"]]
    rows += [[str(i), f"Action {i} {salt}", "31/03/2023", f"{(i * 7) % 101}%"] for i in range(1, n + 1)]
    return csv_bytes(rows)


def publish_bytes(engine, data: bytes, name="t.csv", **kwargs):
    return publish(engine, load_tracker(data, name), data, **kwargs)


def test_publish_records_everything_and_round_trips(store_url):
    engine = open_store(store_url)
    data = SAMPLE.read_bytes()
    tracker = load_tracker(data, SAMPLE.name)
    info = publish(engine, tracker, data, label="Audit & Scrutiny Committee, 14 Feb 2022", published_by="analyst@x")
    assert info.id == 1 and info.action_count == 40 and info.sha256 == tracker.sha256
    listed = list_snapshots(engine).iloc[0]
    assert listed["label"] == "Audit & Scrutiny Committee, 14 Feb 2022" and listed["published_by"] == "analyst@x"
    assert listed["complete_count"] == 17 and listed["overdue_count"] == 2
    stored = snapshot_actions_frame(engine, 1)
    assert list(stored["action_id"]) == list(tracker.actions["action_id"])
    assert stored["completion"].equals(tracker.actions["completion"])
    assert stored["due_date"].equals(tracker.actions["due_date"])
    assert snapshot_tracker(engine, 1).sha256 == tracker.sha256        # the original bytes are kept


def test_byte_identical_file_is_detected(store_url):
    engine = open_store(store_url)
    publish_bytes(engine, tracker_bytes(5))
    with pytest.raises(DuplicateSnapshot, match="already published as snapshot 1"):
        publish_bytes(engine, tracker_bytes(5))
    assert len(list_snapshots(engine)) == 1


def test_large_drop_needs_confirmation(store_url):
    engine = open_store(store_url)
    publish_bytes(engine, tracker_bytes(10))
    with pytest.raises(NeedsConfirmation) as info:
        publish_bytes(engine, tracker_bytes(5, "x"))
    assert len(info.value.dropped) == 5
    assert len(list_snapshots(engine)) == 1
    publish_bytes(engine, tracker_bytes(5, "x"), confirm_drop=True)
    assert len(list_snapshots(engine)) == 2


def test_slips_are_counted_across_snapshots(store_url):
    engine = open_store(store_url)
    for version, due in enumerate(("31/03/2022", "30/06/2022", "30/06/2022", "30/09/2022")):
        data = csv_bytes([["No.", "Action", "Timescales", "Notes"], ["1", "a", due, f"update {version}"],
                          ["2", "b", "31/12/2022", ""]])
        publish_bytes(engine, data)
    assert slip_counts(engine, 4).to_dict() == {"1": 2}
    assert slip_counts(engine, 2).to_dict() == {"1": 1}


def test_reopening_an_existing_store_keeps_its_data(store_url):
    publish_bytes(open_store(store_url), tracker_bytes(3))
    assert len(list_snapshots(open_store(store_url))) == 1


def test_two_publishes_at_once_both_land(store_url):
    engine = open_store(store_url)
    errors = []

    def run(salt):
        try:
            publish_bytes(engine, tracker_bytes(300, salt), confirm_drop=True)
        except Exception as exc:  # the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(list_snapshots(engine)["action_count"]) == [300, 300]


def test_a_reader_never_sees_half_a_snapshot(store_url):
    engine = open_store(store_url)
    done = threading.Event()
    seen = []

    def read():
        while not done.is_set():
            with engine.connect() as c:
                counts = dict(c.execute(select(snapshots.c.id, snapshots.c.action_count)).all())
                stored = dict(c.execute(select(snapshot_actions.c.snapshot_id, func.count())
                                        .group_by(snapshot_actions.c.snapshot_id)).all())
            seen.append(all(stored.get(k, 0) == v for k, v in counts.items()))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for salt in "abc":
            publish_bytes(engine, tracker_bytes(2000, salt), confirm_drop=True)
    finally:
        done.set()
        reader.join(30)
    assert seen and all(seen)


KILL_MIDWAY = """
import os, signal, sys
from bvdata import load_tracker
from bvdata.store.engine import open_store
from bvdata.store.publishing import publish
url, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
def die(step):
    if step == "actions stored":
        os.kill(os.getpid(), signal.SIGKILL)
publish(open_store(url), load_tracker(data, "t.csv"), data, progress=die)
"""


def test_a_publish_killed_midway_leaves_no_partial_snapshot(store_url, tmp_path):
    engine = open_store(store_url)
    path = tmp_path / "t.csv"
    path.write_bytes(tracker_bytes(500))
    proc = subprocess.run([sys.executable, "-c", KILL_MIDWAY, store_url, str(path)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-500:]
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(snapshots)).scalar() == 0
        assert c.execute(select(func.count()).select_from(snapshot_actions)).scalar() == 0
    publish_bytes(engine, path.read_bytes())      # and the store still works
    assert len(list_snapshots(engine)) == 1


def test_sample_history_publishes_and_compares(store_url):
    engine = open_store(store_url)
    for path in (EARLIER, SAMPLE):
        data = path.read_bytes()
        publish(engine, load_tracker(data, path.name), data)
    assert list(list_snapshots(engine)["action_count"]) == [40, 40]
