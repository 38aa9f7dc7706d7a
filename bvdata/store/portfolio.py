"""Every plan the committee oversees, read for the All plans page, the portfolio paper and ``plans``:
each live plan's snapshots, and the items of its latest update and of the one before it, in two
queries over the store's indexes however many plans and snapshots it holds. The figures themselves
are worked out in memory by bvdata.model.portfolio."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from ..read.fields import typed
from .plans import Plan, list_plans
from .schema import snapshot_actions
from .snapshots import STORED_ACTION_COLUMNS, list_snapshots
from .versions import closed_counts

# what the portfolio needs of each item (the rest of a snapshot's columns are never read here)
COLUMNS = ("action_id", "recommendation", "action", "due_date", "lead_officer", "service_lead", "completion",
           "progress", "progress_word", "rag", "priority", "source_sheet", "source_row", "original_due_date",
           "revised_due_date", "times_moved", "notes")


@dataclass
class PlanState:
    """One plan as the store holds it: its live snapshots in time order, and its latest and previous
    updates' items (None where there is no such update)."""
    plan: Plan
    snapshots: pd.DataFrame
    latest: pd.DataFrame | None
    previous: pd.DataFrame | None

    @property
    def latest_row(self):
        return None if self.snapshots.empty else self.snapshots.iloc[-1]

    @property
    def previous_row(self):
        return None if len(self.snapshots) < 2 else self.snapshots.iloc[-2]


def load_portfolio(engine, include_sample: bool = False, only: set[int] | None = None) -> list[PlanState]:
    """Every live plan (the sample's only when asked; only those in ``only`` when given), with what the
    portfolio needs of it."""
    plans = [p for p in list_plans(engine) if (include_sample or not p.sample) and (only is None or p.id in only)]
    listed = list_snapshots(engine)
    closed = closed_counts(engine)
    listed["closed_count"] = listed["id"].map(lambda i: closed.get(int(i), 0))
    by_plan = {p.id: listed[listed["plan_id"] == p.id].reset_index(drop=True) for p in plans}
    wanted = [int(s["id"].iloc[k]) for s in by_plan.values() for k in (-1, -2) if len(s) >= -k]
    items = _items(engine, wanted)
    states = []
    for plan in plans:
        snaps = by_plan[plan.id]
        latest = items.get(int(snaps["id"].iloc[-1])) if len(snaps) else None
        previous = items.get(int(snaps["id"].iloc[-2])) if len(snaps) >= 2 else None
        states.append(PlanState(plan, snaps, latest, previous))
    return states


def committee_plan_ids(engine) -> list[int]:
    """The plans a committee oversees: every live plan with an update, the sample's only while the store
    holds no plan of its own (then it is all there is to show). Reads the plans and snapshots tables only."""
    having = set(list_snapshots(engine)["plan_id"].dropna().astype(int))
    plans = [p for p in list_plans(engine) if p.id in having]
    return [p.id for p in ([p for p in plans if not p.sample] or plans)]


def committee_plans(engine) -> list[PlanState]:
    """The committee's plans (``committee_plan_ids``) with what the portfolio needs of each."""
    wanted = set(committee_plan_ids(engine))
    return [s for s in load_portfolio(engine, include_sample=True, only=wanted)]


def _items(engine, snapshot_ids: list[int]) -> dict[int, pd.DataFrame]:
    """Snapshot id -> its items (the portfolio's columns), for many snapshots in one query."""
    if not snapshot_ids:
        return {}
    columns = [snapshot_actions.c.snapshot_id] + [getattr(snapshot_actions.c, c) for c in COLUMNS]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).where(snapshot_actions.c.snapshot_id.in_(snapshot_ids))
                                  .order_by(snapshot_actions.c.snapshot_id, snapshot_actions.c.position)).all()
    frame = pd.DataFrame(rows, columns=["snapshot_id", *COLUMNS])
    snapshot = frame.pop("snapshot_id")
    frame = typed(frame.reindex(columns=STORED_ACTION_COLUMNS))
    return {int(i): part.reset_index(drop=True) for i, part in frame.groupby(snapshot.to_numpy(), sort=False)}
