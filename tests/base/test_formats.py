"""One format per kind of figure (bvdata.base.formats)."""
import datetime as dt
import math

import pandas as pd
import pytest

from bvdata.base.formats import change, count, day, percent, score


@pytest.mark.parametrize("fn, value, shown", [
    (day, dt.date(2022, 2, 14), "14 Feb 2022"),
    (day, pd.Timestamp("2021-02-08 10:30"), "08 Feb 2021"),
    (day, pd.NaT, ""),
    (count, 8843, "8,843"),
    (percent, 74.6, "75%"),
    (percent, None, ""),
    (score, 3.25, "3.2"),
    (score, math.nan, ""),
    (change, 0.5, "+0.5"),
    (change, -1.0, "-1.0"),
    (change, 0, "+0.0"),
    (change, pd.NA, ""),
])
def test_each_kind_of_figure_has_one_format(fn, value, shown):
    assert fn(value) == shown


def test_a_blank_can_be_shown_as_a_dash():
    assert change(None, blank="–") == "–" and percent(math.nan, blank="–") == "–"
