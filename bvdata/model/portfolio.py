"""What a committee asks of every plan it oversees, worked out in memory from each plan's latest and
previous updates (bvdata.store.portfolio reads them): per plan its items, complete, overdue, no update,
its latest update and the days since, its forecast finish and trend; across plans the outstanding and
overdue items by priority, the overdue ones in age bands by service or lead body, the items at risk,
what was completed since each plan's previous update, and every overdue item by lead and by plan.

At risk: an item not yet due, neither complete, closed nor paused, whose progress lags the time it has
left. With a % at its plan's previous update and now, its rate since is projected to its due date and
it is at risk when that falls short of 100%; without a rate (no earlier %, or no % at all), it is at
risk when it has not started (or has no update yet) and is due within 90 days. The rule's inputs are
given beside each item.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .compare import MOVEMENTS, compare, match_actions
from .forecast import forecast, points_from_history
from .status import STATUS_RULES, with_status

# overdue age bands, in days late (up to and including the first number)
AGE_BANDS = ((91, "Under 3 months"), (182, "3 to 6 months"), (365, "6 to 12 months"), (None, "Over 12 months"))
NOT_STARTED_WINDOW = 90          # days: an item not started and due within this many is at risk
PRIORITY_ORDER = ("High", "Medium", "Low")
OPEN = ("complete", "closed")


def age_band(days: float) -> str:
    """The age band of an item this many days overdue."""
    for limit, label in AGE_BANDS:
        if limit is None or days <= limit:
            return label
    return AGE_BANDS[-1][1]


def current_items(states, as_of: dt.date) -> pd.DataFrame:
    """Every plan's latest items with their status as of ``as_of``, each with its plan's name and id."""
    frames = []
    for state in states:
        if state.latest is None or state.latest.empty:
            continue
        frames.append(with_status(state.latest, as_of).assign(plan=state.plan.name, plan_id=state.plan.id))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def plan_summary(states, as_of: dt.date) -> pd.DataFrame:
    """One row per plan: kind, items, complete, overdue, no update, latest update and days since, the
    forecast finish ("Q2 2024"), and the complete count at each update (for a small trend)."""
    rows = []
    for state in states:
        latest = state.latest_row
        df = with_status(state.latest, as_of) if state.latest is not None else None
        counts = df["status"].value_counts() if df is not None else pd.Series(dtype="int64")
        points = points_from_history(state.snapshots, dict(zip(state.snapshots["id"], state.snapshots["closed_count"])))
        outlook = forecast(points, state.plan.noun and (state.plan.noun.rstrip("s"), state.plan.noun) or None)
        rows.append({
            "plan": state.plan.name, "plan_id": state.plan.id, "kind": state.plan.kind_label, "body": state.plan.body,
            "items": 0 if df is None else len(df), "complete": int(counts.get("complete", 0)),
            "overdue": int(counts.get("overdue", 0)), "no_update": int(counts.get("no_update", 0)),
            "latest_as_at": None if latest is None or pd.isna(latest["as_at"]) else latest["as_at"].date(),
            "days_since": None if latest is None or pd.isna(latest["as_at"]) else (as_of - latest["as_at"].date()).days,
            "forecast": _finish(outlook), "forecast_sentence": outlook.sentence,
            "trend": [int(v) for v in state.snapshots["complete_count"]], "snapshots": len(state.snapshots),
            "roundup": {rule.key: int(counts.get(rule.key, 0)) for rule in STATUS_RULES},
        })
    return pd.DataFrame(rows, columns=["plan", "plan_id", "kind", "body", "items", "complete", "overdue", "no_update",
                                       "latest_as_at", "days_since", "forecast", "forecast_sentence", "trend", "snapshots", "roundup"])


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
    open_ = items[~items["status"].isin(OPEN)].assign(priority=items["priority"].fillna("Not given"))
    open_ = open_.assign(is_overdue=open_["status"] == "overdue")
    order = {p: k for k, p in enumerate(PRIORITY_ORDER)}
    frames = []
    for plan, part in [("All plans", open_)] + list(open_.groupby("plan", sort=False)):
        grouped = part.groupby("priority").agg(outstanding=("status", "size"), overdue=("is_overdue", "sum"))
        grouped = grouped.reset_index().assign(plan=plan)
        frames.append(grouped)
    out = pd.concat(frames, ignore_index=True)
    out["rank"] = out["priority"].map(lambda p: order.get(p, len(order) + (p == "Not given")))
    return out.sort_values(["rank"], kind="stable").sort_values("plan", key=lambda s: s != "All plans",
                                                                kind="stable")[["plan", "priority", "outstanding",
                                                                                "overdue"]].reset_index(drop=True)


def overdue_ageing(items: pd.DataFrame, by: str = "service_lead") -> pd.DataFrame:
    """Overdue items counted in age bands (under 3 months, 3 to 6, 6 to 12, over 12) per ``by`` (the
    service, else the lead officer or body)."""
    late = items[items["status"] == "overdue"] if not items.empty else items
    if late.empty:
        return pd.DataFrame(columns=["who", *[b for _, b in AGE_BANDS], "total"])
    who = late[by].fillna(late["lead_officer"]).fillna("Not named")
    band = late["days_overdue"].map(age_band)
    table = pd.crosstab(who, band).reindex(columns=[b for _, b in AGE_BANDS], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False).rename_axis("who").reset_index()


def at_risk(states, as_of: dt.date) -> pd.DataFrame:
    """Items not yet due whose progress lags the time left (the rule in the module's docstring), each
    with the rule's inputs in words, most urgent first."""
    rows = []
    for state in states:
        if state.latest is None or state.latest.empty:
            continue
        now = with_status(state.latest, as_of)
        latest_day = state.latest_row["as_at"].date() if pd.notna(state.latest_row["as_at"]) else as_of
        previous = _previous_completion(state)
        for position, item in now.iterrows():
            if item["status"] in ("complete", "closed", "paused", "overdue") or pd.isna(item["due_date"]):
                continue
            due = item["due_date"].date()
            left = (due - as_of).days
            if left < 0:
                continue
            why = _lag(item, previous.get(position), latest_day, due, left)
            if why is not None:
                rows.append({"plan": state.plan.name, "plan_id": state.plan.id, "action_id": item["action_id"],
                             "action": item["action"], "lead_officer": item["lead_officer"], "due_date": item["due_date"],
                             "days_left": left, "completion": item["completion"], "why": why})
    frame = pd.DataFrame(rows, columns=["plan", "plan_id", "action_id", "action", "lead_officer", "due_date",
                                        "days_left", "completion", "why"])
    return frame.sort_values("days_left", kind="stable").reset_index(drop=True)


def _previous_completion(state) -> dict[int, tuple[float, dt.date]]:
    """Latest position -> (its % at the previous update, that update's date), matched as Compare does."""
    if state.previous is None or state.previous.empty or state.previous_row is None:
        return {}
    day = state.previous_row["as_at"]
    if pd.isna(day):
        return {}
    matching = match_actions(state.previous, state.latest)
    before = state.previous["completion"].tolist()
    return {j: (before[i], day.date()) for i, j in matching.pairs if pd.notna(before[i])}


def _lag(item, previous, latest_day: dt.date, due: dt.date, left: int) -> str | None:
    """Why an item is at risk, in words with the rule's inputs, or None when it is not."""
    now = item["completion"]
    if pd.notna(now) and previous is not None and (latest_day - previous[1]).days > 0:
        before, then = previous
        per_day = (now - before) / (latest_day - then).days
        projected = now + per_day * (due - latest_day).days
        if projected < 100:
            return (f"{now:.0f}% on {latest_day:%d %b %Y}, {before:.0f}% on {then:%d %b %Y}: "
                    f"{now - before:+.0f} points in {(latest_day - then).days:,} days; at that rate "
                    f"{max(projected, 0):.0f}% by its due date, {due:%d %b %Y}")
        return None
    state = item["progress"]
    started = isinstance(state, str) and state != "not_started"
    if not started and left <= NOT_STARTED_WINDOW:
        said = "not started" if state == "not_started" else "no update yet"
        return f"{said}, and due in {left:,} days ({due:%d %b %Y})"
    return None


def completed_since(states, as_of: dt.date) -> pd.DataFrame:
    """Per plan, the items complete at its latest update that were not at the one before."""
    rows = []
    for state in states:
        if state.latest is None or state.previous is None:
            continue
        now = with_status(state.latest, as_of)
        before = with_status(state.previous, state.previous_row["as_at"].date() if pd.notna(state.previous_row["as_at"])
                             else as_of)
        matching = match_actions(before, now)
        for i, j in matching.pairs:
            if now["status"].iloc[j] == "complete" and before["status"].iloc[i] != "complete":
                rows.append({"plan": state.plan.name, "plan_id": state.plan.id, "action_id": now["action_id"].iloc[j],
                             "action": now["action"].iloc[j], "lead_officer": now["lead_officer"].iloc[j]})
    return pd.DataFrame(rows, columns=["plan", "plan_id", "action_id", "action", "lead_officer"])


def changes_since(states) -> pd.DataFrame:
    """Per plan, what moved between its previous update and its latest, as Compare counts it (completed
    since, progressed, no movement, went backwards, new, removed), and how many due dates moved."""
    rows = []
    for state in states:
        if state.latest is None or state.previous is None:
            continue
        moved = compare(state.previous, state.latest)
        rows.append({"plan": state.plan.name, "plan_id": state.plan.id, "previous": state.previous_row["label"],
                     **{key: len(ids) for key, ids in moved.movement.items()},
                     "due_dates_moved": len(moved.due_date_changed)})
    return pd.DataFrame(rows, columns=["plan", "plan_id", "previous", *[k for k, _, _ in MOVEMENTS], "due_dates_moved"])


def overdue_everywhere(items: pd.DataFrame) -> pd.DataFrame:
    """Every overdue item across plans, by lead officer and then by plan, most overdue first."""
    if items.empty:
        return pd.DataFrame(columns=["lead_officer", "plan", "plan_id", "action_id", "action", "due_date", "days_overdue",
                                     "priority"])
    late = items[items["status"] == "overdue"].assign(lead_officer=lambda f: f["lead_officer"].fillna("No lead named"))
    late = late.sort_values(["lead_officer", "plan", "days_overdue"], ascending=[True, True, False], kind="stable")
    return late[["lead_officer", "plan", "plan_id", "action_id", "action", "due_date", "days_overdue",
                 "priority"]].reset_index(drop=True)


@dataclass(frozen=True)
class PortfolioView:
    """Everything the All plans page and the portfolio paper show, as at one date."""
    as_of: dt.date
    summary: pd.DataFrame
    priority: pd.DataFrame
    ageing: pd.DataFrame
    at_risk: pd.DataFrame
    completed: pd.DataFrame
    overdue: pd.DataFrame
    changes: pd.DataFrame

    @property
    def has_priority(self) -> bool:
        return bool(len(self.priority)) and set(self.priority["priority"]) != {"Not given"}


def portfolio_view(states, as_of: dt.date) -> PortfolioView:
    items = current_items(states, as_of)
    return PortfolioView(as_of, plan_summary(states, as_of), by_priority(items), overdue_ageing(items),
                         at_risk(states, as_of), completed_since(states, as_of), overdue_everywhere(items),
                         changes_since(states))
