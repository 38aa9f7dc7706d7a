import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from bvdata.model.compare import MOVEMENTS, compare, match_actions, movement_of
from tests.conftest import ROOT, SAMPLE

EARLIER = ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"
NA = math.nan


@pytest.mark.parametrize("old, new, expected", [
    (50, 100, "completed"), (NA, 100, "completed"), (100, 100, "no_movement"),
    (25, 50, "progressed"), (NA, 10, "progressed"), (NA, 0, "no_movement"),
    (50, 50, "no_movement"), (NA, NA, "no_movement"),
    (75, 50, "went_backwards"), (100, 90, "went_backwards"), (40, NA, "went_backwards"),
])
def test_movement_rules(old, new, expected):
    assert movement_of(old, new) == expected


def frame(rows):
    return pd.DataFrame({
        "action_id": [r[0] for r in rows], "action": [r[1] for r in rows],
        "completion": [r[2] for r in rows], "due_date": pd.to_datetime([r[3] for r in rows]),
        "recommendation": ["R"] * len(rows), "source_sheet": ["S"] * len(rows), "source_row": range(2, 2 + len(rows)),
    })


def test_matching_by_id_then_wording_then_similar_wording():
    old = frame([("1", "Adopt PSIF as the corporate model", 50, "2022-03-31"),
                 ("2", "Survey all staff using the online tool", 20, "2022-03-31"),
                 ("3", "Review induction training with members", 0, "2022-03-31"),
                 ("4", "Something dropped entirely", 0, None)])
    new = frame([("1", "Adopt PSIF as the corporate model", 100, "2022-03-31"),
                 ("12", "Survey all staff using the online tool", 40, "2022-06-30"),    # renumbered
                 ("13", "Review the induction training with members", 0, None),      # renumbered and reworded
                 ("14", "A brand new action", None, None)])
    m = match_actions(old, new)
    assert sorted(zip(m.pairs, m.how)) == [((0, 0), "id"), ((1, 1), "wording"), ((2, 2), "similar wording")]
    assert m.removed_old_positions == [3] and m.new_positions == [3]
    c = compare(old, new)
    assert c.movement["completed"] == ["1"] and c.movement["progressed"] == ["12"]
    assert c.movement["new"] == ["14"] and c.movement["removed"] == ["4"]
    assert {"id": "12", "old": "2022-03-31", "new": "2022-06-30"} in c.due_date_changed
    assert [w["id"] for w in c.wording_changed] == ["13"]
    every = sum(len(v) for v in c.movement.values())
    assert every == 5            # 3 matched + 1 new + 1 removed: nothing dropped silently


def test_duplicate_ids_pair_in_order():
    old = frame([("1", "a", 10, None), ("1", "b", 20, None)])
    new = frame([("1", "a", 10, None), ("1", "b", 30, None)])
    assert compare(old, new).movement["progressed"] == ["1"]


def test_sample_history_comparison(sample_tracker):
    from bvdata import load_tracker
    old = load_tracker(EARLIER)
    c = compare(old.actions, sample_tracker.actions, sample_tracker.amendments)
    assert sum(len(v) for v in c.movement.values()) == 40
    reworded = {w["id"]: w for w in c.wording_changed}
    assert set(reworded) == {"23", "24", "36"}
    assert reworded["23"]["justification"].startswith("There is a need to reflect")
    assert "14" in c.movement["no_movement"]       # blank in both
    assert len(c.recommendations) == 8


def test_compare_cli_json_with_files():
    proc = subprocess.run([sys.executable, "-m", "bvdata", "compare", str(EARLIER), str(SAMPLE), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out["movement"]) == {k for k, _, _ in MOVEMENTS}
    assert all(set(d) == {"id", "old", "new"} for d in out["due_date_changed"])
    assert all(set(d) == {"id", "old", "new", "justification"} for d in out["wording_changed"])


@pytest.mark.parametrize("old, new, expected", [
    ("in_progress", "complete", "completed"), (None, "complete", "completed"), ("not_started", "in_progress", "progressed"),
    ("in_progress", "in_progress", "no_movement"), ("in_progress", None, "went_backwards"),
    ("in_progress", "not_started", "went_backwards"), (None, "not_started", "no_movement"),
    ("in_progress", "closed", "progressed"), ("in_progress", "paused", "went_backwards"), (None, None, "no_movement"),
])
def test_movement_by_state_for_word_and_colour_trackers(old, new, expected):
    from bvdata.model.compare import movement_by_state
    assert movement_by_state(old, new) == expected


def test_a_rag_tracker_moves_by_its_colours():
    from helpers import csv_bytes

    from bvdata import load_tracker
    head = ["No.", "Action", "RAG", "Due date"]
    old = load_tracker(csv_bytes([head, ["1", "a", "Green", "31/03/2030"], ["2", "b", "Red", "31/03/2030"],
                                  ["3", "c", "Amber", "31/03/2030"]]), "old.csv")
    new = load_tracker(csv_bytes([head, ["1", "a", "Blue", "31/03/2030"], ["2", "b", "Amber", "31/03/2030"],
                                  ["3", "c", "", "31/03/2030"]]), "new.csv")
    result = compare(old.actions, new.actions)
    assert result.movement["completed"] == ["1"] and result.movement["no_movement"] == ["2"]
    assert result.movement["went_backwards"] == ["3"]


def test_the_comparison_table_row_by_row():
    """Every column of every row, worked by hand from the two inline tables."""
    old = frame([("1", "Keep", 50, "2022-03-31"), ("2", "Renumbered action", 20, None), ("3", "Dropped", 0, None)])
    new = frame([("1", "Keep", 100, "2022-06-30"), ("9", "Renumbered action", 20, None), ("4", "Brand new", None, None)])
    new.loc[1, "recommendation"] = "R2"
    table = compare(old, new).actions
    assert list(table.columns) == ["action_id", "old_action_id", "matched_by", "recommendation", "action",
                                   "old_completion", "new_completion", "old_due_date", "new_due_date", "movement"]
    rows = [tuple(None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v for v in r)
            for r in table.itertuples(index=False)]
    assert rows == [
        ("1", "1", "id", "R", "Keep", 50.0, 100.0, pd.Timestamp("2022-03-31"), pd.Timestamp("2022-06-30"), "completed"),
        ("9", "2", "wording", "R2", "Renumbered action", 20.0, 20.0, None, None, "no_movement"),
        ("4", None, None, "R", "Brand new", None, None, None, None, "new"),
        ("3", "3", None, "R", "Dropped", 0.0, None, None, None, "removed"),
    ]


def test_due_date_changes_both_ways_and_blank_to_a_date():
    old = frame([("1", "a", 0, "2022-03-31"), ("2", "b", 0, None), ("3", "c", 0, "2022-03-31"), ("4", "d", 0, None)])
    new = frame([("1", "a", 0, "2022-03-31"), ("2", "b", 0, "2022-05-01"), ("3", "c", 0, None), ("4", "d", 0, None)])
    assert compare(old, new).due_date_changed == [{"id": "2", "old": None, "new": "2022-05-01"},
                                                  {"id": "3", "old": "2022-03-31", "new": None}]


def test_wording_changes_take_the_reason_from_the_row_then_the_amendments_table():
    old = frame([("1", "Old words", 0, None), ("2", "Other old words", 0, None), ("3", "Same", 0, None)])
    new = frame([("1", "New words", 0, None), ("2", "Other new words", 0, None), ("3", "Same", 0, None)])
    new["justification"] = ["Because of covid", None, "ignored: the wording did not change"]
    amendments = pd.DataFrame({"action_id": ["2", "1", None], "justification": ["From the table", "Not used", "x"]})
    assert compare(old, new, amendments).wording_changed == [
        {"id": "1", "old": "Old words", "new": "New words", "justification": "Because of covid"},
        {"id": "2", "old": "Other old words", "new": "Other new words", "justification": "From the table"},
    ]


def test_change_per_recommendation_worked_by_hand():
    from bvdata.model.status import with_status
    old = frame([("1", "a", 50, None), ("2", "b", 100, None), ("3", "c", None, None)])
    new = frame([("1", "a", 100, None), ("2", "b", 100, None), ("4", "d", 0, None)])
    new.loc[2, "recommendation"] = "Q"
    result = compare(old, new, None, with_status(old, "2022-01-01"), with_status(new, "2022-01-01"))
    table = result.recommendations
    assert list(table.columns) == ["recommendation", "old_actions", "new_actions", "old_mean_completion",
                                   "new_mean_completion", "change", "old_complete", "new_complete"]
    r, q = table.iloc[0].tolist(), table.iloc[1].tolist()
    # R: before (50 + 100) / 2 = 75 over 3 actions, 1 complete; after (100 + 100) / 2 = 100 over 2, both complete
    assert r == ["R", 3, 2, 75.0, 100.0, 25.0, 1, 2]
    assert q[:3] == ["Q", 0, 1] and math.isnan(q[3]) and q[4] == 0.0 and math.isnan(q[5]) and q[6:] == [0, 0]


def test_matching_prefers_the_closest_wording_and_leaves_the_rest():
    old = frame([("1", "Review the members' induction programme", 0, None), ("2", "Completely different", 0, None)])
    new = frame([("7", "Review the members induction programme now", 0, None), ("8", "Review the induction", 0, None)])
    m = match_actions(old, new)
    assert list(zip(m.pairs, m.how)) == [((0, 0), "similar wording")]
    assert m.removed_old_positions == [1] and m.new_positions == [1]


def test_blank_ids_never_pair_by_id():
    old = frame([(None, "first", 0, None), (None, "second", 0, None)])
    new = frame([(None, "second", 10, None), (None, "first", 0, None)])
    m = match_actions(old, new)
    assert sorted(zip(m.pairs, m.how)) == [((0, 1), "wording"), ((1, 0), "wording")]


@pytest.mark.parametrize("old, new, expected", [
    (None, "in_progress", "progressed"), ("not_started", "paused", "no_movement"), ("paused", "not_started", "no_movement"),
    ("complete", "in_progress", "went_backwards"), ("closed", "complete", "completed"),
])
def test_movement_by_state_edges(old, new, expected):
    from bvdata.model.compare import movement_by_state
    assert movement_by_state(old, new) == expected


@pytest.mark.parametrize("o, n, expected", [
    ({"completion": 50.0, "progress": "in_progress"}, {"completion": NA, "progress": "complete"}, "completed"),
    ({"completion": NA, "progress": None}, {"completion": 40.0, "progress": "in_progress"}, "progressed"),
    ({"completion": 50.0, "progress": "in_progress"}, {"completion": 40.0, "progress": "complete"}, "went_backwards"),
    ({"completion": NA, "progress": None}, {"completion": NA, "progress": None}, "no_movement"),
    ({"completion": NA, "progress": "in_progress"}, {"completion": NA, "progress": None}, "went_backwards"),
])
def test_movement_between_uses_the_percent_when_both_give_one(o, n, expected):
    from bvdata.model.compare import movement_between
    assert movement_between(o, n) == expected


# -- movements(): the whole-column form of movement_between, checked against it on any pairs --------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bvdata.model.compare import STATE_RANK, movement_between, movements  # noqa: E402

_PCT = st.one_of(st.none(), st.just(float("nan")), st.sampled_from([0.0, 50.0, 99.9, 100.0, 120.0]),
                 st.floats(min_value=0, max_value=150, allow_nan=False))
_STATE = st.one_of(st.none(), st.just(float("nan")), st.sampled_from(sorted(STATE_RANK)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PCT, _PCT, _STATE, _STATE), min_size=1, max_size=30))
def test_movements_agree_with_movement_between_pair_by_pair(rows):
    got = movements(*(list(column) for column in zip(*rows)))
    expected = [movement_between({"completion": oc, "progress": os_}, {"completion": nc, "progress": ns})
                for oc, nc, os_, ns in rows]
    assert list(got) == expected
