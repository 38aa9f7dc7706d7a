"""The audit trail: who did what, when, on which snapshot. Append-only, and the database refuses any
UPDATE or DELETE on it (migration 0003), and on SQLite any INSERT that would replace an event (0005).
Withdrawn snapshots are read from it, never marked in place (``withdrawals`` records them).

The trail is a hash chain: each event holds the hash of the one before it and its own hash over that
and its fields (``event_hash``, which must never change), so an event changed, removed or slipped in
outside the app breaks the chain; ``verify_chain`` says where (run by ``doctor`` and by restore).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, insert, select, text

from ..base.cleantext import clean
from .schema import events

# Every kind of event the app records, each in one place with what it means (record() takes only these).
EVENTS = {
    "publish": "A tracker was published as a snapshot (its label in the detail).",
    "withdraw": "A snapshot was taken out of the pickers and the defaults (the reason in the detail).",
    "restore": "A withdrawn snapshot was put back.",
    "mapping": "A column mapping was saved.",
    "sign-in": "A signed-in person's role was decided (once per session).",
    "backup restored": "A backup was loaded into an empty store.",
    "officers": "The officer table (names to email addresses) was replaced.",
    "update submitted": "A lead officer proposed an update on one of their actions.",
    "update reviewed": "An analyst accepted or rejected an update.",
    "update returned": "An accepted update was not applied, because its action changed (the reason in the detail).",
    "refused": "A request was refused on the server (who asked for what in the detail).",
    "published without": "Reviewed updates were published in a copy that lacks what openpyxl cannot keep.",
    "reminders sent": "Reminder emails were sent (to whom in the detail).",
    "plan created": "A plan was created (its kind and body in the detail).",
    "plan withdrawn": "A whole plan was taken out of the dashboard (the reason in the detail).",
    "plan restored": "A withdrawn plan was put back.",
    "plan renamed": "A plan was given a new name (exactly the new name in the detail; the plans table keeps the first).",
}
PUBLISH, WITHDRAW, RESTORE, MAPPING, SIGN_IN, BACKUP_RESTORED = (
    "publish", "withdraw", "restore", "mapping", "sign-in", "backup restored")
OFFICERS, SUBMITTED, REVIEWED, RETURNED, REFUSED = (
    "officers", "update submitted", "update reviewed", "update returned", "refused")
PUBLISHED_WITHOUT, REMINDED = "published without", "reminders sent"
PLAN_CREATED, PLAN_WITHDRAWN, PLAN_RESTORED, PLAN_RENAMED = "plan created", "plan withdrawn", "plan restored", "plan renamed"


def _utc_text(at) -> str:
    """An event's time as hashed: UTC, to the microsecond, however the database returned it."""
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def event_hash(previous: str | None, at, who: str, action: str, snapshot_id: int | None, detail: str | None,
               plan_id: int | None = None) -> str:
    """The hash an event holds: SHA-256 over the previous event's hash and this event's fields. Never
    change it: every stored chain (and migration 0005) was made with it. An event that names a plan
    (migration 0007) has it hashed too; one that does not hashes as every event before plans did."""
    fields = [previous or "", _utc_text(at), who, action, snapshot_id, detail] + ([plan_id] if plan_id is not None else [])
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


CHAIN_LOCK = 4242002        # PostgreSQL: events are chained one writer at a time


def record(connection, who: str, action: str, snapshot_id: int | None = None, detail: str | None = None,
           plan_id: int | None = None) -> None:
    """Add one event of a kind in ``EVENTS``, chained to the one before it, inside the caller's
    transaction (so it lands with the change it records). Its text is cleaned here: the trail is a door
    into the store too."""
    if action not in EVENTS:
        raise ValueError(f"{action!r} is not a kind of event the audit trail records")
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK})"))
    previous = connection.execute(select(events.c.hash).order_by(events.c.id.desc()).limit(1)).scalar()
    at = dt.datetime.now(dt.UTC)
    who = clean(who or "unknown")[:200]
    detail = clean(detail)[:2000] if detail else None
    connection.execute(insert(events).values(at=at, who=who, action=action, snapshot_id=snapshot_id, detail=detail,
                                             plan_id=plan_id, prev_hash=previous,
                                             hash=event_hash(previous, at, who, action, snapshot_id, detail, plan_id)))


def verify_chain(bind) -> str | None:
    """None when every event is as it was recorded, else one sentence naming the first that is not.
    ``bind`` is an engine, or a connection inside a transaction (restore checks before it commits)."""
    import contextlib

    from sqlalchemy.engine import Engine
    previous = None
    opened = bind.connect() if isinstance(bind, Engine) else contextlib.nullcontext(bind)
    with opened as connection:
        rows = connection.execute(select(events.c.id, events.c.at, events.c.who, events.c.action,
                                         events.c.snapshot_id, events.c.detail, events.c.prev_hash,
                                         events.c.hash, events.c.plan_id).order_by(events.c.id))
        for row in rows:
            if row.prev_hash != previous:
                return (f"The audit trail is broken at event {row.id}: the event before it is not the one it was "
                        "recorded after, so an event was removed or slipped in outside the app.")
            if row.hash != event_hash(previous, row.at, row.who, row.action, row.snapshot_id, row.detail, row.plan_id):
                return (f"The audit trail is broken at event {row.id}: it no longer matches its hash, so it was "
                        "changed outside the app.")
            previous = row.hash
    return None


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


def plan_renames(engine) -> dict[int, str]:
    """Plan id -> its name now, for every plan renamed (its latest "plan renamed" event): the plans table is
    sealed, so a new name is an event in the trail, never an edit."""
    with engine.connect() as connection:
        rows = connection.execute(select(events.c.plan_id, events.c.detail).where(events.c.action == PLAN_RENAMED)
                                  .order_by(events.c.id)).all()
    return {plan_id: detail for plan_id, detail in rows if plan_id is not None and detail}


def withdrawn_plans(engine) -> dict[int, str]:
    """Plan id -> why it was withdrawn, for every plan whose latest withdraw/restore event withdrew it."""
    with engine.connect() as connection:
        rows = connection.execute(select(events.c.plan_id, events.c.action, events.c.detail)
                                  .where(events.c.action.in_([PLAN_WITHDRAWN, PLAN_RESTORED]))
                                  .order_by(events.c.id)).all()
    state: dict[int, str | None] = {}
    for plan_id, action, detail in rows:
        state[plan_id] = (detail or "") if action == PLAN_WITHDRAWN else None
    return {k: v for k, v in state.items() if v is not None}
