"""What a committee asks of every plan it oversees, worked out in memory from each plan's latest and
previous updates (bvdata.store.portfolio reads them): per plan its items, complete, overdue, no update,
its latest update and the days since, its forecast finish and trend; across plans the outstanding and
overdue items by priority, the overdue ones in age bands by lead officer or body, the items at risk,
what was completed since each plan's previous update, and every overdue item by lead and by plan.

At risk: an item not yet due, neither complete, closed nor paused, whose progress lags the time it has
left. With a % at its plan's previous update and now, its rate since is projected to its due date and
it is at risk when that falls short of 100%; without a rate (no earlier %, or no % at all), it is at
risk when it has not started (or has no update yet) and is due within 90 days. The rule's inputs are
given beside each item.

Everything is worked out over all plans at once (one status pass over every plan's latest items, one
table of the items matched between each plan's previous and latest update), so that fifty plans of two
thousand items take a fraction of a second.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .compare import MOVEMENTS, match_actions, movements
from .forecast import forecast, points_from_history
from .status import AGE_BANDS, STATUS_RULES, with_status

WHO = "lead_officer"             # whom the ageing counts by, as the Overdue page's charts do
NOT_STARTED_WINDOW = 90          # days: an item not started and due within this many is at risk
PRIORITY_ORDER = ("High", "Medium", "Low")
OPEN = ("complete", "closed")


def age_band(days: float) -> str:
    """The age band of an item this many days overdue."""
    for limit, label in AGE_BANDS:
        if limit is None or days <= limit:
            return label
    return AGE_BANDS[-1][1]


@dataclass(frozen=True)
class Frames:
    """Every plan's latest items with status (``items``: plan, plan_id, pos), the previous update's items
    with their progress state (``before``), the items matched between the two (``pairs``: plan_id, i, j),
    and each plan's latest and previous update's dates (``days``: plan_id -> (latest, previous))."""
    items: pd.DataFrame
    before: pd.DataFrame
    pairs: pd.DataFrame
    days: dict


def frames_of(states, as_of: dt.date) -> Frames:
    from .status import with_progress
    latest, before, pairs, days = [], [], [], {}
    for state in states:
        if state.latest is None or state.latest.empty:
            continue
        pid = state.plan.id
        latest.append(state.latest.assign(plan=state.plan.name, plan_id=pid, pos=np.arange(len(state.latest))))
        last = state.latest_row["as_at"] if state.latest_row is not None else pd.NaT
        prev = state.previous_row["as_at"] if state.previous_row is not None else pd.NaT
        days[pid] = (None if pd.isna(last) else last.date(), None if pd.isna(prev) else prev.date())
        if state.previous is not None and len(state.previous):
            before.append(state.previous.assign(plan_id=pid, pos=np.arange(len(state.previous))))
            matching = match_actions(state.previous, state.latest)
            if matching.pairs:
                i, j = zip(*matching.pairs)
                pairs.append(pd.DataFrame({"plan_id": pid, "i": i, "j": j}))
    items = with_status(pd.concat(latest, ignore_index=True), as_of) if latest else pd.DataFrame(
        columns=["plan", "plan_id", "pos", "status", "progress", "completion", "due_date", "days_overdue"])
    earlier = with_progress(pd.concat(before, ignore_index=True)) if before else pd.DataFrame(
        columns=["plan_id", "pos", "progress", "completion", "due_date"])
    matched = pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame(columns=["plan_id", "i", "j"])
    return Frames(items, earlier, matched.astype("int64"), days)


def _moved(frames: Frames) -> pd.DataFrame:
    """Each matched item: its latest values and, as ``*_before``, its values at the previous update."""
    now = frames.items.rename(columns={"pos": "j"})
    then = frames.before[["plan_id", "pos", "completion", "progress", "due_date"]].rename(
        columns={"pos": "i", "completion": "completion_before", "progress": "progress_before", "due_date": "due_before"})
    return frames.pairs.merge(now, on=["plan_id", "j"]).merge(then, on=["plan_id", "i"])


def current_items(states, as_of: dt.date, frames: Frames | None = None) -> pd.DataFrame:
    """Every plan's latest items with their status as of ``as_of``, each with its plan's name and id."""
    return (frames or frames_of(states, as_of)).items


def plan_summary(states, as_of: dt.date, frames: Frames | None = None, since: dt.date | None = None) -> pd.DataFrame:
    """One row per plan: kind, items, complete, overdue, no update, latest update and days since, the
    forecast finish ("Q2 2024"), the complete count at each update (for a small trend), and the count
    of each status (its round-up). ``status_as_at`` is the date its status is counted at; the days since its
    update are counted to ``since`` (the status date unless given: today, when each plan is as at its own)."""
    items = (frames or frames_of(states, as_of)).items
    since = since or as_of
    counts = items.groupby(["plan_id", "status"]).size() if len(items) else pd.Series(dtype="int64")
    rows = []
    for state in states:
        latest = state.latest_row
        mine = counts.get(state.plan.id, pd.Series(dtype="int64")) if len(counts) else pd.Series(dtype="int64")
        points = points_from_history(state.snapshots, dict(zip(state.snapshots["id"], state.snapshots["closed_count"])))
        outlook = forecast(points, state.plan.noun and (state.plan.noun.rstrip("s"), state.plan.noun) or None)
        when = None if latest is None or pd.isna(latest["as_at"]) else latest["as_at"].date()
        rows.append({
            "plan": state.plan.name, "plan_id": state.plan.id, "kind": state.plan.kind_label, "body": state.plan.body,
            "items": 0 if state.latest is None else len(state.latest), "complete": int(mine.get("complete", 0)),
            "overdue": int(mine.get("overdue", 0)), "no_update": int(mine.get("no_update", 0)),
            "latest_as_at": when, "days_since": None if when is None else (since - when).days, "status_as_at": as_of,
            "forecast": _finish(outlook), "forecast_sentence": outlook.sentence,
            "trend": [int(v) for v in state.snapshots["complete_count"]], "snapshots": len(state.snapshots),
            "roundup": {rule.key: int(mine.get(rule.key, 0)) for rule in STATUS_RULES},
        })
    return pd.DataFrame(rows, columns=["plan", "plan_id", "kind", "body", "items", "complete", "overdue", "no_update",
                                       "latest_as_at", "days_since", "status_as_at", "forecast", "forecast_sentence", "trend",
                                       "snapshots", "roundup"])


def _finish(outlook) -> str:
    from .forecast import quarter
    if outlook.kind == "complete":
        return "Complete"
    if outlook.kind == "projected" and outlook.expected is not None:
        return quarter(outlook.expected)
    return "–"


def by_priority(items: pd.DataFrame) -> pd.DataFrame:
    """Outstanding and overdue items per priority, across plans ("All plans") and per plan; the
    priorities in the order High, Medium, Low, then any other, then "Not given"."""
    if items.empty:
        return pd.DataFrame(columns=["plan", "priority", "outstanding", "overdue"])
    open_ = items[~items["status"].isin(OPEN)]
    open_ = pd.DataFrame({"plan": open_["plan"], "priority": open_["priority"].astype(object).fillna("Not given"),
                          "is_overdue": (open_["status"] == "overdue").to_numpy()})
    across = open_.groupby("priority").agg(outstanding=("is_overdue", "size"), overdue=("is_overdue", "sum"))
    each = open_.groupby(["plan", "priority"], sort=False).agg(outstanding=("is_overdue", "size"),
                                                                overdue=("is_overdue", "sum"))
    out = pd.concat([across.reset_index().assign(plan="All plans"), each.reset_index()], ignore_index=True)
    order = {p: k for k, p in enumerate(PRIORITY_ORDER)}
    out["rank"] = out["priority"].map(lambda p: order.get(p, len(order) + (p == "Not given")))
    plans = {p: k for k, p in enumerate(dict.fromkeys(["All plans", *open_["plan"]]))}
    out = out.assign(plan_rank=out["plan"].map(plans)).sort_values(["plan_rank", "rank"], kind="stable")
    return out[["plan", "priority", "outstanding", "overdue"]].astype({"overdue": "int64"}).reset_index(drop=True)


def overdue_ageing(items: pd.DataFrame, by: str = WHO) -> pd.DataFrame:
    """Overdue items counted in the age bands (``status.AGE_BANDS``) per ``by`` (the lead officer or body,
    as on the Overdue page; an item naming none counts under its service, else "Not named")."""
    late = items[items["status"] == "overdue"] if not items.empty else items
    if late.empty:
        return pd.DataFrame(columns=["who", *[b for _, b in AGE_BANDS], "total"])
    other = "service_lead" if by == "lead_officer" else "lead_officer"
    who = late[by].astype(object).fillna(late[other].astype(object) if other in late else None).fillna("Not named")
    limits = [0] + [limit for limit, _ in AGE_BANDS[:-1]] + [np.inf]
    band = pd.cut(late["days_overdue"].astype("float64"), limits, labels=[b for _, b in AGE_BANDS])
    table = pd.crosstab(who.to_numpy(), band.to_numpy()).reindex(columns=[b for _, b in AGE_BANDS], fill_value=0)
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False, kind="stable").rename_axis("who").reset_index()


def at_risk(states, as_of: dt.date, frames: Frames | None = None) -> pd.DataFrame:
    """Items not yet due whose progress lags the time left (the rule in the module's docstring), each
    with the rule's inputs in words, most urgent first."""
    frames = frames or frames_of(states, as_of)
    columns = ["plan", "plan_id", "action_id", "action", "lead_officer", "due_date", "days_left", "completion", "why"]
    items = frames.items
    if items.empty:
        return pd.DataFrame(columns=columns)
    left = (items["due_date"] - pd.Timestamp(as_of)).dt.days
    keep = ~items["status"].isin(["complete", "closed", "paused", "overdue"]) & (left >= 0)
    open_ = items[keep].assign(days_left=left[keep])        # (a Series given to an empty frame would become its rows)
    moved = _moved(frames)[["plan_id", "j", "completion_before"]]
    open_ = open_.merge(moved, left_on=["plan_id", "pos"], right_on=["plan_id", "j"], how="left")
    if open_.empty:
        return pd.DataFrame(columns=columns)
    latest_day = open_["plan_id"].map(lambda p: frames.days[p][0] or as_of)
    previous_day = open_["plan_id"].map(lambda p: frames.days[p][1])
    gap = pd.Series([(a - b).days if b is not None else 0 for a, b in zip(latest_day, previous_day)], index=open_.index)
    now, before = open_["completion"].astype("float64"), open_["completion_before"].astype("float64")
    rated = now.notna() & before.notna() & (gap > 0)
    ahead = pd.Series([(d.date() - a).days for d, a in zip(open_["due_date"], latest_day)], index=open_.index)
    projected = now + (now - before) / gap.where(gap > 0) * ahead
    started = open_["progress"].map(lambda s: isinstance(s, str) and s != "not_started")
    risky = (rated & (projected < 100)) | (~rated & ~started & (open_["days_left"] <= NOT_STARTED_WINDOW))
    out = open_[risky]
    why = []
    for k in out.index:
        due = out.at[k, "due_date"].date()
        if rated[k]:
            then, last = previous_day[k], latest_day[k]
            why.append(f"{now[k]:.0f}% on {last:%d %b %Y}, {before[k]:.0f}% on {then:%d %b %Y}: "
                       f"{now[k] - before[k]:+.0f} points in {gap[k]:,} days; at that rate "
                       f"{max(projected[k], 0):.0f}% by its due date, {due:%d %b %Y}")
        else:
            said = "not started" if out.at[k, "progress"] == "not_started" else "no update yet"
            why.append(f"{said}, and due in {int(out.at[k, 'days_left']):,} days ({due:%d %b %Y})")
    out = out.assign(why=why)[columns]
    return out.sort_values("days_left", kind="stable").reset_index(drop=True)


def completed_since(states, as_of: dt.date, frames: Frames | None = None) -> pd.DataFrame:
    """Per plan, the items complete at its latest update that were not at the one before."""
    moved = _moved(frames or frames_of(states, as_of))
    done = moved[(moved["status"] == "complete") & (moved["progress_before"].astype(object) != "complete")]
    return done.sort_values(["plan_id", "j"])[["plan", "plan_id", "action_id", "action", "lead_officer"]].reset_index(drop=True)


def changes_since(states, as_of: dt.date | None = None, frames: Frames | None = None) -> pd.DataFrame:
    """Per plan, what moved between its previous update and its latest, as Compare counts it (completed
    since, progressed, no movement, went backwards, new, removed), and how many due dates moved."""
    frames = frames or frames_of(states, as_of or dt.date.today())
    moved = _moved(frames)
    moved = moved.assign(movement=movements(moved["completion_before"], moved["completion"],
                                            moved["progress_before"], moved["progress"]),
                         due_moved=~((moved["due_before"] == moved["due_date"])
                                     | (moved["due_before"].isna() & moved["due_date"].isna())))
    rows = []
    for state in states:
        if state.latest is None or state.previous is None:
            continue
        mine = moved[moved["plan_id"] == state.plan.id]
        counts = mine["movement"].value_counts()
        row = {"plan": state.plan.name, "plan_id": state.plan.id, "previous": state.previous_row["label"]}
        row |= {key: int(counts.get(key, 0)) for key, _, _ in MOVEMENTS}
        row |= {"new": len(state.latest) - len(mine), "removed": len(state.previous) - len(mine),
                "due_dates_moved": int(mine["due_moved"].sum())}
        rows.append(row)
    return pd.DataFrame(rows, columns=["plan", "plan_id", "previous", *[k for k, _, _ in MOVEMENTS], "due_dates_moved"])


def overdue_everywhere(items: pd.DataFrame) -> pd.DataFrame:
    """Every overdue item across plans, by lead officer and then by plan, most overdue first."""
    columns = ["lead_officer", "plan", "plan_id", "action_id", "action", "due_date", "days_overdue", "priority"]
    if items.empty:
        return pd.DataFrame(columns=columns)
    late = items[items["status"] == "overdue"]
    late = late.assign(lead_officer=late["lead_officer"].astype(object).fillna("No lead named"))
    late = late.sort_values(["lead_officer", "plan", "days_overdue"], ascending=[True, True, False], kind="stable")
    return late[columns].reset_index(drop=True)


@dataclass(frozen=True)
class PlanPart:
    """One plan's share of the view, worked out on its own so that it can be kept (cached on its
    snapshots) while other plans change: its summary row, counts by priority and age band, and its rows
    of the lists (at risk, completed since, overdue, changes)."""
    summary: pd.DataFrame
    priority: pd.DataFrame
    ageing: pd.DataFrame
    at_risk: pd.DataFrame
    completed: pd.DataFrame
    overdue: pd.DataFrame
    changes: pd.DataFrame


@dataclass(frozen=True)
class PortfolioView(PlanPart):
    """Everything the All plans page and the portfolio paper show, as at one date: the plans' parts
    put together, with totals."""
    as_of: dt.date | None = None          # one date for every plan; None: each plan as at its own latest update

    @property
    def as_at_words(self) -> str:
        """How the view counts, for a heading or a paper: "as at 3 Dec 2026", or each plan as at its own update."""
        from ..base.formats import day
        return f"as at {day(self.as_of)}" if self.as_of else "each plan as at its latest update"

    @property
    def has_priority(self) -> bool:
        return bool(len(self.priority)) and set(self.priority["priority"]) != {"Not given"}


def own_date(state) -> dt.date:
    """The date a plan's own Overview and report count its status at: its latest update's (today without one)."""
    latest = state.latest_row
    return dt.date.today() if latest is None or pd.isna(latest["as_at"]) else latest["as_at"].date()


def plan_part(state, as_of: dt.date | None) -> PlanPart:
    """One plan's part as at ``as_of``, or as at its own latest update (``own_date``) when None, so that the
    plan's figures here are those of its Overview and report."""
    since = dt.date.today() if as_of is None else None
    as_of = as_of or own_date(state)
    frames = frames_of([state], as_of)
    items = frames.items
    priority = by_priority(items)
    return PlanPart(plan_summary([state], as_of, frames, since=since), priority[priority["plan"] != "All plans"],
                    overdue_ageing(items), at_risk([state], as_of, frames), completed_since([state], as_of, frames),
                    overdue_everywhere(items), changes_since([state], as_of, frames))


def combine(parts: list[PlanPart], as_of: dt.date | None) -> PortfolioView:
    """The view of every plan from each plan's part: counts added up across plans, lists put together."""
    def joined(name: str) -> pd.DataFrame:
        frames = [getattr(p, name) for p in parts if len(getattr(p, name))]
        return pd.concat(frames, ignore_index=True) if frames else getattr(parts[0], name).iloc[0:0] if parts \
            else pd.DataFrame()
    bands = [b for _, b in AGE_BANDS]
    each = joined("priority")
    if len(each):
        across = each.groupby("priority", sort=False)[["outstanding", "overdue"]].sum().reset_index().assign(plan="All plans")
        order = {p: k for k, p in enumerate(PRIORITY_ORDER)}
        across = across.assign(rank=across["priority"].map(lambda p: order.get(p, len(order) + (p == "Not given"))))
        priority = pd.concat([across.sort_values("rank", kind="stable").drop(columns="rank"), each], ignore_index=True)
        priority = priority[["plan", "priority", "outstanding", "overdue"]]
    else:
        priority = pd.DataFrame(columns=["plan", "priority", "outstanding", "overdue"])
    ageing = joined("ageing")
    if len(ageing):
        ageing = ageing.groupby("who", sort=False)[[*bands, "total"]].sum().reset_index()
        ageing = ageing.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
    else:
        ageing = pd.DataFrame(columns=["who", *bands, "total"])
    overdue = joined("overdue")
    if len(overdue):
        overdue = overdue.sort_values(["lead_officer", "plan", "days_overdue"], ascending=[True, True, False],
                                      kind="stable").reset_index(drop=True)
    risk = joined("at_risk")
    if len(risk):
        risk = risk.sort_values("days_left", kind="stable").reset_index(drop=True)
    return PortfolioView(joined("summary"), priority, ageing, risk, joined("completed"), overdue, joined("changes"),
                         as_of=as_of)


def portfolio_view(states, as_of: dt.date | None = None) -> PortfolioView:
    """The view of every plan (each worked out on its own, then put together: see ``PlanPart``)."""
    return combine([plan_part(state, as_of) for state in states], as_of)
