import pytest
from helpers import csv_bytes, xlsx_bytes

from bvdata import TrackerError, load_theme_scores


def test_sample_has_two_illustrative_periods(sample_tracker):
    scores = sample_tracker.themes
    assert scores.periods == ["2020/21", "2021/22"]
    assert scores.scale == (1.0, 5.0)
    assert scores.frame["theme"].nunique() == 7
    assert "Sustainable Development" in set(scores.frame["theme"])   # written "Sustainability"


def test_long_shape_with_target():
    data = csv_bytes([["Theme", "Period", "Score", "Target"],
                      ["Vision & Leadership", "2021", "3", "4"], ["vision and leadership", "2022", "4", "4"],
                      ["Governance", "2021", "2", ""]])
    s = load_theme_scores(data, "t.csv")
    assert s.periods == ["2021", "2022"]
    assert list(s.frame["theme"]) == ["Vision and Leadership"] * 2 + ["Governance and Accountability"]
    assert list(s.frame["score"]) == [3, 4, 2]


def test_wide_shape_and_unknown_theme_kept_with_warning():
    data = xlsx_bytes({"Scores": [["Theme", "2020/21", "2021/22", "Target"],
                                  ["Fairness & Equality", 2, 3, 4], ["Customer Focus", 1, "n/a", 3]]})
    s = load_theme_scores(data, "w.xlsx")
    assert len(s.frame) == 4
    assert "Customer Focus" in set(s.frame["theme"])
    messages = {(i.row, i.value) for i in s.issues if i.level == "warning"}
    assert (3, "Customer Focus") in messages and (3, "n/a") in messages


def test_declared_scale_rejects_out_of_range():
    data = xlsx_bytes({"S": [["Scale: 1 to 5"], ["Theme", "Score"], ["Vision", 7]]})
    s = load_theme_scores(data, "s.xlsx")
    assert s.scale == (1, 5) and s.frame["score"].isna().all()


def test_no_scores_is_an_error():
    with pytest.raises(TrackerError, match="No theme scores"):
        load_theme_scores(csv_bytes([["a", "b"], ["1", "2"]]), "x.csv")
