"""The audit trail: who did what, when, on which snapshot. Append-only, and the database refuses any
UPDATE or DELETE on it (migration 0003). Withdrawn snapshots are read from it, never marked in place."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, insert, select

from .store_schema import events

PUBLISH, WITHDRAW, RESTORE, MAPPING, SIGN_IN, BACKUP_RESTORED = (
    "publish", "withdraw", "restore", "mapping", "sign-in", "backup restored")


def record(connection, who: str, action: str, snapshot_id: int | None = None, detail: str | None = None) -> None:
    """Add one event, inside the caller's transaction (so it lands with the change it records)."""
    connection.execute(insert(events).values(at=dt.datetime.now(dt.timezone.utc), who=(who or "unknown")[:200],
                                             action=action, snapshot_id=snapshot_id,
                                             detail=(detail or None) and detail[:2000]))


def trail(engine, limit: int | None = None) -> pd.DataFrame:
    """Every event, newest first."""
    query = select(events).order_by(events.c.id.desc())
    if limit:
        query = query.limit(limit)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=["id", "at", "who", "action", "snapshot_id", "detail"])


@dataclass(frozen=True)
class Withdrawal:
    who: str
    at: dt.datetime
    why: str


def withdrawn(engine) -> dict[int, Withdrawal]:
    """Snapshot id -> its withdrawal, for every snapshot whose latest withdraw/restore event is a withdrawal."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(events.c.snapshot_id, events.c.action, events.c.who, events.c.at, events.c.detail)
            .where(events.c.action.in_([WITHDRAW, RESTORE])).order_by(events.c.id)).all()
    state: dict[int, Withdrawal | None] = {}
    for snapshot_id, action, who, at, detail in rows:
        state[snapshot_id] = Withdrawal(who, at, detail or "") if action == WITHDRAW else None
    return {k: v for k, v in state.items() if v is not None}


def version(engine) -> tuple[int, int]:
    """What the store holds, cheaply: (latest event id, number of events). Every change to what the
    dashboard shows is an event, so caches keyed on this agree across app processes."""
    with engine.connect() as connection:
        latest, count = connection.execute(select(func.max(events.c.id), func.count())).one()
    return int(latest or 0), int(count)


def withdraw(engine, snapshot_id: int, who: str, reason: str) -> None:
    """Take a snapshot out of the pickers and the defaults; it stays in the store with its bytes."""
    from .errors import StoreError
    from .store import snapshot_info, writer
    if not (reason or "").strip():
        raise StoreError("Say why the snapshot is withdrawn: the reason is kept in the audit trail.")
    info = snapshot_info(engine, snapshot_id)
    if snapshot_id in withdrawn(engine):
        raise StoreError(f"Snapshot {snapshot_id} ('{info.label}') is already withdrawn.")
    with writer(engine) as connection:
        record(connection, who, WITHDRAW, snapshot_id, reason.strip())


def restore(engine, snapshot_id: int, who: str) -> None:
    """Put a withdrawn snapshot back in the pickers and the history."""
    from .errors import StoreError
    from .store import snapshot_info, writer
    info = snapshot_info(engine, snapshot_id)
    if snapshot_id not in withdrawn(engine):
        raise StoreError(f"Snapshot {snapshot_id} ('{info.label}') is not withdrawn, so there is nothing to restore.")
    with writer(engine) as connection:
        record(connection, who, RESTORE, snapshot_id)
