"""Small plans for the tests of issue 24: trackers whose items' wording belongs to one plan only, dated
as the test says, published into a store as separate plans."""
from __future__ import annotations

import datetime as dt

from helpers import csv_bytes

from bvdata import load_tracker, store
from bvdata.store.publishing import NewPlan

# wording that differs plan to plan, so that no two plans share an item by accident
SUBJECTS = {
    "bv": "the Best Value improvement of {} across the council's services",
    "ia": "internal audit finding {} on payroll controls and reconciliations",
    "ea": "the external auditor's recommendation {} on financial sustainability",
    "in": "the care inspectorate's requirement {} for adult support and protection",
}
LEADS = ("Clair Hepburn", "Chris Myers", "Jenni Craig")
PRIORITIES = ("High", "Medium", "Low")


def plan_csv(kind: str, n: int, as_at: dt.date, due: str = "31/03/2023", done: int = 0, step: int = 0,
             extra: str = "", title: str | None = None, priority: bool = True) -> bytes:
    """A tracker of ``n`` items of plan ``kind`` as at ``as_at``: the first ``done`` complete, the rest at
    ``step``% each; a title row naming the plan and the date."""
    heading = ["Ref", "Action", "Due date", "% Complete", "Lead officer"] + (["Priority"] if priority else [])
    rows = [[f"{title or kind.upper() + ' plan'} as at {as_at:%d %B %Y}"], heading]
    for i in range(1, n + 1):
        pct = 100 if i <= done else step
        row = [f"{kind.upper()}{i}", SUBJECTS[kind].format(_words(i)) + extra, due, f"{pct}%", LEADS[i % 3]]
        rows.append(row + ([PRIORITIES[i % 3]] if priority else []))
    return csv_bytes(rows)


def _words(i: int) -> str:
    """A number in words, so that wordings differ by more than a digit (Compare matches close rewordings)."""
    ones = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return " ".join(ones[int(d)] for d in str(i))


def publish_plan(engine, kind: str, n: int, as_at: dt.date, plan=None, name: str | None = None, **kwargs):
    """Publish one update of a plan; ``name`` makes it a new plan of that name."""
    data = plan_csv(kind, n, as_at, **kwargs)
    target = NewPlan(name) if name else plan
    return store.publish(engine, load_tracker(data, f"{kind}_{as_at:%Y%m%d}.csv"), data, as_at=as_at,
                         published_by="ana@council.gov.uk", plan=target, confirm_drop=True)
