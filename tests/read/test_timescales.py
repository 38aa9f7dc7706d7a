"""Issue 33, item 3: timescales as people write them. "X (revised to Y)" and "Revised: Y" give an original
and a revised date; "Ongoing" and "Complete" are no due date, neither overdue nor warned about; financial
years, financial quarters, "Sept 2023" and "end of March 2024" are read."""
import datetime as dt

import pandas as pd
import pytest
from helpers import csv_bytes

from bvdata import load_tracker
from bvdata.model.status import with_status
from bvdata.read.cells.values import UNREADABLE, no_date_word, parse_date, split_revision

D = dt.date


@pytest.mark.parametrize("text, due", [
    ("2024/25", D(2025, 3, 31)), ("2024-25", D(2025, 3, 31)), ("FY 2023/24", D(2024, 3, 31)),
    ("Q3 2023/24", D(2023, 12, 31)), ("Sept 2023", D(2023, 9, 30)), ("end of March 2024", D(2024, 3, 31)),
    ("End March 2023", D(2023, 3, 31)), ("By 31 March 2024", D(2024, 3, 31)), ("by the end of June 2023", D(2023, 6, 30)),
    ("Target: 30/06/2024", D(2024, 6, 30)),
])
def test_a_timescale_as_written_reads_as_its_date(text, due):
    assert parse_date(text) == due


@pytest.mark.parametrize("text", ["2024/26", "2024/23", "end of the year", "soon"])
def test_what_is_not_a_date_stays_unreadable(text):
    assert parse_date(text) is UNREADABLE and split_revision(text) is None


@pytest.mark.parametrize("text, both", [
    ("December 2022 (revised to October 2023)", (D(2022, 12, 31), D(2023, 10, 31))),
    ("31/12/22 - revised 30/06/23", (D(2022, 12, 31), D(2023, 6, 30))),
    ("March 2023; extended to Sept 2023", (D(2023, 3, 31), D(2023, 9, 30))),
    ("Revised: Oct 2023", (None, D(2023, 10, 31))),
    ("30 June 2023 [revised date 31 Dec 2023]", (D(2023, 6, 30), D(2023, 12, 31))),
])
def test_a_timescale_with_its_revision_gives_both_dates(text, both):
    assert split_revision(text) == both


@pytest.mark.parametrize("word", ["Ongoing", "on-going", "Complete", "COMPLETED", "N/A", "Business as usual"])
def test_words_that_mean_no_due_date(word):
    assert no_date_word(word)


def test_a_tracker_of_written_timescales_reads_right_with_no_warning_about_them():
    rows = [["No.", "Action", "Timescales", "% Complete"],
            ["1", "Refresh the plan", "December 2022 (revised to October 2023)", "50%"],
            ["2", "Train members", "Ongoing", "20%"],
            ["3", "Publish the report", "Complete", "100%"],
            ["4", "Review the scheme", "2024/25", "0%"],
            ["5", "Survey tenants", "Revised: Oct 2023", "10%"],
            ["6", "Agree the budget", "soon", "10%"]]
    tracker = load_tracker(csv_bytes(rows), "timescales.csv")
    a = tracker.actions
    due = [None if pd.isna(d) else pd.Timestamp(d).date() for d in a["due_date"]]
    assert due == [D(2023, 10, 31), None, None, D(2025, 3, 31), D(2023, 10, 31), None]
    assert pd.Timestamp(a["original_due_date"].iloc[0]).date() == D(2022, 12, 31) and int(a["times_moved"].iloc[0]) == 1
    warned = [(i.row, i.value) for i in tracker.warnings if i.column and i.column.startswith("Timescales")]
    assert warned == [(7, "soon")]                          # only the one that is not a date
    notes = " ".join(i.message for i in tracker.issues if i.level == "info")
    assert "'December 2022 (revised to October 2023)'" in notes and "'Ongoing', 'Complete'" in notes
    status = with_status(a, D(2024, 1, 1))
    assert list(status["status"][:3]) != ["overdue"] * 3
    assert status["status"].iloc[1] != "overdue" and status["status"].iloc[0] == "overdue"


@pytest.mark.parametrize("text, as_at, due", [
    ("end of March", D(2022, 2, 14), D(2022, 3, 31)),
    ("End of March", D(2022, 5, 1), D(2023, 3, 31)),         # the March after the update's date
    ("by Sept", D(2023, 9, 30), D(2023, 9, 30)),
    ("December", D(2023, 1, 10), D(2023, 12, 31)),
])
def test_a_month_with_no_year_is_its_first_end_after_the_update_and_warned_about(text, as_at, due):
    rows = [["No.", "Action", "Due date", "% Complete"], ["1", "Refresh the plan", text, "50%"]]
    tracker = load_tracker(csv_bytes(rows), f"plan as at {as_at:%d %B %Y}.csv")
    assert tracker.as_at == as_at
    assert pd.Timestamp(tracker.actions["due_date"].iloc[0]).date() == due
    [warned] = [w for w in tracker.warnings if w.value == text]
    assert f"read as {due:%d %b %Y}" in warned.message and "write the year" in warned.message


def test_a_month_with_no_year_and_no_update_date_is_left_blank_and_warned_about():
    rows = [["No.", "Action", "Due date", "% Complete"], ["1", "Refresh the plan", "end of March", "50%"]]
    tracker = load_tracker(csv_bytes(rows), "plan.csv")
    assert tracker.as_at is None and pd.isna(tracker.actions["due_date"].iloc[0])
    assert [w.value for w in tracker.warnings if "not a date" in w.message] == ["end of March"]
