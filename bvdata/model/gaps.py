"""Where self-assessed weakness meets the improvement plan: open actions per theme, and the themes
scored below target that no open action addresses."""
from __future__ import annotations

import pandas as pd

from ..base.labels import score_text
from ..base.vocab import canonical_themes


def theme_coverage(actions_with_status: pd.DataFrame, scores: pd.DataFrame, scale_top: float) -> pd.DataFrame:
    """Per theme: latest score, target, open actions naming the theme and their mean completion, and a
    plain-English flag when the theme is below target with no open action.

    ``scores`` has columns theme, score and target (one row per theme: the latest assessment).
    """
    open_actions = actions_with_status[actions_with_status["status"] != "complete"]
    by_theme = open_actions.groupby("theme")
    counts = by_theme.size()
    means = by_theme["completion"].mean()
    themes = list(canonical_themes()) + [t for t in scores["theme"] if t not in canonical_themes()]
    indexed = scores.set_index("theme")
    rows = []
    for theme in themes:
        score = indexed["score"].get(theme) if theme in indexed.index else None
        target = indexed["target"].get(theme) if theme in indexed.index else None
        n_open = int(counts.get(theme, 0))
        below = score is not None and target is not None and pd.notna(score) and pd.notna(target) and score < target
        flag = None
        if below and n_open == 0:
            flag = (f"{theme} scored {score_text(score)} of {scale_top:g} against a target of {score_text(target)}; "
                    "no open action addresses it.")
        rows.append({"theme": theme, "score": score, "target": target, "open_actions": n_open,
                     "open_mean_completion": means.get(theme), "below_target": bool(below), "flag": flag})
    out = pd.DataFrame(rows)
    for column in ("score", "target", "open_mean_completion"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def latest_scores(frame: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """theme, score (the latest period's) and target from a ThemeScores frame."""
    if frame.empty or not periods:
        return pd.DataFrame(columns=["theme", "score", "target"])
    latest = frame[frame["period"] == periods[-1]].groupby("theme", sort=False)["score"].mean()
    target = frame.groupby("theme", sort=False)["target"].max()
    return pd.DataFrame({"theme": latest.index, "score": latest.to_numpy(),
                         "target": [target.get(t) for t in latest.index]})
