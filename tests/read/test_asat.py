"""Restating the as-at date of a title: only the date after the phrase changes."""
import datetime as dt

import pytest

from bvdata.read.finding.asat import as_at_in_text, restate

NEW = dt.date(2026, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("as at 14 February 2022", "as at 23 November 2026"),
    ("Progress Update - Position as at 31/03/2022 (draft)", "Progress Update - Position as at 23 November 2026 (draft)"),
    ("Presented to Audit Committee, 14 Feb 2022", "Presented to Audit Committee, 23 November 2026"),
    ("Best Value Audit Implementation Plan", None),
    ("as at the next meeting", None),
])
def test_restate(text, expected):
    assert restate(text, NEW) == expected
    if expected is not None:
        assert as_at_in_text(expected) == NEW
