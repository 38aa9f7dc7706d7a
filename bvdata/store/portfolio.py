"""Every plan the committee oversees, read for the All plans page, the portfolio paper and ``plans``:
each live plan's snapshots, and the items of its latest update and of the one before it, in two
queries over the store's indexes however many plans and snapshots it holds. The figures themselves
are worked out in memory by bvdata.model.portfolio."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import String, select, type_coerce

from ..read.cells.fields import TEXT
from .plans import Plan, list_plans
from .schema import snapshot_actions
from .snapshots import list_snapshots
from .versions import closed_counts

# what the portfolio (and the reminders) need of each item; the rest of a snapshot's columns are never read here
COLUMNS = ("action_id", "action", "due_date", "lead_officer", "service_lead", "completion", "progress", "priority")
DATES = ("due_date",)
NUMBERS = ("completion",)


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


def listing(engine, include_sample: bool = False, only: set[int] | None = None) -> list[tuple[Plan, pd.DataFrame]]:
    """Every live plan (the sample's only when asked; only those in ``only`` when given) with its live
    snapshots in time order (each with its count of items closed without completion). Reads the plans and
    snapshots tables only."""
    plans = [p for p in list_plans(engine) if (include_sample or not p.sample) and (only is None or p.id in only)]
    listed = list_snapshots(engine)
    closed = closed_counts(engine)
    listed["closed_count"] = listed["id"].map(lambda i: closed.get(int(i), 0))
    return [(p, listed[listed["plan_id"] == p.id].reset_index(drop=True)) for p in plans]


def plan_state(engine, plan: Plan, snaps: pd.DataFrame) -> PlanState:
    """One plan, with the items of its latest and previous updates (one query, by snapshot id)."""
    wanted = [int(snaps["id"].iloc[k]) for k in (-1, -2) if len(snaps) >= -k]
    items = _items(engine, wanted)
    return PlanState(plan, snaps, items.get(wanted[0]) if wanted else None,
                     items.get(wanted[1]) if len(wanted) > 1 else None)


def load_portfolio(engine, include_sample: bool = False, only: set[int] | None = None) -> list[PlanState]:
    """Every live plan (see ``listing``), with what the portfolio needs of it, in one query for all."""
    listed = listing(engine, include_sample, only)
    wanted = [int(s["id"].iloc[k]) for _, s in listed for k in (-1, -2) if len(s) >= -k]
    items = _items(engine, wanted)
    states = []
    for plan, snaps in listed:
        latest = items.get(int(snaps["id"].iloc[-1])) if len(snaps) else None
        previous = items.get(int(snaps["id"].iloc[-2])) if len(snaps) >= 2 else None
        states.append(PlanState(plan, snaps, latest, previous))
    return states


def committee_listing(engine) -> list[tuple[Plan, pd.DataFrame]]:
    """The plans a committee oversees, with their snapshots: every live plan with an update, the sample's
    only while the store holds no plan of its own (then it is all there is to show)."""
    listed = [(p, s) for p, s in listing(engine, include_sample=True) if len(s)]
    return [(p, s) for p, s in listed if not p.sample] or listed


def committee_plan_ids(engine) -> list[int]:
    return [p.id for p, _ in committee_listing(engine)]


def committee_plans(engine) -> list[PlanState]:
    """The committee's plans (``committee_listing``) with what the portfolio needs of each."""
    wanted = set(committee_plan_ids(engine))
    return load_portfolio(engine, include_sample=True, only=wanted)


def _items(engine, snapshot_ids: list[int]) -> dict[int, pd.DataFrame]:
    """Snapshot id -> its items (the portfolio's columns), for many snapshots in one query."""
    if not snapshot_ids:
        return {}
    # dates come as the database's text and are read in one pass below, not row by row
    columns = [snapshot_actions.c.snapshot_id] + [type_coerce(getattr(snapshot_actions.c, c), String) if c in DATES
                                                  else getattr(snapshot_actions.c, c) for c in COLUMNS]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).where(snapshot_actions.c.snapshot_id.in_(snapshot_ids))
                                  .order_by(snapshot_actions.c.snapshot_id, snapshot_actions.c.position)).all()
    names = ["snapshot_id", *COLUMNS]
    # built column by column from plain tuples: pandas probes each SQLAlchemy Row for attributes otherwise
    frame = pd.DataFrame(dict(zip(names, zip(*rows))) if rows else {n: [] for n in names}, columns=names)
    snapshot = frame.pop("snapshot_id")
    for column in COLUMNS:
        if column in DATES:
            frame[column] = pd.to_datetime(frame[column].astype(object).map(lambda v: str(v)[:10] if v else None),
                                           format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
        elif column in NUMBERS:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        else:
            frame[column] = frame[column].astype(TEXT)
    return {int(i): part.reset_index(drop=True) for i, part in frame.groupby(snapshot.to_numpy(), sort=False)}
