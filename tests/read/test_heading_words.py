"""Issue 33, item 1: headings known by their words (vocab/heading_words.csv), with the values under them as
evidence; unknown words never veto. The shapes the issue names: a plain six-column tracker starting in
column B, a corrective-action log, a findings log."""
import datetime as dt

import pandas as pd
import pytest
from helpers import csv_bytes, xlsx_bytes

from bvdata import load_tracker
from bvdata.base.vocab import field_from_words


@pytest.mark.parametrize("heading, field", [
    ("Task Description", "action"), ("Problem Description", "action"), ("Finding", "action"),
    ("Owner", "lead_officer"), ("Champion", "lead_officer"), ("Person Responsible", "lead_officer"),
    ("Assigned to", "lead_officer"), ("S.No", "action_id"), ("No.", "action_id"), ("#", "action_id"),
    ("Internal CAR #", "action_id"), ("Task Category", "recommendation"), ("Workstream", "recommendation"),
    ("Audit Report", "report"), ("Final Resp. Due Date", "due_date"), ("By when", "due_date"),
    ("Remarks", "notes"),
])
def test_a_heading_is_known_by_its_words(heading, field):
    assert field_from_words(heading) == field


@pytest.mark.parametrize("heading", ["Date raised", "Progress update", "Publication Date", "Sector", "Column1",
                                     "What Recommendation holds", "Entity Type"])
def test_a_heading_whose_words_say_nothing_for_sure_names_nothing(heading):
    assert field_from_words(heading) is None


def test_a_plain_six_column_tracker_starting_in_column_b_is_read():
    rows = [["", "S.No", "Task Category", "Task Description", "Owner", "Status", "Remarks"],
            ["", "1", "Governance", "Refresh the plan", "A Smith", "Complete", ""],
            ["", "2", "Governance", "Train members", "B Jones", "In progress", "Course booked"],
            ["", "3", "Finance", "Review the budget", "C Brown", "Not started", ""]]
    tracker = load_tracker(xlsx_bytes({"Tasks": rows}), "tasks.xlsx")
    a = tracker.actions
    assert list(a["action_id"]) == ["1", "2", "3"] and list(a["lead_officer"]) == ["A Smith", "B Jones", "C Brown"]
    assert list(a["progress"]) == ["complete", "in_progress", "not_started"]
    assert list(a["recommendation"]) == ["Governance", "Governance", "Finance"]
    assert a["notes"].iloc[1] == "Course booked" and list(a["source_row"]) == [2, 3, 4]


def test_a_corrective_action_log_with_a_title_and_unknown_columns_is_read():
    rows = [["Corrective action log 2023"], [],
            ["Internal CAR #", "Date raised", "Problem Description", "Root cause", "Person Responsible",
             "Final Resp. Due Date", "Status", "Verified by"],
            ["CAR-1", "01/01/2023", "Calibration overdue", "Process", "A Smith", "31/03/2023", "Open", ""],
            ["CAR-2", "02/01/2023", "Training records missing", "People", "B Jones", "30/06/2023", "Closed", "QA"],
            ["CAR-3", "03/01/2023", "Supplier audit late", "Supplier", "C Brown", "30/09/2023", "Open", ""]]
    tracker = load_tracker(csv_bytes(rows), "car.csv")
    a = tracker.actions
    assert list(a["action_id"]) == ["CAR-1", "CAR-2", "CAR-3"]
    assert [pd.Timestamp(d).date() for d in a["due_date"]] == [dt.date(2023, 3, 31), dt.date(2023, 6, 30),
                                                               dt.date(2023, 9, 30)]
    assert list(a["action"]) == ["Calibration overdue", "Training records missing", "Supplier audit late"]


def test_a_findings_log_has_each_finding_as_its_item():
    rows = [["#", "Finding", "Assigned to", "By when", "Progress"],
            ["1", "Controls weak", "A Smith", "March 2024", "50%"],
            ["2", "No reconciliation", "B Jones", "2024/25", "0%"],
            ["3", "Late returns", "C Brown", "Q3 2023/24", "100%"]]
    a = load_tracker(csv_bytes(rows), "findings.csv").actions
    assert list(a["action"]) == ["Controls weak", "No reconciliation", "Late returns"]
    assert list(a["completion"]) == [50, 0, 100]


def test_a_guessed_column_whose_values_disagree_is_left_out_never_the_table():
    """"Status update" holds long text, not a status: known only by its words, it is left out and the
    table is still read."""
    rows = [["No.", "Action", "Due date", "% Complete", "Status state"],
            ["1", "Refresh the plan", "31/03/2023", "50%", "We met the board and agreed the scope"],
            ["2", "Train members", "30/06/2023", "20%", "Sessions booked for the spring term"],
            ["3", "Review the scheme", "30/09/2023", "0%", "Waiting for the consultant to report back"]]
    tracker = load_tracker(csv_bytes(rows), "t.csv")
    assert list(tracker.actions["completion"]) == [50, 20, 0]
    assert tracker.actions["progress_word"].isna().all()


@pytest.mark.parametrize("with_action", [False, True])
def test_an_audit_follow_up_reads_each_row_as_an_item_under_its_report(with_action):
    """Issue 33, item 5: with an "Audit Report" and a "Recommendation" column, each row is an item and the
    report its group, however often the recommendations' words repeat: 36 recommendations under 6 audit
    reports, never 12 "recommendations" of 3 actions each."""
    heading = ["Audit Report", "Recommendation"] + (["Agreed action"] if with_action else []) + \
        ["Responsible Officer", "Due Date", "Status"]
    rows = [heading]
    for r in range(1, 7):
        for k in range(1, 7):
            rows.append([f"Report {r}: payroll controls", f"Rec {(k - 1) % 2 + 1}"]
                        + ([f"Action {r}.{k}"] if with_action else [])
                        + [f"Officer {k}", "31/03/2024", "Complete" if k < 3 else "In progress"])
    tracker = load_tracker(csv_bytes(rows), "ia.csv")
    assert len(tracker.actions) == 36 and len(tracker.recommendations) == 6
    words = f"{tracker.words.item.count(36)} under {tracker.words.group.count(6)}"
    assert words == "36 recommendations under 6 audit reports"
    if with_action:
        assert tracker.actions["recommendation_text"].iloc[0] == "Rec 1"
