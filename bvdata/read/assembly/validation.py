"""The validation report as tables a page can show and download: grouped by kind (each Issue names its kind,
``vocab/issue_kinds.csv`` gives the plain sentence a kind is shown by) with counts, and the entries
themselves, however many thousands there are."""
from __future__ import annotations

from functools import cache

import pandas as pd

from ...base.errors import Issue
from ...base.vocab import VOCAB_DIR, read_table

COLUMNS = ["Level", "Sheet", "Row", "Column", "Value", "Message"]
KIND_COLUMNS = ["Level", "Kind", "Count", "First example"]


@cache
def kind_labels() -> dict[str, str]:
    """Each kind of entry -> the words the report shows it by."""
    return {r["kind"]: r["label"] for r in read_table(VOCAB_DIR / "issue_kinds.csv")}


def kind_of(issue: Issue) -> str:
    """The plain words for the issue's kind; an issue of no listed kind is shown by its own message."""
    return kind_labels().get(issue.kind, issue.message)


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Every entry, one row each, built column by column (thousands of entries in milliseconds)."""
    return pd.DataFrame({
        "Level": [i.level for i in issues], "Sheet": [i.sheet for i in issues],
        "Row": pd.array([i.row for i in issues], dtype="Int64"), "Column": [i.column for i in issues],
        "Value": [i.value for i in issues], "Message": [i.message for i in issues],
    }, columns=COLUMNS)


def issue_kinds(issues: list[Issue]) -> pd.DataFrame:
    """One row per kind of entry: its level, its kind in plain words, how many, and the first example."""
    if not issues:
        return pd.DataFrame(columns=KIND_COLUMNS)
    frame = pd.DataFrame({"Level": [i.level for i in issues], "Kind": [kind_of(i) for i in issues],
                          "Message": [i.message for i in issues]})
    grouped = frame.groupby(["Level", "Kind"], sort=False)
    out = grouped.agg(Count=("Message", "size"), **{"First example": ("Message", "first")}).reset_index()
    order = {"error": 0, "warning": 1, "info": 2}
    return out.sort_values(["Level", "Count"], key=lambda c: c.map(order) if c.name == "Level" else -c,
                           kind="stable").reset_index(drop=True)
