import datetime as dt

import numpy as np
import pandas as pd
import pytest

from bvdata.status import (
    AGEING_BUCKETS, STATUS_RULES, ageing_counts, by_lead_officer, by_recommendation, headline, overdue_list,
    summary_sentence, with_status,
)

AS_OF = dt.date(2022, 2, 14)


def frame(rows):
    """rows: (id, due 'YYYY-MM-DD' or None, completion or None[, recommendation, officer])"""
    full = [r + (None,) * (5 - len(r)) for r in rows]
    return pd.DataFrame({
        "action_id": [r[0] for r in full],
        "due_date": pd.to_datetime([r[1] for r in full]),
        "completion": pd.array([np.nan if r[2] is None else r[2] for r in full], dtype="float64"),
        "recommendation": [r[3] or "R" for r in full],
        "lead_officer": [r[4] for r in full],
        "action": ["a"] * len(full), "notes": [None] * len(full),
        "source_sheet": ["S"] * len(full), "source_row": range(2, 2 + len(full)),
    })


@pytest.mark.parametrize("due, completion, expected", [
    ("2021-01-01", 100, "complete"),
    ("2021-01-01", 50, "overdue"),
    ("2021-01-01", None, "overdue"),        # blank completion counts as not complete
    ("2022-02-13", 0, "overdue"),
    ("2022-02-14", 50, "due_soon"),         # due today is not yet overdue
    ("2022-12-31", None, "no_update"),
    (None, None, "no_update"),
    ("2022-12-31", 0, "not_started"),
    ("2022-03-01", 0, "not_started"),       # rules are tried in order
    ("2022-03-16", 50, "due_soon"),         # 30 days on
    ("2022-03-17", 50, "in_progress"),
    (None, 40, "in_progress"),
])
def test_status_rules(due, completion, expected):
    assert with_status(frame([("1", due, completion)]), AS_OF)["status"].iloc[0] == expected


def test_every_rule_has_label_definition_and_distinct_colour_and_pattern():
    assert len({r.colour for r in STATUS_RULES}) == len(STATUS_RULES)
    assert len({r.pattern for r in STATUS_RULES}) == len(STATUS_RULES)
    assert all(r.label and r.definition.endswith(".") for r in STATUS_RULES)


def test_days_overdue_and_ageing():
    df = with_status(frame([("a", "2022-02-13", 0), ("b", "2021-11-16", 0), ("c", "2020-03-31", None),
                            ("d", "2022-01-15", 10), ("e", "2021-08-18", 50)]), AS_OF)
    assert list(df["days_overdue"]) == [1, 90, 685, 30, 180]
    assert list(df["ageing"]) == ["1–30 days", "31–90 days", "Over 180 days", "1–30 days", "91–180 days"]
    assert list(overdue_list(df)["action_id"]) == ["c", "e", "b", "d", "a"]
    assert list(ageing_counts(df)["actions"]) == [2, 1, 1, 1]
    assert [b[2] for b in AGEING_BUCKETS] == list(ageing_counts(df)["ageing"])


def test_by_recommendation_mean_over_non_blank_values():
    df = with_status(frame([("1", "2023-01-01", 50, "R1"), ("2", "2023-01-01", None, "R1"),
                            ("3", "2023-01-01", 100, "R2"), ("4", None, None, "R3")]), AS_OF)
    out = by_recommendation(df).set_index("recommendation")
    assert out.loc["R1", "actions"] == 2 and out.loc["R1", "mean_completion"] == 50
    assert out.loc["R2", "complete"] == 1
    assert pd.isna(out.loc["R3", "mean_completion"])
    assert list(out.index) == ["R1", "R2", "R3"]


def test_headline_and_sentence(sample_tracker):
    df = with_status(sample_tracker.actions, sample_tracker.as_at)
    # by hand from the seed: 36 of 40 actions give a %, adding up to 2,765; 2765 / 36 = 76.805…
    assert headline(df) == {"actions": 40, "complete": 17, "closed": 0, "paused": 0, "overdue": 2, "no_update": 2,
                            "mean_completion": 76.81}
    assert summary_sentence(df).startswith("17 of 40 actions are complete; 2 are overdue, the oldest by 685 days")


def test_sentence_with_nothing_and_one():
    assert summary_sentence(with_status(frame([]), AS_OF)) == "No actions match the current filters."
    one = with_status(frame([("1", "2022-02-13", 0)]), AS_OF)
    assert summary_sentence(one) == "0 of 1 action is complete; 1 is overdue, the oldest by 1 day."


def test_by_lead_officer_puts_most_overdue_first():
    df = with_status(frame([("1", "2021-01-01", 0, "R", "A"), ("2", "2023-01-01", 0, "R", "B"),
                            ("3", "2021-01-01", 0, "R", None)]), AS_OF)
    out = by_lead_officer(df)
    assert list(out["lead_officer"]) == ["A", "No lead officer named", "B"]
    assert list(out["overdue"]) == [1, 1, 0]
    assert out.iloc[-1]["lead_officer"] == "B"
