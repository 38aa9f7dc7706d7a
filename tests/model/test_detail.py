import pandas as pd
import pytest

from bvdata.model.detail import action_facts, reported_against_computed


@pytest.mark.parametrize("rag, key, label, expected", [
    ("Green", "overdue", "Overdue", "Reported Green (on track), but overdue"),
    ("g", "no_update", "No update", "Reported Green (on track), but no update"),
    ("Blue", "complete", "Complete", "Reported Blue (complete); the status is complete"),
    ("Red", "overdue", "Overdue", "Reported Red (off track), but overdue"),
    ("Amber", "due_soon", "Due soon", "Reported Amber (at risk of slipping); the status is due soon"),
    ("Purple", "in_progress", "In progress", "Reported 'Purple' (not a colour the tracker knows)"),
    (None, "overdue", "Overdue", None), ("", "overdue", "Overdue", None),
])
def test_reported_colour_beside_the_computed_status(rag, key, label, expected):
    assert reported_against_computed(rag, key, label) == expected


def test_facts_name_every_field_the_file_carried():
    row = pd.Series({"action": "Do it", "notes": None, "recommendation": "R1", "lead_officer": "A", "service_lead": None,
                     "report_ref": "12", "rag": "Green", "status": "overdue", "status_label": "Overdue",
                     "progress_word": "Partially implemented", "times_moved": 2,
                     "original_due_date": pd.Timestamp("2021-03-31"), "due_date": pd.Timestamp("2022-06-30"),
                     "priority": "High", "acceptance": None})
    facts = dict(action_facts(row))
    assert facts["Notes"] == "–" and facts["Service lead"] == "–"
    assert facts["RAG"] == "Reported Green (on track), but overdue"
    assert facts["Due date moved"] == "2 times: first due 31 Mar 2021, now 30 Jun 2022"
    assert facts["Priority"] == "High" and "Acceptance" not in facts


@pytest.mark.parametrize("colour_only, shown", [
    ("colour only: the RAG (D) cell was blank, filled Grey as 'superseded' (the file's key)",
     "Colour only: the RAG (D) cell was blank, filled Grey as 'superseded' (the file's key)."),
    (None, None),
])
def test_a_status_read_from_a_colour_says_so(colour_only, shown):
    row = pd.Series({"action": "Do it", "recommendation": "R1", "status": "closed", "status_label": "Closed",
                     "times_moved": 0, "colour_only": colour_only})
    assert dict(action_facts(row)).get("Status source") == shown
