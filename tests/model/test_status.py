import datetime as dt

import numpy as np
import pandas as pd
import pytest

from bvdata.model.status import (
    AGE_LABELS,
    STATUS_RULES,
    ageing_counts,
    by_lead_officer,
    by_recommendation,
    headline,
    overdue_list,
    summary_sentence,
    with_status,
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
    assert list(df["ageing"]) == ["Under 3 months", "Under 3 months", "Over 12 months", "Under 3 months", "3 to 6 months"]
    assert list(overdue_list(df)["action_id"]) == ["c", "e", "b", "d", "a"]
    assert list(ageing_counts(df)["actions"]) == [3, 1, 0, 1]
    assert list(AGE_LABELS) == list(ageing_counts(df)["ageing"])


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


def with_words(rows):
    """rows: (id, due, completion, progress state)"""
    df = frame([r[:3] for r in rows])
    df["progress"] = pd.array([r[3] for r in rows], dtype="str")
    return df


@pytest.mark.parametrize("state, due, expected", [
    ("closed", "2020-01-01", "closed"), ("paused", "2020-01-01", "paused"),      # never overdue
    ("complete", "2020-01-01", "complete"), ("in_progress", "2020-01-01", "overdue"),
    ("not_started", "2030-01-01", "not_started"), ("in_progress", "2030-01-01", "in_progress"),
    (None, "2030-01-01", "no_update"), ("in_progress", "2022-02-20", "due_soon"),
])
def test_status_from_the_progress_state(state, due, expected):
    assert with_status(with_words([("1", due, None, state)]), AS_OF)["status"].iloc[0] == expected


@pytest.mark.parametrize("completion, state", [(100.0, "complete"), (0.0, "not_started"), (0.5, "in_progress"),
                                               (99.0, "in_progress"), (None, None)])
def test_a_stored_percent_without_a_state_gets_one(completion, state):
    from bvdata.model.status import with_progress
    got = with_progress(frame([("1", None, completion)]))["progress"].iloc[0]
    assert (pd.isna(got) and state is None) or got == state


def test_a_state_the_file_gave_is_not_overwritten_by_the_percent():
    from bvdata.model.status import with_progress
    df = with_words([("1", None, 40, "complete"), ("2", None, 100, "in_progress")])
    assert list(with_progress(df)["progress"]) == ["complete", "in_progress"]


@pytest.mark.parametrize("rows, sentence", [
    ([("1", "2030-01-01", 100, "complete")], "1 of 1 action is complete; none is overdue."),
    ([("1", "2030-01-01", 100, "complete"), ("2", "2021-01-01", 0, "not_started")],
     "1 of 2 actions are complete; 1 is overdue, the oldest by 409 days."),
    ([("1", "2021-01-01", 0, "in_progress"), ("2", "2021-02-13", 0, "in_progress")],
     "0 of 2 actions are complete; 2 are overdue, the oldest by 409 days."),
    ([("1", "2030-01-01", None, "closed"), ("2", "2030-01-01", None, None)],
     "0 of 2 actions are complete; none is overdue; 1 was closed without completion and 1 has no update."),
    ([("1", "2030-01-01", None, "closed"), ("2", "2030-01-01", None, "closed"), ("3", "2030-01-01", None, "paused"),
      ("4", "2030-01-01", None, "paused"), ("5", None, None, None), ("6", None, None, None)],
     "0 of 6 actions are complete; none is overdue; 2 were closed without completion, 2 are paused and 2 have no update."),
    ([("1", "2030-01-01", None, "paused")], "0 of 1 action is complete; none is overdue, and 1 is paused."),
])
def test_summary_sentences_word_for_word(rows, sentence):
    assert summary_sentence(with_status(with_words(rows), AS_OF)) == sentence


def test_summary_sentence_follows_the_noun():
    df = with_status(with_words([("1", "2030-01-01", None, "complete"), ("2", "2030-01-01", None, "complete")]), AS_OF)
    assert summary_sentence(df, ("recommendation", "recommendations")) == \
        "2 of 2 recommendations are complete; none is overdue."
    assert summary_sentence(df.iloc[:0], ("recommendation", "recommendations")) == \
        "No recommendations match the current filters."


def test_by_recommendation_worked_by_hand():
    df = with_status(with_words([("1", "2030-01-01", 100, "complete"), ("2", "2021-01-01", 50, "in_progress"),
                                 ("3", "2030-01-01", None, "closed"), ("4", None, None, None)]), AS_OF)
    df.loc[df["action_id"] == "4", "recommendation"] = "Q"
    out = by_recommendation(df, ["Q", "R"])
    assert list(out["recommendation"]) == ["Q", "R"]
    q, r = out.iloc[0], out.iloc[1]
    assert (q["actions"], q["complete"], q["no_update"], q["share_complete"]) == (1, 0, 1, 0.0)
    assert pd.isna(q["mean_completion"])
    # R: 3 actions; mean of 100 and 50 = 75; 1 of 3 complete = 33.33%
    assert (r["actions"], r["mean_completion"], r["share_complete"]) == (3, 75.0, 33.33)
    assert (r["complete"], r["overdue"], r["closed"], r["paused"], r["in_progress"]) == (1, 1, 1, 0, 0)
    assert list(out.columns[:4]) == ["recommendation", "actions", "mean_completion", "share_complete"]


def test_by_lead_officer_worked_by_hand():
    df = with_status(frame([("1", "2021-01-01", 0, "R", "A"), ("2", "2030-01-01", 100, "R", "A"),
                            ("3", "2030-01-01", 50, "R", "B"), ("4", "2021-01-01", None, "R", None),
                            ("5", "2021-01-01", 20, "R", None)]), AS_OF)
    out = by_lead_officer(df)
    assert out.to_dict("records") == [
        {"lead_officer": "No lead officer named", "actions": 2, "complete": 0, "overdue": 2, "mean_completion": 20.0},
        {"lead_officer": "A", "actions": 2, "complete": 1, "overdue": 1, "mean_completion": 50.0},
        {"lead_officer": "B", "actions": 1, "complete": 0, "overdue": 0, "mean_completion": 50.0},
    ]


@pytest.mark.parametrize("days, bucket", [(0, None), (1, "Under 3 months"), (91, "Under 3 months"),
                                          (92, "3 to 6 months"), (182, "3 to 6 months"), (183, "6 to 12 months"),
                                          (365, "6 to 12 months"), (366, "Over 12 months"), (5000, "Over 12 months")])
def test_ageing_bucket_edges(days, bucket):
    from bvdata.model.status import ageing_bucket
    got = ageing_bucket(pd.Series([days], dtype="Int64")).iloc[0]
    assert (pd.isna(got) and bucket is None) or got == bucket


def test_ageing_counts_and_headline_worked_by_hand():
    df = with_status(frame([("a", "2022-02-13", 0), ("b", "2021-11-16", 0), ("c", "2020-03-31", None),
                            ("d", "2030-01-01", 100), ("e", "2030-01-01", None)]), AS_OF)
    assert ageing_counts(df).to_dict("records") == [
        {"ageing": "Under 3 months", "actions": 2}, {"ageing": "3 to 6 months", "actions": 0},
        {"ageing": "6 to 12 months", "actions": 0}, {"ageing": "Over 12 months", "actions": 1}]
    assert headline(df) == {"actions": 5, "complete": 1, "closed": 0, "paused": 0, "overdue": 3, "no_update": 1,
                            "mean_completion": 33.33}
    assert list(df["days_overdue"].fillna(-1)) == [1, 90, 685, -1, -1]


def test_one_age_banding_for_the_overdue_page_and_every_plan():
    """Issue 34, item 2: the Overdue page's bands and All plans' are the same table (vocab/age_bands.csv)."""
    from bvdata.model.portfolio import AGE_BANDS as PORTFOLIO_BANDS
    from bvdata.model.portfolio import age_band
    from bvdata.model.status import AGE_BANDS, ageing_bucket
    assert PORTFOLIO_BANDS is AGE_BANDS
    days = [1, 91, 92, 182, 183, 365, 366, 900]
    assert list(ageing_bucket(pd.Series(days, dtype="Int64"))) == [age_band(d) for d in days]
