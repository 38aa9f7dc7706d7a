"""What a committee asks of its plans (issue 24), on small constructed plans: the at-risk rule on
constructed histories, overdue age bands by service, outstanding and overdue by priority, what was
completed since the previous update, and every overdue item by lead and plan."""
import datetime as dt

import pandas as pd
import pytest
from helpers import csv_bytes

from bvdata import load_tracker
from bvdata.model.portfolio import (
    age_band,
    at_risk,
    by_priority,
    changes_since,
    completed_since,
    current_items,
    overdue_ageing,
    overdue_everywhere,
    plan_summary,
)
from bvdata.store.plans import Plan
from bvdata.store.portfolio import PlanState

AS_OF = dt.date(2024, 6, 1)


def items(*rows) -> pd.DataFrame:
    """(ref, due dd/mm/yyyy, % or word, priority, service) rows as a tracker's items."""
    table = [["Ref", "Action", "Due date", "Progress", "Lead officer", "Priority", "Service lead"]]
    table += [[ref, f"Wording of item {ref} about its own subject", due, pct, "Clair Hepburn", priority, service]
              for ref, due, pct, priority, service in rows]
    return load_tracker(csv_bytes(table), "t.csv").actions


def state(plan_id: int, name: str, latest: pd.DataFrame, previous: pd.DataFrame | None = None,
          days=(dt.date(2024, 1, 1), dt.date(2024, 5, 1))) -> PlanState:
    dates = days[-1:] if previous is None else days
    snaps = pd.DataFrame({"id": range(1, len(dates) + 1), "as_at": pd.to_datetime(dates),
                          "label": [f"Update {d:%b %Y}" for d in dates], "complete_count": [0] * len(dates),
                          "action_count": [len(latest)] * len(dates),
                          "closed_count": [0] * len(dates)})
    return PlanState(Plan(plan_id, name, "internal_audit", None, "actions", False), snaps, latest, previous)


@pytest.mark.parametrize("before, now, due, risky, words", [
    # 20% on 1 Jan, 40% on 1 May: 20 points in 121 days; due 1 Dec 2024 (214 more days) -> about 75%
    ("20%", "40%", "01/12/2024", True, "at that rate 75% by its due date"),
    # 20% -> 80% by 1 May: the rate reaches 100% well before 1 Dec
    ("20%", "80%", "01/12/2024", False, None),
    # no earlier %: not started and due within 90 days
    (None, "Not started", "01/08/2024", True, "not started, and due in 61 days"),
    # not started, but due in more than 90 days: not yet at risk
    (None, "Not started", "01/12/2024", False, None),
    # already overdue: counted as overdue, not at risk
    ("20%", "40%", "01/05/2024", False, None),
    # complete: never at risk
    ("20%", "100%", "01/07/2024", False, None),
])
def test_the_at_risk_rule_on_constructed_histories(before, now, due, risky, words):
    latest = items(("A1", due, now, "High", "Finance"))
    previous = items(("A1", due, before, "High", "Finance")) if before else None
    found = at_risk([state(1, "Internal audit", latest, previous)], AS_OF)
    assert (len(found) == 1) is risky
    if risky:
        assert words in found["why"].iloc[0]


@pytest.mark.parametrize("days, band", [(1, "Under 3 months"), (91, "Under 3 months"), (92, "3 to 6 months"),
                                        (200, "6 to 12 months"), (366, "Over 12 months")])
def test_age_bands(days, band):
    assert age_band(days) == band


def test_overdue_by_age_and_service_and_priority_across_plans():
    first = state(1, "Internal audit", items(("A1", "01/05/2024", "50%", "High", "Finance"),      # 31 days late
                                              ("A2", "01/01/2023", "50%", "Medium", "Finance"),   # over a year
                                              ("A3", "01/12/2024", "50%", "Low", None)))
    second = state(2, "External audit", items(("E1", "01/10/2023", "10%", None, "Housing"),      # 8 months
                                               ("E2", "01/10/2024", "Complete", "High", "Housing")))
    now = current_items([first, second], AS_OF)
    ageing = overdue_ageing(now, by="service_lead").set_index("who")
    assert ageing.loc["Finance", ["Under 3 months", "Over 12 months", "total"]].tolist() == [1, 1, 2]
    assert ageing.loc["Housing", "6 to 12 months"] == 1
    by_lead = overdue_ageing(now).set_index("who")            # by default, the lead officer, as the Overdue page
    assert by_lead.loc["Clair Hepburn", "total"] == 3
    priority = by_priority(now)
    across = priority[priority["plan"] == "All plans"].set_index("priority")
    assert list(across.index) == ["High", "Medium", "Low", "Not given"]        # most urgent first
    assert across.loc["High", ["outstanding", "overdue"]].tolist() == [1, 1]
    assert across.loc["Not given", "overdue"] == 1
    late = overdue_everywhere(now)
    assert list(zip(late["plan"], late["action_id"])) == [("External audit", "E1"), ("Internal audit", "A2"),
                                                         ("Internal audit", "A1")]
    summary = plan_summary([first, second], AS_OF).set_index("plan")
    assert summary.loc["Internal audit", ["items", "overdue", "days_since"]].tolist() == [3, 2, 31]


def test_completed_and_changed_since_each_plans_previous_update():
    before = items(("A1", "01/12/2024", "50%", "High", None), ("A2", "01/12/2024", "10%", "High", None))
    after = items(("A1", "01/12/2024", "Complete", "High", None), ("A2", "01/12/2024", "10%", "High", None),
                  ("A3", "01/12/2024", "0%", "Low", None))
    plan = state(1, "Internal audit", after, before)
    assert completed_since([plan], AS_OF)["action_id"].tolist() == ["A1"]
    moved = changes_since([plan]).iloc[0]
    assert (moved["completed"], moved["no_movement"], moved["new"], moved["previous"]) == (1, 1, 1, "Update Jan 2024")
