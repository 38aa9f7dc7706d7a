import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from bvdata.compare import MOVEMENTS, compare, match_actions, movement_of
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
    from bvdata.compare import movement_by_state
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
