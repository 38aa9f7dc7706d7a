"""Withdrawing a snapshot (out of the pickers and the defaults, with the reason) and restoring it: each
an event in the audit trail, never a change to the snapshot, and each through the plan's guard."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ..base.cleantext import clean
from ..base.errors import StoreError
from .audit import RESTORE, WITHDRAW, record, withdrawn
from .engine import writer
from .guard import FROM_SETTINGS, may_change, plan_of_snapshot
from .schema import snapshots


def _label(engine, snapshot_id: int) -> str:
    """The snapshot's label; StoreError when there is no such snapshot."""
    with engine.connect() as connection:
        label = connection.execute(select(snapshots.c.label).where(snapshots.c.id == snapshot_id)).scalar()
    if label is None:
        raise StoreError(f"There is no snapshot {snapshot_id}.")
    return label


def given_reason(reason: str | None, what: str) -> str:
    """The reason for withdrawing ``what`` ("the snapshot", "the plan"), cleaned; StoreError when none."""
    reason = clean(reason or "").strip()
    if not reason:
        raise StoreError(f"Say why {what} is withdrawn: the reason is kept in the audit trail.")
    return reason


def withdraw(engine, snapshot_id: int, who: str, reason: str,
             plan_analysts: Mapping | str | None = FROM_SETTINGS) -> None:
    """Take a snapshot out of the pickers and the defaults; it stays in the store with its bytes."""
    label = _label(engine, snapshot_id)
    may_change(engine, who, plan_of_snapshot(engine, snapshot_id), f"withdraw snapshot {snapshot_id} of", plan_analysts)
    reason = given_reason(reason, "the snapshot")
    if snapshot_id in withdrawn(engine):
        raise StoreError(f"Snapshot {snapshot_id} ('{label}') is already withdrawn.")
    with writer(engine) as connection:
        record(connection, who, WITHDRAW, snapshot_id, reason, plan_id=plan_of_snapshot(engine, snapshot_id))


def restore(engine, snapshot_id: int, who: str, plan_analysts: Mapping | str | None = FROM_SETTINGS) -> None:
    """Put a withdrawn snapshot back in the pickers and the history."""
    label = _label(engine, snapshot_id)
    may_change(engine, who, plan_of_snapshot(engine, snapshot_id), f"restore snapshot {snapshot_id} of", plan_analysts)
    if snapshot_id not in withdrawn(engine):
        raise StoreError(f"Snapshot {snapshot_id} ('{label}') is not withdrawn, so there is nothing to restore.")
    with writer(engine) as connection:
        record(connection, who, RESTORE, snapshot_id, plan_id=plan_of_snapshot(engine, snapshot_id))
