"""Backup, restore and move: every row, every byte, from SQLite to PostgreSQL and back."""
import datetime as dt
import hashlib

import pandas as pd
import pytest
from sqlalchemy import select

from bvdata import load_tracker, store
from bvdata.base.access import ANALYST, VIEWER, Identity
from bvdata.base.errors import StoreError
from bvdata.owners.officers import save_officers
from bvdata.owners.reviewed import publish_reviewed
from bvdata.owners.updates import Proposal, review, submit
from bvdata.read.assembly.mapping import ColumnMapping
from bvdata.store import audit, backup, withdrawals
from bvdata.store.mappings import save_mapping
from tests.conftest import ROOT

KEY = b"a test key of thirty-two bytes!!"
FILES = [ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"]


def filled(url):
    engine = store.open_store(url)
    for path in FILES:
        store.publish(engine, load_tracker(path), path.read_bytes(), label=path.stem, published_by="ana@council.gov.uk")
    save_mapping(engine, ColumnMapping("Odd", "CSV", 1, ["Ref", "Text"], {"A": "action_id", "B": "action"}), "ana",
                 plan=store.snapshot_info(engine, 1).plan_id)
    withdrawals.withdraw(engine, 1, "bob@council.gov.uk", "Published by mistake")
    # an officer's update, accepted and published: officers, updates, decisions and provenance travel too
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "test")
    clair, ana = Identity("clair@example.org", VIEWER, True), Identity("ana@council.gov.uk", ANALYST, True)
    actions = store.snapshot_actions_frame(engine, 2)
    update = submit(engine, clair, 2, int(actions.index[actions["lead_officer"] == "Clair Hepburn"][0]),
                    Proposal(completion=95, note="Nearly there"))
    review(engine, ana, update, True, "Agreed")
    publish_reviewed(engine, ana, as_at=dt.date(2022, 6, 1))
    return engine


def everything(engine) -> dict:
    """Each table's rows as comparable tuples (bytes hashed, dates as text)."""
    out = {}
    with engine.connect() as connection:
        for table in backup.TABLES:
            rows = []
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                rows.append(tuple((k, hashlib.sha256(bytes(v)).hexdigest() if isinstance(v, (bytes, memoryview))
                                   else str(v)[:19] if k in ("published_at", "at", "saved_at", "submitted_at", "reviewed_at", "created_at") else v)
                                  for k, v in sorted(row.items())))
            out[table.name] = rows
    return out


@pytest.fixture
def target_url(store_url):
    return store_url


def test_a_round_trip_keeps_every_row_and_byte(tmp_path, target_url):
    source = filled(f"sqlite:///{tmp_path / 'source.sqlite'}")
    data = backup.backup(source, KEY)
    target = store.open_store(target_url)
    loaded = backup.restore_backup(target, data, "it@council.gov.uk", key=KEY).rows
    assert loaded["snapshots"] == 3 and loaded["events"] == 9 and loaded["column_mappings"] == 1
    assert (loaded["officers"], loaded["updates"], loaded["update_reviews"], loaded["update_publications"]) == (1, 1, 1, 2)
    before, after = everything(source), everything(target)
    after["events"] = after["events"][:-1]          # the restore itself is the one new event
    assert before == after
    info = {s.id: s for s in (store.snapshot_info(target, i) for i in (1, 2))}
    assert info[2].sha256 == hashlib.sha256(FILES[1].read_bytes()).hexdigest() and info[2].as_at.isoformat() == "2022-02-14"
    assert list(store.list_snapshots(target)["id"]) == [2, 3]             # 1 still withdrawn: its events came too
    assert audit.trail(target, limit=1).iloc[0]["action"] == "backup restored"
    # new rows after a restore take new ids (PostgreSQL's sequences are moved on)
    csv = b"Position as at 1 March 2023\nNo.,Action,Timescales\n1,A,31/12/2030\n"
    from bvdata.store.publishing import NewPlan
    info = store.publish(target, load_tracker(csv, "new.csv"), csv, label="again", published_by="x",
                         plan=NewPlan("Another plan"))
    assert info.id == 4 and info.plan_id == 2


def test_a_non_empty_store_is_refused(tmp_path):
    source = filled(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with pytest.raises(StoreError, match="already holds data"):
        backup.restore_backup(source, backup.backup(source, KEY), "x", key=KEY)


def test_a_damaged_backup_loads_nothing(tmp_path):
    import io
    import zipfile
    source = filled(f"sqlite:///{tmp_path / 'a.sqlite'}")
    data = backup.backup(source, KEY)
    parts = {n: zipfile.ZipFile(io.BytesIO(data)).read(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    parts["snapshots.jsonl"] = parts["snapshots.jsonl"].replace(b'"sha256": "', b'"sha256": "0', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    empty = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError):
        backup.restore_backup(empty, out.getvalue(), "x", key=KEY)
    assert backup._is_empty(empty)
    with pytest.raises(StoreError, match="not a Best Value tracker backup"):
        backup.restore_backup(empty, b"not a zip", "x", key=KEY)


def test_a_backup_written_before_officers_and_updates_still_loads(tmp_path):
    import io
    import json
    import zipfile
    engine = store.open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    store.publish(engine, load_tracker(FILES[1]), FILES[1].read_bytes(), label="Feb 2022", published_by="ana")
    data = backup.backup(engine, None)
    old = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(old.read("manifest.json"))
    manifest["version"] = 1
    del manifest["sha256"]                        # version 1 listed no digests, and had no later tables
    later = ("officers", "updates", "update_reviews", "update_publications", "update_returns", "plans")
    for name in later:
        del manifest["rows"][name]

    def as_then(name: str) -> bytes:
        """A table as version 1 wrote it: no plans, and no column that came with them."""
        rows = [json.loads(line) for line in old.read(name).decode().splitlines() if line]
        for row in rows:
            for column in ("plan_id", "closed_count"):
                row.pop(column, None)
            if name == "events.jsonl":
                row.pop("prev_hash", None), row.pop("hash", None)
        return "".join(json.dumps(r) + "\n" for r in rows if not (name == "events.jsonl" and r["action"] == "plan created")).encode()
    manifest["rows"]["events"] -= 1
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in old.namelist():
            if n.split(".")[0] in later:
                continue
            z.writestr(n, json.dumps(manifest) if n == "manifest.json" else
                       as_then(n) if n in ("snapshots.jsonl", "events.jsonl") else old.read(n))
    target = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    loaded = backup.restore_backup(target, out.getvalue(), "it", unsigned=True).rows
    assert loaded["snapshots"] == 1 and "updates" not in loaded and "plans" not in loaded
    # written before plans, its snapshot goes into one plan, as migration 0007 puts a store's
    from bvdata.store.plans import list_plans
    assert [p.name for p in list_plans(target)] == ["Best Value plan"]
    assert int(store.list_snapshots(target)["plan_id"].iloc[0]) == list_plans(target)[0].id


# --- issue 21: a forged backup loads nothing -----------------------------------------------------------

def _forged(data: bytes, edit, keep_signature: bool = False) -> bytes:
    """The backup with its tables edited by ``edit(tables)`` and the manifest made to agree (counts and
    digests), as a forger who has the file but not the key would; the old signature kept, or dropped."""
    import io
    import json
    import zipfile
    source = zipfile.ZipFile(io.BytesIO(data))
    tables = {n[:-6]: [json.loads(line) for line in source.read(n).decode().splitlines() if line]
              for n in source.namelist() if n.endswith(".jsonl")}
    edit(tables)
    manifest = json.loads(source.read("manifest.json"))
    parts = {f"{name}.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
             for name, rows in tables.items()}
    manifest["rows"] = {name: len(rows) for name, rows in tables.items()}
    manifest["sha256"] = {name: hashlib.sha256(part).hexdigest() for name, part in parts.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, part in parts.items():
            target.writestr(name, part)
        target.writestr("manifest.json", json.dumps(manifest))
        if keep_signature:
            target.writestr(backup.SIGNATURE, source.read(backup.SIGNATURE))
    return out.getvalue()


def _every_percent(tables):
    for row in tables["snapshot_actions"]:
        row["completion"] = 100.0
        row["progress"] = "complete"


def _other_file(tables):
    import base64
    import io

    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(FILES[1].read_bytes()))
    book["Action Plan"]["G13"] = 0.1                    # action 1 at 10% in the file, not the 100% stored
    out = io.BytesIO()
    book.save(out)
    other = out.getvalue()
    for row in tables["snapshots"]:
        if row["id"] == 2:
            row["file_bytes"] = {"base64": base64.b64encode(other).decode()}
            row["sha256"] = hashlib.sha256(other).hexdigest()


def _publisher(tables):
    for row in tables["snapshots"]:
        row["published_by"] = "someone.else@council.gov.uk"


def _no_withdrawals(tables):
    tables["events"] = [e for e in tables["events"] if e["action"] != "withdraw"]


@pytest.mark.parametrize("edit, words", [
    (_every_percent, "Snapshot 1 in this backup does not match its own file"),
    (_other_file, "Snapshot 2 in this backup does not match its own file"),
    (_publisher, "names another publisher than its audit trail"),
    (_no_withdrawals, "The audit trail is broken at event"),
])
def test_a_forged_backup_loads_nothing(tmp_path, edit, words):
    """Finding: restore checked each file's SHA-256 against the value in the same backup, so changing the
    bytes and the hash together, the publisher, every action's %, or deleting withdraw events went
    undetected. Signed, each is refused by the signature; even told to load it unsigned, each is refused
    by re-reading the snapshots or by the event chain."""
    data = backup.backup(filled(f"sqlite:///{tmp_path / 'a.sqlite'}"), KEY)
    empty = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError, match="signature does not match"):
        backup.restore_backup(empty, _forged(data, edit, keep_signature=True), "x", key=KEY)
    with pytest.raises(StoreError, match="not signed"):
        backup.restore_backup(empty, _forged(data, edit), "x", key=KEY)
    with pytest.raises(StoreError, match=words):
        backup.restore_backup(empty, _forged(data, edit), "x", key=KEY, unsigned=True)
    assert backup._is_empty(empty)


def test_a_signed_backup_needs_its_key(tmp_path):
    data = backup.backup(filled(f"sqlite:///{tmp_path / 'a.sqlite'}"), KEY)
    empty = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError, match="no backup key is set"):
        backup.restore_backup(empty, data, "x")
    with pytest.raises(StoreError, match="signature does not match"):
        backup.restore_backup(empty, data, "x", key=b"another key, also long enough")
    assert backup.restore_backup(empty, data, "x", key=KEY).rows["snapshots"] == 3
