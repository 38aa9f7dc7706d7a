"""Best Value theme self-assessment scores, long (Theme, Period, Score[, Target]) or wide
(Theme, one column per period[, Target]), from a sheet of the tracker or a file of their own."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from ...base.errors import Issue, TrackerError
from ...base.vocab import canonical_theme, canonical_themes
from ..cells.grid import Grid, cell, column_letter
from ..cells.values import format_text
from ..door.guard import read_grids
from ..finding.layout import header_mapping, scan_sheet

THEME_COLUMNS = ["theme", "theme_as_written", "period", "score", "target", "source_sheet", "source_row"]
_SCALE = re.compile(r"\bscale\b\D*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)", re.IGNORECASE)


@dataclass
class ThemeScores:
    frame: pd.DataFrame
    periods: list[str]
    scale: tuple[float, float] | None = None      # declared in the sheet, e.g. "Scale: 1 to 5"
    issues: list[Issue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.frame.empty


def empty_scores() -> ThemeScores:
    return ThemeScores(pd.DataFrame({c: pd.Series(dtype="object") for c in THEME_COLUMNS}), [])


BAD = "bad"


def parse_score(value, scale: tuple[float, float] | None = None):
    """A score as float, None for a blank, or BAD (not a number, or outside the scale when given)."""
    n = _number(value)
    if n is BAD or n is None or scale is None:
        return n
    return n if scale[0] <= n <= scale[1] else BAD


def _number(value):
    """A score as float, None for blank, or BAD."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return BAD
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else BAD
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return BAD
        return number if math.isfinite(number) else BAD
    return BAD


def _period_label(value) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%b %Y")
    return format_text(value) or ""


def declared_scale(rows) -> tuple[float, float] | None:
    """A scale declared above a table, such as "Scale: 1 to 5" (the last one found wins)."""
    scale = None
    for row in rows:
        for value in row:
            if isinstance(value, str) and (m := _SCALE.search(value)):
                scale = (float(m[1]), float(m[2]))
    return scale


def parse_theme_grid(grid: Grid, header_index: int) -> ThemeScores:
    rows = grid.rows
    header = rows[header_index]
    mapping = header_mapping(header, "themes")
    cols = {f: j for j, f in mapping.items()}
    theme_col = cols["theme"]
    sheet = grid.sheet
    issues: list[Issue] = []
    records: list[dict] = []
    periods: list[str] = []

    scale = declared_scale(rows[:header_index])

    def col_name(j):
        return f"{format_text(header[j]) or '(blank header)'} ({column_letter(grid.first_col + j)})"

    def score_of(value, row_no, j):
        n = _number(value)
        if n is BAD:
            issues.append(Issue("warning", "This score is not a number, so it is left blank.",
                                sheet, row_no, col_name(j), str(value), kind="score_unreadable"))
            return None
        if n is not None and scale and not (scale[0] <= n <= scale[1]):
            issues.append(Issue("warning", f"This score is outside the declared scale {scale[0]:g}-{scale[1]:g}, so it is left blank.",
                                sheet, row_no, col_name(j), str(value), kind="score_outside_scale"))
            return None
        return n

    if "score" in cols:  # long shape
        wide_periods = []
    else:
        wide_periods = [j for j, cell in enumerate(header) if cell != "" and j not in mapping]
        periods = [_period_label(header[j]) for j in wide_periods]

    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 1):
        row_no = grid.first_row + offset
        written = format_text(cell(row, theme_col))
        if written is None:
            if any(c != "" for c in row):
                issues.append(Issue("info", "A row with no theme name was skipped in the scores table.", sheet, row_no,
                                    kind="theme_row_unnamed"))
            continue
        theme = canonical_theme(written)
        if theme is None:
            issues.append(Issue("warning", "This is not one of the seven Best Value themes of the 2020 guidance; "
                                "it is kept under the name given.", sheet, row_no, col_name(theme_col), written,
                                kind="theme_unknown"))
            theme = written
        target = score_of(cell(row, cols["target"]), row_no, cols["target"]) if "target" in cols else None
        if "score" in cols:
            period = _period_label(cell(row, cols["period"])) if "period" in cols else "Current"
            if period and period not in periods:
                periods.append(period)
            records.append(dict(theme=theme, theme_as_written=written, period=period,
                                score=score_of(cell(row, cols["score"]), row_no, cols["score"]), target=target,
                                source_sheet=sheet, source_row=row_no))
        else:
            for j, period in zip(wide_periods, periods):
                records.append(dict(theme=theme, theme_as_written=written, period=period,
                                    score=score_of(cell(row, j), row_no, j), target=target,
                                    source_sheet=sheet, source_row=row_no))
    frame = pd.DataFrame.from_records(records, columns=THEME_COLUMNS)
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype("float64")
    frame["target"] = pd.to_numeric(frame["target"], errors="coerce").astype("float64")
    frame["source_row"] = frame["source_row"].astype("int64")
    return ThemeScores(frame, periods, scale, issues)


def find_theme_scores(grids: list[Grid]) -> ThemeScores:
    """The first theme-score table in any of the grids, or an empty set of scores."""
    for grid in grids:
        layout = scan_sheet(grid)
        if layout.theme_header_row is not None:
            return parse_theme_grid(grid, layout.theme_header_row)
    return empty_scores()


def load_theme_scores(data: bytes, filename: str) -> ThemeScores:
    """Theme scores from a file of their own; a TrackerError if it holds none."""
    scores = find_theme_scores(read_grids(data, filename))
    if scores.empty:
        raise TrackerError(
            f"No theme scores were found in {filename}: no row has a 'Theme' heading with a 'Score' "
            "column or a column per period."
        )
    return scores


def theme_order(frame: pd.DataFrame) -> list[str]:
    """The seven themes in the guidance's order, then any others in order of appearance."""
    known = [t for t in canonical_themes() if t in set(frame["theme"])]
    others = [t for t in dict.fromkeys(frame["theme"]) if t not in known]
    return known + others


def theme_change(frame: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Per theme: the score in the first and last of the chosen periods, the change, and the target."""
    order = theme_order(frame) if not frame.empty else []
    columns = ["theme", "first_score", "last_score", "change", "target", "gap_to_target"]
    if not periods or frame.empty:
        return pd.DataFrame(columns=columns)
    first, last = periods[0], periods[-1]
    pivot = frame.pivot_table(index="theme", columns="period", values="score", aggfunc="mean", dropna=False)
    target = frame.groupby("theme")["target"].max()
    out = pd.DataFrame({"theme": order})
    out["first_score"] = [pivot.at[t, first] if first in pivot.columns and t in pivot.index else None for t in order]
    out["last_score"] = [pivot.at[t, last] if last in pivot.columns and t in pivot.index else None for t in order]
    out[["first_score", "last_score"]] = out[["first_score", "last_score"]].astype("float64")
    out["change"] = out["last_score"] - out["first_score"]
    out["target"] = [target.get(t) for t in order]
    out["target"] = out["target"].astype("float64")
    out["gap_to_target"] = out["last_score"] - out["target"]
    return out[columns]
