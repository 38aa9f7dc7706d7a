"""Backup, restore and move: the whole store in one portable file (a zip of JSON lines), loaded into
an empty store of either kind, SQLite or PostgreSQL, with every row as it was.

The file holds every table: snapshots with their original bytes, their actions, theme scores and
amendments, the saved column mappings, the audit trail, the officers and their updates. Ids are kept,
so events still name the right snapshots.

A backup is signed: its manifest lists each file's SHA-256, and ``signature.hmac`` is the
HMAC-SHA-256 of the manifest under the store's backup key (``[bvtracker] backup_key`` in the secrets,
or BVDATA_BACKUP_KEY). Restore refuses a backup whose signature fails, and an unsigned one unless told
to accept it. Whatever the signature says, restore then re-reads every snapshot's file with its
stored mapping and compares the rows with the stored actions, and verifies the audit trail's chain:
a backup whose figures were edited, or whose events were removed, loads nothing.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

from ..base.errors import StoreError
from .guard import FROM_SETTINGS, may_change
from .schema import (
    column_mappings,
    events,
    officers,
    plans,
    snapshot_actions,
    snapshot_amendments,
    snapshot_themes,
    snapshots,
    update_publications,
    update_returns,
    update_reviews,
    updates,
)

FORMAT = "bvtracker-backup"
VERSION = 5                      # 5: the manifest anchors the audit trail's head
SIGNATURE = "signature.hmac"
MIN_KEY = 16                     # characters: a key shorter than this is refused, never used
# in the order they must be loaded (snapshots before the rows that name them)
TABLES = (plans, snapshots, snapshot_actions, snapshot_themes, snapshot_amendments, column_mappings, events,
          officers, updates, update_reviews, update_publications, update_returns)
# the backup version that added each table
SINCE = {officers: 2, updates: 2, update_reviews: 2, update_publications: 2, update_returns: 3, plans: 4}
WITH_IDS = (plans, snapshots, column_mappings, events, officers, updates, update_reviews, update_returns)
# what a re-read snapshot must agree on with its stored actions, row by row
CHECKED = ("action_id", "action", "completion", "progress", "due_date", "lead_officer", "source_sheet", "source_row")


def backup_key(settings_key: str | None = None, environ=None) -> bytes | None:
    """The key backups are signed with: BVDATA_BACKUP_KEY, else the secrets' [bvtracker] backup_key."""
    import os
    environ = os.environ if environ is None else environ
    key = environ.get("BVDATA_BACKUP_KEY") or settings_key
    if not key:
        return None
    if len(key) < MIN_KEY:
        raise StoreError(f"The backup key must be at least {MIN_KEY} characters long; it is not used.")
    return key.encode("utf-8")


def _signature(key: bytes, manifest: bytes) -> str:
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def _plain(value):
    if isinstance(value, (bytes, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _typed(value):
    if isinstance(value, dict):
        if "base64" in value:
            return base64.b64decode(value["base64"])
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
    return value


def backup(engine, key: bytes | None) -> bytes:
    """The whole store as one zip: a manifest, a JSON-lines file per table, and the manifest's
    signature under ``key`` (None writes an unsigned backup, which restore accepts only when told)."""
    out = io.BytesIO()
    counts, digests = {}, {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, engine.connect() as connection:
        for table in TABLES:
            rows = connection.execute(select(table)).mappings().all()
            counts[table.name] = len(rows)
            lines = "".join(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
                            for row in rows).encode("utf-8")
            digests[f"{table.name}.jsonl"] = hashlib.sha256(lines).hexdigest()
            archive.writestr(f"{table.name}.jsonl", lines)
        head = connection.execute(select(events.c.id, events.c.hash, events.c.at).order_by(events.c.id.desc()).limit(1)).first()
        manifest = json.dumps({
            "format": FORMAT, "version": VERSION, "written_at": dt.datetime.now(dt.UTC).isoformat(),
            "source": engine.dialect.name, "rows": counts, "sha256": digests,
            "chain_head": {"id": head.id, "hash": head.hash, "at": _plain(head.at)} if head else None},
            indent=2).encode("utf-8")
        archive.writestr("manifest.json", manifest)
        if key is not None:
            archive.writestr(SIGNATURE, _signature(key, manifest))
    return out.getvalue()


def _is_empty(engine) -> bool:
    with engine.connect() as connection:
        return all(connection.execute(select(func.count()).select_from(t)).scalar() == 0 for t in TABLES)


def _open(data: bytes, key: bytes | None, unsigned: bool) -> tuple[zipfile.ZipFile, dict]:
    """The archive and its manifest, once the signature (or the permission to go without) is checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        raw = archive.read("manifest.json")
        manifest = json.loads(raw)
        signature = archive.read(SIGNATURE).decode("ascii", "replace").strip() if SIGNATURE in archive.namelist() else None
    except (zipfile.BadZipFile, KeyError, ValueError, RecursionError):
        raise StoreError("This is not a Best Value tracker backup: it has no readable manifest.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") not in (1, 2, 3, 4, VERSION):
        raise StoreError("This backup is of another format or version, so it was not loaded.")
    if signature is None:
        if not unsigned:
            raise StoreError("This backup is not signed, so nothing shows it has not been changed; it was not loaded. "
                             "Restore it with --unsigned only if you know where it has been.")
    elif key is None:           # --unsigned never skips a signature that is there
        raise StoreError("This backup is signed, but no backup key is set to check it with; set BVDATA_BACKUP_KEY "
                         "(or backup_key under [bvtracker] in the secrets) to the key it was written with.")
    elif not hmac.compare_digest(signature, _signature(key, raw)):
        raise StoreError("This backup's signature does not match the backup key: it was changed after it was "
                         "written, or written with another key; nothing was loaded.")
    for name, digest in (manifest.get("sha256") or {}).items():
        try:
            part = archive.read(name)
        except KeyError:
            raise StoreError(f"This backup lacks {name}, which its manifest lists; nothing was loaded.") from None
        if hashlib.sha256(part).hexdigest() != digest:
            raise StoreError(f"{name} in this backup does not match its manifest; the backup was changed or damaged "
                             "and nothing was loaded.")
    return archive, manifest


@dataclass(frozen=True)
class Restored:
    """What a restore loaded (table -> rows) and how old the backup is, in one sentence."""
    rows: dict[str, int]
    age: str


def restore_backup(engine, data: bytes, who: str, key: bytes | None = None, unsigned: bool = False,
                   plan_analysts: dict | str | None = FROM_SETTINGS) -> Restored:
    """Load a backup into an empty store, in one transaction; refuse a non-empty one, a backup whose
    signature fails (or an unsigned one, unless ``unsigned``), and one whose snapshots, re-read, or
    whose audit trail, verified and ending at the head its manifest names, disagree with what it holds."""
    from .audit import BACKUP_RESTORED, record, verify_chain
    from .engine import writer
    may_change(engine, who, None, "restore a backup into", plan_analysts)     # every plan at once
    archive, manifest = _open(data, key, unsigned)
    version = manifest["version"]
    if not _is_empty(engine):
        raise StoreError("The store already holds data; a backup is only ever loaded into an empty store, so "
                         "nothing is overwritten. Point BVDATA_DATABASE_URL at a new, empty database.")
    held = _read_tables(archive, version)
    if version < 4:             # written before plans: its snapshots go into plans as migration 0007 does it
        from .plans import adopt_unplanned
        adopt_unplanned(held)
    loaded = {name: len(rows) for name, rows in held.items() if name != "plans" or version >= 4}
    if loaded != manifest.get("rows"):
        raise StoreError("This backup does not hold the rows its manifest lists; it is incomplete and "
                         "nothing was loaded.")
    _check_head(held.get("events", []), manifest)
    _check_snapshots(held)
    age = backup_age(manifest, held.get("events", []))
    with writer(engine) as connection:
        for table in TABLES:
            rows = held.get(table.name) or []
            if rows:
                try:
                    connection.execute(insert(table), rows)
                except DBAPIError as exc:
                    raise StoreError(f"The rows of {table.name} in this backup cannot be loaded as they are "
                                     f"({str(exc.orig).splitlines()[0][:120]}); nothing was loaded.") from None
        if (broken := verify_chain(connection)) is not None:
            raise StoreError(f"{broken} Nothing was loaded from this backup.")
        if engine.dialect.name == "postgresql":      # new rows must not reuse the ids just loaded
            for table in WITH_IDS:
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
        record(connection, who, BACKUP_RESTORED, None,
               f"Loaded a backup written {manifest.get('written_at')} from {manifest.get('source')}: "
               + ", ".join(f"{n} {name}" for name, n in loaded.items()) + f". {age}")
    return Restored(loaded, age)


def head_in_store(engine, data: bytes, key: bytes | None) -> str | None:
    """None when the store's trail still holds the head event a signed backup names, with the same hash
    (so no event up to the backup was removed or changed); else one sentence. StoreError for a backup that
    is unsigned, fails its signature, or names no head (written before version 5)."""
    _, manifest = _open(data, key, unsigned=False)
    head = manifest.get("chain_head")
    if manifest["version"] < 5 or head is None:
        raise StoreError("This backup names no head of the audit trail (it is older, or of an empty store), so "
                         "it cannot show that no event was removed.")
    with engine.connect() as connection:
        found = connection.execute(select(events.c.hash).where(events.c.id == head["id"])).scalar()
        newest = connection.execute(select(func.max(events.c.id))).scalar() or 0
    if found == head["hash"]:
        return None
    if found is None:
        return (f"The audit trail ends at event {newest}, before event {head['id']}, the newest in the backup "
                f"written {manifest.get('written_at', '')[:10]}: events were removed from its end.")
    return f"Event {head['id']} is not the one the backup written {manifest.get('written_at', '')[:10]} holds: it was changed."


def _read_tables(archive: zipfile.ZipFile, version: int) -> dict[str, list[dict]]:
    """Every table's rows, typed, with each snapshot's bytes checked against its SHA-256."""
    held = {}
    for table in TABLES:
        if SINCE.get(table, 1) > version:        # an older backup: the table did not exist yet
            continue
        try:
            rows = [{k: _typed(v) for k, v in json.loads(line).items()}
                    for line in archive.read(f"{table.name}.jsonl").decode("utf-8").splitlines() if line]
        except (KeyError, ValueError, RecursionError, AttributeError):
            raise StoreError(f"{table.name} in this backup cannot be read; nothing was loaded.") from None
        if table is events and version < 3:        # written before the chain: chained as they load
            rows = _chained(rows)
        if table is snapshots:
            for row in rows:
                if hashlib.sha256(row["file_bytes"]).hexdigest() != row["sha256"]:
                    raise StoreError(f"Snapshot {row['id']} in this backup does not match its SHA-256; "
                                     "the backup is damaged and nothing was loaded.")
        held[table.name] = rows
    return held


def _check_head(rows: list[dict], manifest: dict) -> None:
    """The audit trail must end at the event the manifest names: events removed from the end show."""
    head = manifest.get("chain_head")
    if manifest["version"] < 5:
        return
    last = max(rows, key=lambda r: r["id"]) if rows else None
    if (head is None) != (last is None) or (last is not None and (last["id"] != head.get("id")
                                                                 or last["hash"] != head.get("hash"))):
        raise StoreError("This backup's audit trail does not end at the event its manifest names, so events were "
                         "removed or added after it was written; nothing was loaded.")


def backup_age(manifest: dict, rows: list[dict]) -> str:
    """How old a backup is, against the newest event it carries: 'Written 03 Dec 2026, 2 days ago; its newest
    event is from 01 Dec 2026: anything done after that is not in it.'"""
    try:
        written = dt.datetime.fromisoformat(str(manifest.get("written_at")))
    except ValueError:
        written = None
    newest = max((_as_utc(r["at"]) for r in rows if r.get("at") is not None), default=None)
    now = dt.datetime.now(dt.UTC)
    parts = []
    if written is not None:
        days = (now - _as_utc(written)).days
        parts.append(f"Written {written:%d %b %Y}, " + ("today" if days < 1 else f"{days:,} day{'s' if days != 1 else ''} ago"))
    if newest is not None:
        parts.append(f"its newest event is from {newest:%d %b %Y %H:%M} UTC: anything done in the store after that "
                     "is not in it")
    return ("; ".join(parts) + ".") if parts else "The backup says neither when it was written nor holds any event."


def _as_utc(at) -> dt.datetime:
    at = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _chained(rows: list[dict]) -> list[dict]:
    """Events from a backup written before the audit trail was a chain, given their hashes in order."""
    from .audit import event_hash
    previous = None
    for row in sorted(rows, key=lambda r: r["id"]):
        row["prev_hash"] = previous
        row["hash"] = previous = event_hash(previous, row["at"], row["who"], row["action"], row["snapshot_id"],
                                            row["detail"])
    return rows


def _check_snapshots(held: dict[str, list[dict]]) -> None:
    """Re-read every snapshot's file with the mapping it was read with, and compare its rows with the
    actions the backup holds for it; StoreError naming the first that differs."""

    from ..base.errors import TrackerError
    from ..read.assembly.mapping import ColumnMapping
    from ..read.assembly.tracker import load_tracker
    from .snapshots import actions_frame
    by_snapshot: dict[int, list[dict]] = {}
    for row in held.get("snapshot_actions", []):
        by_snapshot.setdefault(row["snapshot_id"], []).append(row)
    publishers = {e["snapshot_id"]: e["who"] for e in held.get("events", []) if e["action"] == "publish"}
    for snap in held.get("snapshots", []):
        if snap["id"] in publishers and publishers[snap["id"]] != snap["published_by"][:200]:
            raise StoreError(f"Snapshot {snap['id']} in this backup names another publisher than its audit trail "
                             "does; it was changed after it was published, and nothing was loaded.")
        stored = actions_frame(sorted(by_snapshot.get(snap["id"], []), key=lambda r: r["position"]))
        mapping = snap.get("mapping_json")
        try:
            read = load_tracker(snap["file_bytes"], snap["filename"],
                                mappings=[ColumnMapping.from_json(mapping)] if mapping else ()).actions
        except TrackerError as exc:
            raise StoreError(f"Snapshot {snap['id']}'s file in this backup cannot be read again ({exc}); nothing "
                             "was loaded.") from None
        differs = len(read) != len(stored) or len(read) != snap["action_count"]
        for column in CHECKED if not differs else ():
            left, right = read[column].reset_index(drop=True), stored[column].reset_index(drop=True)
            same = (left == right) | (left.isna() & right.isna())
            if not bool(same.all()):
                row = int(same.idxmin())
                differs = f"its action {stored['action_id'].iloc[row]} ({column})"
                break
        if differs:
            what = differs if isinstance(differs, str) else f"its {len(stored)} stored actions against {len(read)} read"
            raise StoreError(f"Snapshot {snap['id']} in this backup does not match its own file ({what}): its "
                             "figures were changed after it was published; nothing was loaded.")
