"""A snapshot's seal: its publish event names the file's SHA-256, its row count and a digest of everything
stored for it (its figures, and every row of its actions, theme scores and amendments), so the hash chain
covers the snapshot's content, not only the trail. ``verify_snapshots`` recomputes every digest from the
rows the store holds now (``doctor --verify``): a figure changed outside the app shows, even by someone
who dropped the append-only triggers.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from sqlalchemy import select

from .schema import events, snapshot_actions, snapshot_amendments, snapshot_themes, snapshots

# the snapshot's own fields that the digest covers (its bytes are covered by the file's SHA-256)
FIGURES = ("label", "as_at", "published_by", "filename", "sha256", "action_count", "warning_count",
           "theme_score_count", "complete_count", "overdue_count", "closed_count", "mean_completion", "mapping_json",
           "noun", "plan_id")
ROWS = (snapshot_actions, snapshot_themes, snapshot_amendments)
LATER_COLUMNS = {"colour_only"}        # added to a sealed table after migration 0008 (0009)
_SEAL = re.compile(r"\(sealed: file ([0-9a-f]{64}), (\d+) rows, content ([0-9a-f]{64})\)$")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def content_digest(connection, snapshot_id: int) -> tuple[int, str]:
    """(the number of action rows, the SHA-256 of the snapshot's figures and every row stored for it), read
    from the database, so the digest at publish and at verification are made from the same values."""
    head = connection.execute(select(*[snapshots.c[f] for f in FIGURES]).where(snapshots.c.id == snapshot_id)).one()
    content = {"snapshot": [_plain(v) for v in head]}
    count = 0
    for table in ROWS:
        columns = [c for c in table.c if c.name != "snapshot_id"]
        rows = connection.execute(select(*columns).where(table.c.snapshot_id == snapshot_id)
                                  .order_by(table.c.position)).all()
        # a column added after sealing began counts only where it holds a value, so older seals still verify
        later = [k for k, c in enumerate(columns) if c.name in LATER_COLUMNS]
        content[table.name] = [[_plain(v) for k, v in enumerate(row) if k not in later or v is not None]
                               for row in rows]
        count = len(rows) if table is snapshot_actions else count
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return count, hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sealed_detail(connection, label: str, snapshot_id: int, sha256: str) -> str:
    """The publish event's detail: the label, then the seal."""
    count, digest = content_digest(connection, snapshot_id)
    return f"{label} (sealed: file {sha256}, {count} rows, content {digest})"


def seal_of(detail: str | None) -> tuple[str, int, str] | None:
    found = _SEAL.search(detail or "")
    return (found.group(1), int(found.group(2)), found.group(3)) if found else None


def verify_snapshots(engine) -> tuple[str | None, int, int]:
    """(None or one sentence naming the first snapshot that no longer matches its seal or its file, how many
    were checked against their seal, how many were published before seals and checked by their file only)."""
    with engine.connect() as connection:
        seals = {r.snapshot_id: seal_of(r.detail) for r in connection.execute(
            select(events.c.snapshot_id, events.c.detail).where(events.c.action == "publish").order_by(events.c.id))}
        sealed = unsealed = 0
        for snap in connection.execute(select(snapshots.c.id, snapshots.c.sha256, snapshots.c.file_bytes)
                                       .order_by(snapshots.c.id)).all():
            if hashlib.sha256(bytes(snap.file_bytes)).hexdigest() != snap.sha256:
                return f"Snapshot {snap.id}'s file no longer matches its SHA-256: it was changed outside the app.", sealed, unsealed
            if snap.id not in seals:
                return (f"Snapshot {snap.id} has no publish event in the audit trail: it was added outside the "
                        "app."), sealed, unsealed
            seal = seals[snap.id]
            if seal is None:
                unsealed += 1
                continue
            count, digest = content_digest(connection, snap.id)
            if seal != (snap.sha256, count, digest):
                return (f"Snapshot {snap.id} no longer matches the seal in its publish event (its file, its "
                        f"{count:,} rows or its figures were changed outside the app)."), sealed, unsealed
            sealed += 1
    return None, sealed, unsealed
