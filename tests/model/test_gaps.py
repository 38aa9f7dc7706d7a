import pandas as pd

from bvdata.model.gaps import latest_scores, theme_coverage


def actions(rows):
    return pd.DataFrame({"theme": [r[0] for r in rows], "status": [r[1] for r in rows],
                         "completion": [r[2] for r in rows]})


def test_below_target_without_open_action_is_flagged():
    scores = pd.DataFrame({"theme": ["Sustainable Development", "Vision and Leadership", "Fairness and Equality"],
                           "score": [2.0, 3.0, 4.0], "target": [4.0, 4.0, 4.0]})
    acts = actions([("Vision and Leadership", "in_progress", 50.0), ("Sustainable Development", "complete", 100.0)])
    out = theme_coverage(acts, scores, 5).set_index("theme")
    assert out.loc["Sustainable Development", "flag"] == (
        "Sustainable Development scored 2.0 of 5 against a target of 4.0; no open action addresses it.")
    assert out.loc["Vision and Leadership", "open_actions"] == 1 and pd.isna(out.loc["Vision and Leadership", "flag"])
    assert pd.isna(out.loc["Fairness and Equality", "flag"])        # on target
    assert len(out) == 7


def test_latest_scores_takes_the_last_period():
    frame = pd.DataFrame({"theme": ["A", "A"], "period": ["p1", "p2"], "score": [1.0, 3.0], "target": [4.0, 4.0]})
    out = latest_scores(frame, ["p1", "p2"])
    assert out.to_dict("records") == [{"theme": "A", "score": 3.0, "target": 4.0}]
