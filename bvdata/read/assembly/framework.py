"""The Best Value framework as data, and the self-assessment built on it.

The framework file lists each theme's numbered characteristics (Theme 3 split into its sub-areas);
the blank workbook (bvdata.papers.templates) has a sheet per theme and a row per characteristic with a
score drop-down on a declared scale; a scored workbook reads back into characteristic scores and theme scores (the mean
of the scored characteristics, with coverage n of N).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...base.errors import Issue, TrackerError
from ...base.vocab import canonical_theme, field_for_header, normalise, read_table
from ..cells.grid import cell, column_letter
from ..cells.values import format_text, parse_date
from ..door.guard import read_grids
from .themes import BAD, ThemeScores, parse_score

FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "frameworks"   # data, beside vocab/
DEFAULT_FRAMEWORK = FRAMEWORK_DIR / "bv_2020.csv"
DEFAULT_SCALE = FRAMEWORK_DIR / "scale_1_5.csv"
SHEET_FIELDS = ("area", "number", "characteristic", "score", "evidence", "action_refs")


@dataclass
class Framework:
    characteristics: pd.DataFrame        # theme_number, theme, area, number, characteristic, ref
    scale: list[tuple[int, str]]         # (score, descriptor), lowest first

    @property
    def themes(self) -> list[str]:
        return list(dict.fromkeys(self.characteristics["theme"]))

    @property
    def scale_range(self) -> tuple[float, float]:
        return (float(self.scale[0][0]), float(self.scale[-1][0]))


def load_framework(path: Path | str | None = None, scale_path: Path | str | None = None) -> Framework:
    try:
        rows = read_table(Path(path or DEFAULT_FRAMEWORK))
        scale = [(int(r["score"]), r["descriptor"]) for r in read_table(Path(scale_path or DEFAULT_SCALE))]
    except (OSError, KeyError, ValueError) as exc:
        raise TrackerError(f"The framework file could not be read ({exc}).") from None
    needed = {"theme_number", "theme", "area", "number", "characteristic"}
    if not rows or not needed <= set(rows[0]):
        raise TrackerError("A framework file needs the columns theme_number, theme, area, number and characteristic.")
    frame = pd.DataFrame(rows)
    frame["theme_number"] = frame["theme_number"].astype(int)
    frame["number"] = frame["number"].astype(int)
    frame["ref"] = [characteristic_ref(t, a, n) for t, a, n in zip(frame["theme_number"], frame["area"], frame["number"])]
    return Framework(frame, sorted(scale))


def characteristic_ref(theme_number: int, area: str, number: int) -> str:
    """'1.4', or '3 Staff.2' for a sub-area: short, unique, and what the heatmap and tables show."""
    return f"{theme_number}{' ' + area if area else ''}.{number}"


@dataclass
class SelfAssessment:
    characteristics: pd.DataFrame         # theme, area, number, ref, characteristic, score, evidence, action_refs, sheet, row
    period: str
    assessor: str | None
    assessed_on: dt.date | None
    scale: tuple[float, float]
    issues: list[Issue] = field(default_factory=list)

    def theme_scores(self) -> pd.DataFrame:
        """Per theme: the mean of its scored characteristics, and how many of them were scored."""
        grouped = self.characteristics.groupby("theme", sort=False)
        out = pd.DataFrame({"score": grouped["score"].mean(), "scored": grouped["score"].count(),
                            "total": grouped.size()}).reset_index()
        out["coverage"] = [f"{s} of {t} scored" for s, t in zip(out["scored"], out["total"])]
        return out

    def unscored(self) -> pd.DataFrame:
        return self.characteristics[self.characteristics["score"].isna()]

    def as_theme_scores(self, targets: pd.Series | None = None) -> ThemeScores:
        """The theme means in the shape the radar and the Themes page use."""
        t = self.theme_scores()
        frame = pd.DataFrame({
            "theme": t["theme"], "theme_as_written": t["theme"], "period": self.period, "score": t["score"],
            "target": [None if targets is None else targets.get(x) for x in t["theme"]],
            "source_sheet": "self-assessment", "source_row": 0})
        frame["target"] = pd.to_numeric(frame["target"], errors="coerce").astype("float64")
        return ThemeScores(frame, [self.period], self.scale, [])


def load_self_assessment(data: bytes, filename: str, framework: Framework | None = None) -> SelfAssessment:
    framework = framework or load_framework()
    grids = read_grids(data, filename)
    issues: list[Issue] = []
    period, assessor, assessed_on = Path(filename).stem, None, None
    scale = framework.scale_range
    records = []
    known = {normalise(t): t for t in framework.themes}
    for grid in grids:
        rows = grid.rows
        if grid.sheet.lower() == "about":
            about = _about(grid.rows, period, scale)
            period, assessor, assessed_on, scale = about
            continue
        header_at = next((i for i, row in enumerate(rows[:20])
                          if {"characteristic", "score"} <= set(_fields(row).values())), None)
        if header_at is None:
            continue
        theme = _sheet_theme(grid, header_at, known)
        if theme is None:
            issues.append(Issue("warning", "This sheet's theme is not one of the framework's; it was skipped.", grid.sheet,
                                kind="framework_theme_unknown"))
            continue
        inverse = {f: j for j, f in _fields(rows[header_at]).items()}
        area = ""
        for offset, row in enumerate(rows[header_at + 1:], start=header_at + 1):
            row_no = grid.first_row + offset
            text = format_text(cell(row, inverse["characteristic"]))
            if text is None:
                continue
            area = format_text(cell(row, inverse["area"])) if "area" in inverse and cell(row, inverse["area"]) != "" else area
            number = cell(row, inverse["number"]) if "number" in inverse else ""
            raw = cell(row, inverse["score"])
            score = parse_score(raw, scale)
            if score is BAD:
                issues.append(Issue("warning", f"Scores run from {scale[0]:g} to {scale[1]:g}; this one is left blank.",
                                    grid.sheet, row_no, f"Score ({column_letter(grid.first_col + inverse['score'])})", str(raw),
                                    kind="score_outside_scale"))
                score = None
            records.append(dict(
                theme=theme, area=area or "", number=_int(number), characteristic=text, score=score,
                evidence=format_text(cell(row, inverse["evidence"])) if "evidence" in inverse else None,
                action_refs=format_text(cell(row, inverse["action_refs"])) if "action_refs" in inverse else None,
                sheet=grid.sheet, row=row_no))
    if not records:
        raise TrackerError(f"No self-assessment was found in {filename}: no sheet has 'Characteristic' and 'Score' headings.")
    frame = pd.DataFrame(records)
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype("float64")
    numbers = {t: n for n, t in framework.characteristics[["theme_number", "theme"]].drop_duplicates().itertuples(index=False)}
    frame["ref"] = [characteristic_ref(numbers.get(t, 0), a, n if n is not None else 0)
                    for t, a, n in zip(frame["theme"], frame["area"], frame["number"])]
    unscored = int(frame["score"].isna().sum())
    if unscored:
        issues.append(Issue("info", f"{unscored} of {len(frame)} characteristics are not scored yet.",
                            kind="framework_unscored"))
    return SelfAssessment(frame, period, assessor, assessed_on, scale, issues)


def _about(rows, period: str, scale: tuple[float, float]):
    """(period, assessor, date, scale) from the About sheet's label | value rows."""
    assessor = assessed_on = None
    for row in rows:
        label = normalise(row[0]) if row else ""
        value = next((c for c in row[1:] if c != ""), "")
        if value == "":
            continue
        if label == "period":
            period = format_text(value) or period
        elif label == "assessor":
            assessor = format_text(value)
        elif label == "date":
            d = parse_date(value)
            assessed_on = d if isinstance(d, dt.date) else None
        elif label == "scale" and (m := re.search(r"(\d+)\D+(\d+)", str(value))):
            scale = (float(m[1]), float(m[2]))
    return period, assessor, assessed_on, scale


def _fields(row: list) -> dict[int, str]:
    found = {j: field_for_header(c, "self_assessment") for j, c in enumerate(row) if isinstance(c, str)}
    return {j: f for j, f in found.items() if f}


def _sheet_theme(grid, header_at: int, known: dict[str, str]) -> str | None:
    candidates = [grid.sheet] + [c for row in grid.rows[:header_at] for c in row if isinstance(c, str)]
    for text in candidates:
        cleaned = re.sub(r"^\s*(theme\s*)?\d+\s*[:.\-–]?\s*", "", text, flags=re.IGNORECASE)
        theme = canonical_theme(cleaned)
        if theme and normalise(theme) in known:
            return known[normalise(theme)]
        if normalise(cleaned) in known:
            return known[normalise(cleaned)]
    return None


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
