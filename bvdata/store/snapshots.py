"""Reading the snapshots: which there are, in time order (withdrawn ones, and those of a withdrawn plan,
only when asked for), in one plan or all, and each one's details, file, mapping, actions and
amendments, shaped as the reader gives them. Everything that looks back takes ``plan=`` and stays in it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..base.errors import StoreError
from ..read.assembly.tracker import Tracker, load_tracker
from ..read.cells.fields import ACTION_COLUMNS, typed
from .schema import snapshot_actions, snapshot_amendments, snapshots

STORED_ACTION_COLUMNS = list(ACTION_COLUMNS)


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    label: str
    as_at: dt.date | None
    published_by: str
    published_at: dt.datetime
    filename: str
    sha256: str
    action_count: int
    plan_id: int | None = None


def list_snapshots(engine: Engine, include_withdrawn: bool = False, plan: int | None = None) -> pd.DataFrame:
    """The snapshots in time order, of one plan or of all; withdrawn ones (and those of a withdrawn plan)
    only when asked for, with who withdrew them, when and why."""
    from .audit import withdrawn, withdrawn_plans
    frame = _all_snapshots(engine)
    if plan is not None:
        frame = frame[frame["plan_id"] == plan].reset_index(drop=True)
    gone = withdrawn(engine)
    dropped_plans = withdrawn_plans(engine)
    if dropped_plans and not include_withdrawn:
        frame = frame[~frame["plan_id"].isin(list(dropped_plans))].reset_index(drop=True)
    if include_withdrawn:
        frame["withdrawn_by"] = [gone[i].who if i in gone else None for i in frame["id"]]
        frame["withdrawn_at"] = [gone[i].at if i in gone else None for i in frame["id"]]
        frame["withdrawn_why"] = [gone[i].why if i in gone else None for i in frame["id"]]
        return frame
    return frame[~frame["id"].isin(list(gone))].reset_index(drop=True)


def _all_snapshots(engine: Engine) -> pd.DataFrame:
    columns = [snapshots.c.id, snapshots.c.label, snapshots.c.as_at, snapshots.c.published_by,
               snapshots.c.published_at, snapshots.c.filename, snapshots.c.sha256, snapshots.c.action_count,
               snapshots.c.warning_count, snapshots.c.complete_count, snapshots.c.overdue_count,
               snapshots.c.mean_completion, snapshots.c.plan_id]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(snapshots.c.id)).mappings().all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    frame["as_at"] = pd.to_datetime(frame["as_at"])
    return in_time_order(frame)


def in_time_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Snapshots in the order of the dates they are as at, publish time breaking ties (a snapshot with
    no date, from before dates were required, takes the day it was published)."""
    if frame.empty:
        return frame.reset_index(drop=True)
    published = pd.to_datetime(frame["published_at"], utc=True)
    day = frame["as_at"].fillna(published.dt.tz_localize(None).dt.normalize())
    order = pd.DataFrame({"day": day, "published": published, "id": frame["id"]}).sort_values(["day", "published", "id"])
    return frame.loc[order.index].reset_index(drop=True)


def snapshot_info(engine: Engine, snapshot_id: int) -> SnapshotInfo:
    with engine.connect() as connection:
        row = connection.execute(select(snapshots).where(snapshots.c.id == snapshot_id)).mappings().first()
    if row is None:
        raise StoreError(f"There is no snapshot {snapshot_id}.")
    return SnapshotInfo(row["id"], row["label"], row["as_at"], row["published_by"], row["published_at"],
                        row["filename"], row["sha256"], row["action_count"], row["plan_id"])


def snapshot_file(engine: Engine, snapshot_id: int) -> tuple[str, bytes]:
    with engine.connect() as connection:
        row = connection.execute(select(snapshots.c.filename, snapshots.c.file_bytes)
                                 .where(snapshots.c.id == snapshot_id)).first()
    if row is None:
        raise StoreError(f"There is no snapshot {snapshot_id}.")
    return row[0], bytes(row[1])


def snapshot_mapping(engine: Engine, snapshot_id: int) -> str | None:
    """The column mapping (JSON) the snapshot's file was read with, if it needed one."""
    with engine.connect() as connection:
        return connection.execute(select(snapshots.c.mapping_json).where(snapshots.c.id == snapshot_id)).scalar()


def snapshot_tracker(engine: Engine, snapshot_id: int) -> Tracker:
    """The snapshot read back from the file bytes it was published from, with the mapping it was read with."""
    from ..read.assembly.mapping import ColumnMapping
    name, data = snapshot_file(engine, snapshot_id)
    mapping = snapshot_mapping(engine, snapshot_id)
    return load_tracker(data, name, mappings=[ColumnMapping.from_json(mapping)] if mapping else ())


def snapshot_actions_frame(engine: Engine, snapshot_id: int) -> pd.DataFrame:
    """A snapshot's actions in the same shape as ``Tracker.actions``."""
    columns = [getattr(snapshot_actions.c, c) for c in STORED_ACTION_COLUMNS]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).where(snapshot_actions.c.snapshot_id == snapshot_id)
                                  .order_by(snapshot_actions.c.position)).all()
    return actions_frame(rows)


def actions_frame(rows) -> pd.DataFrame:
    """Stored action rows (tuples in column order, or mappings) as a frame shaped like ``Tracker.actions``
    (bvdata.read.cells.fields types each column; snapshots stored before dates were revised in the file have
    no count of moves: none moved within the file)."""
    return typed(pd.DataFrame(list(rows), columns=STORED_ACTION_COLUMNS))


def snapshot_amendments_frame(engine: Engine, snapshot_id: int) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(snapshot_amendments.c.action_id, snapshot_amendments.c.original_action,
                                         snapshot_amendments.c.amended_action, snapshot_amendments.c.justification)
                                  .where(snapshot_amendments.c.snapshot_id == snapshot_id)
                                  .order_by(snapshot_amendments.c.position)).all()
    return pd.DataFrame(rows, columns=["action_id", "original_action", "amended_action", "justification"])


def slip_counts(engine: Engine, up_to_snapshot: int) -> pd.Series:
    """How many times each action's due date has changed, over its plan's snapshots up to this one in time
    order."""
    listed = list_snapshots(engine, plan=snapshot_info(engine, up_to_snapshot).plan_id)
    position = listed.index[listed["id"] == up_to_snapshot]
    ids = [int(i) for i in listed["id"][: int(position[0]) + 1]] if len(position) else []
    with engine.connect() as connection:
        rows = connection.execute(
            select(snapshot_actions.c.action_id, func.count())
            .where(snapshot_actions.c.snapshot_id.in_(ids), snapshot_actions.c.due_date_changed.is_(True))
            .group_by(snapshot_actions.c.action_id)).all()
    return pd.Series({r[0]: int(r[1]) for r in rows}, dtype="int64")


def latest_snapshot_id(engine: Engine, plan: int | None = None) -> int | None:
    """The snapshot the dashboard opens on (in a plan, or over all): the latest by its as-at date, not by
    when it was published."""
    listed = list_snapshots(engine, plan=plan)
    return None if listed.empty else int(listed.iloc[-1]["id"])


def snapshot_before(engine: Engine, as_at: dt.date | None, plan: int | None = None) -> int | None:
    """The plan's snapshot that comes just before an update dated ``as_at`` (the latest, when it has no date)."""
    listed = list_snapshots(engine, plan=plan)
    if as_at is not None:
        listed = listed[listed["as_at"].isna() | (listed["as_at"] <= pd.Timestamp(as_at))]
    return None if listed.empty else int(listed.iloc[-1]["id"])


def find_by_sha(engine: Engine, sha256: str) -> SnapshotInfo | None:
    with engine.connect() as connection:
        found = connection.execute(select(snapshots.c.id).where(snapshots.c.sha256 == sha256)).scalar()
    return snapshot_info(engine, found) if found is not None else None


def label_taken(engine: Engine, label: str, plan: int | None = None) -> SnapshotInfo | None:
    """The plan's snapshot already published under this label (letter case and spacing ignored), if any."""
    wanted = " ".join(label.split()).casefold()
    listed = list_snapshots(engine, plan=plan)          # a withdrawn snapshot's label may be used again
    for r in listed.itertuples():
        if " ".join(str(r.label).split()).casefold() == wanted:
            return snapshot_info(engine, int(r.id))
    return None


