"""The validation report as tables a page can show and download: grouped by kind with counts, and
the entries themselves, however many thousands there are."""
from __future__ import annotations

import re

import pandas as pd

from ...base.errors import Issue

COLUMNS = ["Level", "Sheet", "Row", "Column", "Value", "Message"]
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|\b\d[\d,.]*\b")


def kind_of(message: str) -> str:
    """The message with its particulars (quoted text, numbers) replaced, so like entries group together."""
    return _VARYING.sub("…", message)


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Every entry, one row each, built column by column (thousands of entries in milliseconds)."""
    return pd.DataFrame({
        "Level": [i.level for i in issues], "Sheet": [i.sheet for i in issues],
        "Row": pd.array([i.row for i in issues], dtype="Int64"), "Column": [i.column for i in issues],
        "Value": [i.value for i in issues], "Message": [i.message for i in issues],
    }, columns=COLUMNS)


def issue_kinds(issues: list[Issue]) -> pd.DataFrame:
    """One row per kind of entry: its level, how many, and the first example's message."""
    if not issues:
        return pd.DataFrame(columns=["Level", "Kind", "Count", "First example"])
    frame = pd.DataFrame({"Level": [i.level for i in issues], "Kind": [kind_of(i.message) for i in issues],
                          "Message": [i.message for i in issues]})
    grouped = frame.groupby(["Level", "Kind"], sort=False)
    out = grouped.agg(Count=("Message", "size"), **{"First example": ("Message", "first")}).reset_index()
    order = {"error": 0, "warning": 1, "info": 2}
    return out.sort_values(["Level", "Count"], key=lambda c: c.map(order) if c.name == "Level" else -c,
                           kind="stable").reset_index(drop=True)
