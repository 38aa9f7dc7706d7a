"""The versions of a plan as the store holds them: a snapshot as one side of a comparison, the update
before a tracker, and the burn-up's points over the published updates. The pure halves live in
bvdata.model.history and bvdata.model.forecast; this module only reads the store for them."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select

from ..model.forecast import Forecast, forecast, points_from_history, tracker_point
from ..model.history import Movement, Side, compare_sides, tracker_side
from ..read.assembly.tracker import Tracker
from .schema import snapshots
from .snapshots import list_snapshots, snapshot_actions_frame, snapshot_amendments_frame, snapshot_info


def snapshot_side(engine, snapshot_id: int) -> Side:
    info = snapshot_info(engine, snapshot_id)
    return Side(snapshot_actions_frame(engine, info.id), snapshot_amendments_frame(engine, info.id),
                info.as_at, info.label, info.id)


def previous_side(engine, tracker: Tracker, snapshot_id: int | None = None, plan: int | None = None) -> Side | None:
    """The version a report compares with, in the same plan: the snapshot before this one in time order,
    or for an unpublished file (of ``plan``) the latest other snapshot dated before it. None when there is
    none."""
    if snapshot_id is not None:
        plan = snapshot_info(engine, snapshot_id).plan_id
    elif plan is None:                   # an unpublished file: the plan it belongs to on the evidence, if any
        from .plans import Ambiguous, belongs_to
        try:
            found = belongs_to(engine, tracker.actions)
        except Ambiguous:                # two plans could be its own: compare with neither
            found = None
        if found is None:
            return None
        plan = found.plan.id
    listed = list_snapshots(engine, plan=plan)
    if snapshot_id is not None:
        position = listed.index[listed["id"] == snapshot_id]
        earlier = listed.iloc[: int(position[0])] if len(position) else listed.iloc[0:0]
    else:
        earlier = listed[listed["sha256"] != tracker.sha256]
        if tracker.as_at is not None:
            earlier = earlier[earlier["as_at"] < pd.Timestamp(tracker.as_at)]
    if earlier.empty:
        return None
    return snapshot_side(engine, int(earlier.iloc[-1]["id"]))


def movement_since_previous(engine, tracker: Tracker, snapshot_id: int | None = None,
                            plan: int | None = None) -> Movement | None:
    """What moved since the version before this tracker in its plan (see ``previous_side``), or None."""
    old = previous_side(engine, tracker, snapshot_id, plan)
    return compare_sides(old, tracker_side(tracker)) if old is not None else None


def plan_forecast(engine, tracker=None, as_at: dt.date | None = None, published_by=None, ids=None,
                  plan: int | None = None) -> Forecast:
    """The forecast from one plan's snapshots that are not withdrawn (only those whose publisher passes
    ``published_by``, and whose id is in ``ids``, when given), and the tracker shown, when it is dated
    later than all of them. Never across plans: one plan's burn-up is its own items."""
    history = list_snapshots(engine, plan=plan)
    if published_by is not None and len(history):
        history = history[history["published_by"].map(published_by)]
    if ids is not None and len(history):
        history = history[history["id"].isin(list(ids))]
    points = points_from_history(history, closed_counts(engine))
    if tracker is not None and as_at is not None and all(p.as_at < as_at for p in points):
        points.append(tracker_point(tracker, as_at))
    return forecast(points, tracker.noun if tracker is not None else ("action", "actions"))


def closed_counts(engine) -> dict[int, int]:
    """Items closed without completion, per snapshot id (kept on each snapshot's row since migration 0007;
    snapshots from before states were kept count 0)."""
    with engine.connect() as connection:
        rows = connection.execute(select(snapshots.c.id, snapshots.c.closed_count)).all()
    return {int(i): int(n or 0) for i, n in rows}
