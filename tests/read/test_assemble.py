"""Every real tracker shape reads to the right figures (see tests/shapes.py for what each file holds)."""
import datetime as dt

import pandas as pd
import pytest
from helpers import csv_bytes
from hypothesis import given
from hypothesis import strategies as st
from shapes import AS_AT, rag_tracker, recommendation_workbook, status_word_csv

from bvdata import load_tracker
from bvdata.cli.main import check_report
from bvdata.model.status import headline, with_status


def ids_with(df, status) -> list[str]:
    return sorted(df.loc[df["status"] == status, "action_id"], key=int)


@pytest.fixture(scope="module")
def rag():
    return load_tracker(rag_tracker(), "rag.xlsx")


@pytest.fixture(scope="module")
def words():
    return load_tracker(status_word_csv(), "words.csv")


@pytest.fixture(scope="module")
def recs():
    return load_tracker(recommendation_workbook(), "recommendations.xlsx")


def test_rag_tracker_reads_to_the_seed_figures(rag):
    assert rag.as_at == AS_AT
    df = with_status(rag.actions, rag.as_at)
    h = headline(df)
    assert (h["actions"], h["complete"], h["overdue"], h["no_update"]) == (40, 17, 2, 2)
    assert ids_with(df, "overdue") == ["14", "37"]
    assert ids_with(df, "no_update") == ["19", "35"]
    a = df.set_index("action_id")
    assert a.loc["21", "status"] == "in_progress" and a.loc["21", "rag"] == "Red"       # Red is off track
    assert a.loc["1", "rag"] == "Blue" and a.loc["1", "status"] == "complete"
    assert a.loc["6", "status"] == "complete" and a.loc["22", "rag"] == "Blue"
    assert a["completion"].isna().all()                     # no % column: nothing invented


def test_rag_tracker_revised_dates_count(rag):
    a = rag.actions.set_index("action_id")
    revised = sorted(a.index[a["times_moved"] > 0], key=int)
    assert revised == ["5", "6", "7", "8", "9", "10"]
    assert a.loc["5", "due_date"] == pd.Timestamp("2022-06-30")          # the revised date counts
    assert a.loc["5", "original_due_date"] == pd.Timestamp("2021-06-28")
    assert a.loc["1", "times_moved"] == 0 and a.loc["1", "due_date"] == pd.Timestamp("2022-10-31")


def test_rag_tracker_warns_about_nothing(rag):
    assert rag.warnings == []


def test_status_words_read_to_the_right_figures(words):
    assert words.as_at == AS_AT
    df = with_status(words.actions, words.as_at)
    h = headline(df)
    assert (h["actions"], h["complete"], h["closed"], h["paused"], h["overdue"]) == (40, 18, 3, 1, 2)
    assert ids_with(df, "closed") == ["30", "31", "39"]            # 39 was due in 2020: never overdue
    assert ids_with(df, "paused") == ["33"]
    assert ids_with(df, "overdue") == ["14", "37"]
    a = df.set_index("action_id")
    assert a.loc["32", "progress_word"] == "Awaiting sign-off" and a.loc["32", "status"] == "no_update"
    assert a.loc["3", "status"] == "complete"                           # "Implmented"


def test_status_word_dates_months_and_quarters(words):
    a = words.actions.set_index("action_id")
    assert a.loc["1", "due_date"] == pd.Timestamp("2022-12-31")         # Q3 2022/23
    assert a.loc["5", "due_date"] == pd.Timestamp("2022-03-31")         # Q1 2022
    assert a.loc["37", "due_date"] == pd.Timestamp("2020-03-31")        # Mar 2020
    notes = [i.message for i in words.issues if i.level == "info"]
    assert sum("months" in m for m in notes) == 1
    assert sum("quarters of the financial year" in m or "financial quarters" in m for m in notes) == 1
    assert sum(m.startswith("Dates written as quarters") for m in notes) == 1
    assert any("'Implmented' is read as 'implemented'" in m for m in notes)


def test_status_words_warn_once_per_unknown_word(words):
    unknown = [w for w in words.warnings if "not a progress word" in w.message]
    assert len(unknown) == 1 and unknown[0].value == "Awaiting sign-off" and unknown[0].row == 34
    assert len(words.warnings) == 1


def test_recommendation_workbook(recs):
    assert recs.noun == ("recommendation", "recommendations")
    assert recs.views == ["Fully Implemented", "Ongoing"]
    df = with_status(recs.actions, recs.as_at)
    assert len(df) == 12 and sorted(df["action_id"], key=int) == [str(i) for i in range(1, 13)]
    assert recs.recommendations == ["Best Value Assurance Report 2019", "Annual Audit Report 2020/21",
                                    "Health and Social Care Integration 2021"]
    assert ids_with(df, "complete") == ["1", "10", "5"] or ids_with(df, "complete") == ["1", "5", "10"]
    assert ids_with(df, "closed") == ["4"] and ids_with(df, "paused") == ["8"]
    assert ids_with(df, "overdue") == ["3", "6", "11"]
    a = df.set_index("action_id")
    assert sorted(a.index[a["priority"] == "High"], key=int) == ["1", "5", "6", "9"]
    assert a.loc["7", "acceptance"] == "Rejected" and a.loc["3", "acceptance"] == "Partially accepted"
    assert a.loc["7", "due_date"] == pd.Timestamp("2022-03-31") and a.loc["7", "status"] == "not_started"
    assert a.loc["10", "due_date"] == pd.Timestamp("2021-10-31")        # Excel day 44500, written as text
    template = [w for w in recs.warnings if "template rows" in w.message]
    assert len(template) == 1 and "(rows 16–23)" in template[0].message
    views = [i for i in recs.issues if "is a view of it" in i.message]
    assert [v.sheet for v in views] == ["Fully Implemented", "Ongoing"]


def test_check_json_gains_the_new_lists(words, recs):
    report = check_report(words, None)
    assert report["as_of"] == "2022-02-14" and report["as_of_source"] == "the file"
    assert report["closed"] == ["30", "31", "39"] and report["paused"] == ["33"]
    assert report["overdue"] == ["37", "14"]
    r = check_report(recs, None)
    assert r["items"] == "recommendations" and r["revised"] == []
    assert [g["complete"] for g in r["recommendations"]] == [1, 1, 1]
    assert check_report(load_tracker(rag_tracker(), "rag.xlsx"), None)["revised"] == ["5", "6", "7", "8", "9", "10"]


def test_both_a_percent_and_a_word_are_kept_and_disagreement_warned():
    data = csv_bytes([["No.", "Action", "% Complete", "Status", "Due date"],
                      ["1", "a", "40%", "Complete", "31/03/2022"], ["2", "b", "100%", "Completed", "31/03/2022"],
                      ["3", "c", "100%", "In progress", "31/03/2022"]])
    t = load_tracker(data, "both.csv")
    a = t.actions.set_index("action_id")
    assert list(a["completion"]) == [40.0, 100.0, 100.0] and list(a["progress"]) == ["complete", "complete", "in_progress"]
    disagreeing = sorted(w.row for w in t.warnings if "both are kept" in w.message)
    assert disagreeing == [2, 4]


# ---- properties: whatever the words, no row is lost or counted twice, and no count moves silently --------

_known = st.sampled_from(["Complete", "Implemented", "In progress", "Ongoing", "Not started", "Superseded",
                          "On hold", "Green", "Amber", "Red", "Blue", ""])
_any_word = st.one_of(_known, st.text(alphabet=st.characters(codec="ascii", categories=("L", "Zs")),
                                      min_size=1, max_size=12).map(str.strip))


@given(st.lists(_any_word, min_size=1, max_size=25))
def test_no_row_lost_or_counted_twice_whatever_the_words(statuses):
    rows = [["No.", "Action", "Status", "Due date"]]
    rows += [[str(i + 1), f"action {i + 1}", word, "31/03/2030"] for i, word in enumerate(statuses)]
    t = load_tracker(csv_bytes(rows), "w.csv")
    df = with_status(t.actions, dt.date(2022, 1, 1))
    assert list(df["action_id"]) == [str(i + 1) for i in range(len(statuses))]
    assert df["status"].value_counts().sum() == len(statuses)
    # every word that was not understood is named in a warning: it never changes a count unannounced
    unknown = {w.value for w in t.warnings if "not a progress word" in w.message}
    for word, state in zip(statuses, df["progress"]):
        if word.strip() and pd.isna(state):
            assert word.strip() in unknown


def test_a_committee_paper_dated_only_by_its_committee_and_a_formula_without_a_value():
    from shapes import committee_paper_presented
    t = load_tracker(committee_paper_presented(), "paper.xlsx")
    assert t.as_at == AS_AT and "Presented to Audit and Scrutiny Committee" in t.as_at_source
    df = with_status(t.actions, t.as_at)
    assert ids_with(df, "overdue") == ["14", "37"]
    a = df.set_index("action_id")
    assert a.loc["12", "action"] == '=HYPERLINK("https://example.org/plan", "Use the budget consultation")'
    assert a.loc["12", "from_formula"] == "action" and a["from_formula"].notna().sum() == 1
    formula = [w for w in t.warnings if "formula has no saved value" in w.message]
    assert len(formula) == 1 and formula[0].row == a.loc["12", "source_row"]


@pytest.mark.parametrize("heading, word, says", [
    ("Priority", "Urgent-ish", "not a priority the tracker knows (such as 'High', 'Medium' or 'Low')"),
    ("Response", "Maybe", "not a response to a recommendation the tracker knows (such as 'Accepted'"),
])
def test_an_unknown_choice_says_what_the_analyst_can_do(heading, word, says):
    rows = [["No.", "Action", "Due date", "% Complete", "Notes", "Lead Officer", heading],
            ["1", "Refresh the plan", "31/03/2022", "50%", "", "Clair", word]]
    tracker = load_tracker(csv_bytes(rows), "plan.csv")
    [warned] = [w for w in tracker.warnings if w.value == word]
    assert says in warned.message and "Data page" in warned.message and "bvdata" not in warned.message
