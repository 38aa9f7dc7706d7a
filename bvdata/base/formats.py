"""One format per kind of figure, everywhere on screen and in the paper: dates as "14 Feb 2022" (ISO
only in exports), counts with thousands separators, percentages whole, scores to one decimal place.
Pages and papers format through these, never with their own strftime or format spec."""
from __future__ import annotations

import datetime as dt
import math

DATE_FORMAT = "%d %b %Y"          # 14 Feb 2022
DATE_COLUMN = "DD MMM YYYY"        # the same, for a table's date column (Streamlit takes a Moment.js pattern)
DATE_PATTERN = r"\d{2} [A-Z][a-z]{2} \d{4}"    # what every date on screen matches (tests)
# the same formats for a table's number columns (Streamlit takes printf-style specs)
SCORE_COLUMN, PERCENT_COLUMN, CHANGE_COLUMN = "%.1f", "%.0f%%", "%+.1f"


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "nan", "<NA>")


def day(value, blank: str = "") -> str:
    """'14 Feb 2022' ('08 Feb 2021'); ``blank`` for a missing date."""
    if _blank(value):
        return blank
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        import pandas as pd
        value = pd.Timestamp(value).date()
    return f"{value:{DATE_FORMAT}}"


def count(n) -> str:
    """'8,843'."""
    return f"{int(n):,}"


def percent(value, blank: str = "") -> str:
    """'75%': whole."""
    return blank if _blank(value) else f"{float(value):.0f}%"


def score(value, blank: str = "") -> str:
    """'3.5': one decimal place."""
    return blank if _blank(value) else f"{float(value):.1f}"


def change(value, blank: str = "") -> str:
    """'+0.5', '-1.0': a change in a score (or a gap to target), signed, to one decimal place."""
    return blank if _blank(value) else f"{float(value):+.1f}"
