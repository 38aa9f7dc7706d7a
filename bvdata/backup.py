"""Backup, restore and move: the whole store in one portable file (a zip of JSON lines), loaded into
an empty store of either kind, SQLite or PostgreSQL, with every row as it was.

The file holds every table: snapshots with their original bytes (checked against their SHA-256 on
the way back in), their actions, theme scores and amendments, the saved column mappings, and the
audit trail. Ids are kept, so events still name the right snapshots.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile

from sqlalchemy import func, insert, select, text

from .errors import StoreError
from .store_schema import (column_mappings, events, officers, snapshot_actions, snapshot_amendments, snapshot_themes,
                           snapshots, update_publications, update_reviews, updates)

FORMAT = "bvtracker-backup"
VERSION = 2
# in the order they must be loaded (snapshots before the rows that name them)
TABLES = (snapshots, snapshot_actions, snapshot_themes, snapshot_amendments, column_mappings, events,
          officers, updates, update_reviews, update_publications)
SINCE = {officers: 2, updates: 2, update_reviews: 2, update_publications: 2}   # the version that added a table
WITH_IDS = (snapshots, column_mappings, events, officers, updates, update_reviews)


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


def backup(engine) -> bytes:
    """The whole store as one zip: a manifest and a JSON-lines file per table."""
    out = io.BytesIO()
    counts = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, engine.connect() as connection:
        for table in TABLES:
            rows = connection.execute(select(table)).mappings().all()
            counts[table.name] = len(rows)
            lines = "".join(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n" for row in rows)
            archive.writestr(f"{table.name}.jsonl", lines)
        archive.writestr("manifest.json", json.dumps({
            "format": FORMAT, "version": VERSION, "written_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "source": engine.dialect.name, "rows": counts}, indent=2))
    return out.getvalue()


def _is_empty(engine) -> bool:
    with engine.connect() as connection:
        return all(connection.execute(select(func.count()).select_from(t)).scalar() == 0 for t in TABLES)


def restore_backup(engine, data: bytes, who: str) -> dict[str, int]:
    """Load a backup into an empty store, in one transaction; refuse a non-empty one."""
    from .audit import BACKUP_RESTORED, record
    from .store import writer
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise StoreError("This is not a Best Value tracker backup: it has no readable manifest.") from None
    version = manifest.get("version")
    if manifest.get("format") != FORMAT or version not in (1, VERSION):
        raise StoreError("This backup is of another format or version, so it was not loaded.")
    if not _is_empty(engine):
        raise StoreError("The store already holds data; a backup is only ever loaded into an empty store, so "
                         "nothing is overwritten. Point BVDATA_DATABASE_URL at a new, empty database.")
    loaded = {}
    with writer(engine) as connection:
        for table in TABLES:
            if SINCE.get(table, 1) > version:        # an older backup: the table did not exist yet
                continue
            rows = [{k: _typed(v) for k, v in json.loads(line).items()}
                    for line in archive.read(f"{table.name}.jsonl").decode("utf-8").splitlines() if line]
            if table is snapshots:
                for row in rows:
                    if hashlib.sha256(row["file_bytes"]).hexdigest() != row["sha256"]:
                        raise StoreError(f"Snapshot {row['id']} in this backup does not match its SHA-256; "
                                         "the backup is damaged and nothing was loaded.")
            if rows:
                connection.execute(insert(table), rows)
            loaded[table.name] = len(rows)
        if loaded != manifest.get("rows"):
            raise StoreError("This backup does not hold the rows its manifest lists; it is incomplete and "
                             "nothing was loaded.")
        if engine.dialect.name == "postgresql":      # new rows must not reuse the ids just loaded
            for table in WITH_IDS:
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
        record(connection, who, BACKUP_RESTORED, None,
               f"Loaded a backup written {manifest.get('written_at')} from {manifest.get('source')}: "
               + ", ".join(f"{n} {name}" for name, n in loaded.items()))
    return loaded
