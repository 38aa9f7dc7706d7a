import math

import numpy as np
import pandas as pd
import pytest

from bvdata.base.labels import (
    COLUMN_LABELS,
    NO_LEAD_OFFICER,
    action_label,
    action_labels,
    is_missing,
    labelled,
    officer_names,
    or_none,
    plural,
)


@pytest.mark.parametrize("value, missing", [
    (None, True), (pd.NA, True), (pd.NaT, True), (float("nan"), True), (np.float64("nan"), True),
    (0, False), (0.0, False), ("", False), ("x", False), (math.inf, False), (False, False),
])
def test_is_missing(value, missing):
    assert is_missing(value) is missing


def test_or_none():
    assert or_none(float("nan")) is None and or_none(pd.NA) is None and or_none(2.5) == 2.5 and or_none("") == ""


def test_action_label_is_the_number_or_where_the_row_is():
    assert action_label({"action_id": "14", "source_sheet": "Plan", "source_row": 9}) == "14"
    assert action_label({"action_id": None, "source_sheet": "Plan", "source_row": 9}) == "Plan row 9"
    assert action_label({"action_id": "", "source_sheet": "Plan", "source_row": 9}) == "Plan row 9"


def test_action_labels_for_a_table():
    df = pd.DataFrame({"action_id": pd.array(["1", None, "3"], dtype="str"), "source_sheet": ["S", "S", "T"],
                       "source_row": [4, 5, 6]})
    assert action_labels(df).tolist() == ["1", "S row 5", "3"]


def test_officer_names_and_labelled():
    assert officer_names(pd.Series(["A", None])).tolist() == ["A", NO_LEAD_OFFICER]
    assert list(labelled(pd.DataFrame(columns=["action_id", "completion", "other"])).columns) == \
        ["No.", "% Completion", "other"]
    assert COLUMN_LABELS["due_date"] == "Timescales"


@pytest.mark.parametrize("count, noun, expected", [
    (0, "action", "0 actions"), (1, "action", "1 action"), (2, "recommendation", "2 recommendations"),
    (1204, "action", "1,204 actions"), (1, "entry", "1 entry"),
])
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


def test_plural_with_an_irregular_form():
    assert plural(3, "entry", "entries") == "3 entries"


def test_the_headings_follow_the_files_words():
    from bvdata.base.labels import column_labels
    from bvdata.base.words import Noun, Words
    words = Words(Noun("finding", "findings"), Noun("report", "reports"), "Person responsible", "People responsible")
    labels = column_labels(words)
    assert (labels["action"], labels["recommendation"], labels["lead_officer"], labels["actions"]) == (
        "Finding", "Report", "Person responsible", "Findings")
    assert column_labels()["action"] == "Action" and words.leads(2) == "2 people responsible"
    assert Noun("report", "reports").count(8843) == "8,843 reports"
