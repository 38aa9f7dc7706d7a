"""Loads a tracker file into one clean action table, with every row traceable to its sheet and row.

Nothing is dropped: a value that cannot be read leaves its field blank and adds a warning naming
the sheet, row, column and raw value.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .errors import Issue, TrackerError
from .layout import Block, scan_sheet
from .safe_read import read_grids
from .themes import ThemeScores, empty_scores, parse_theme_grid
from .values import (
    UNREADABLE, completion_scale, format_id, format_text, parse_completion, parse_date, to_percent,
)
from .vocab import canonical_theme

TEXT_FIELDS = ("action", "lead_officer", "service_lead", "report_ref", "notes", "justification")
ACTION_COLUMNS = [
    "action_id", "recommendation", "action", "due_date", "lead_officer", "report_ref", "service_lead",
    "completion", "notes", "theme", "original_due_date", "justification", "source_sheet", "source_row",
]
# columns an action table is expected to have; a missing one is reported, never fatal
EXPECTED_FIELDS = {
    "action_id": "No.", "due_date": "Timescales", "lead_officer": "Lead Officer",
    "completion": "% Completion", "notes": "Notes",
}
NO_RECOMMENDATION = "Not assigned to a recommendation"
# pandas' "str" dtype with Python storage: the same missing-value semantics as the default, but
# built from a list of Python strings in a millisecond where the Arrow-backed one takes 100 ms
TEXT = pd.StringDtype("python", na_value=np.nan)


@dataclass
class Tracker:
    actions: pd.DataFrame
    themes: ThemeScores
    amendments: pd.DataFrame
    as_at: dt.date | None
    issues: list[Issue]
    source_name: str
    sha256: str
    recommendations: list[str] = field(default_factory=list)   # in the file's order

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]


def load_tracker(source: bytes | str | Path, filename: str | None = None,
                 progress: Callable[[float, str], None] | None = None) -> Tracker:
    """Read a tracker (.xlsx/.xlsm/.xls/.ods/.csv) from a path or bytes; TrackerError if it has no action table.

    ``progress(fraction, message)``, when given, is told how far the read has got.
    """
    report = progress or (lambda fraction, message: None)
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrackerError(f"{path.name} could not be opened ({exc.strerror or exc}).") from None
        filename = filename or path.name
    else:
        data = source
    filename = filename or "tracker"
    report(0.05, "Checking the file and reading its cells")
    grids = read_grids(data, filename)
    report(0.6, "Finding the action tables")

    blocks: list[Block] = []
    amendments = []
    issues: list[Issue] = []
    as_at = None
    themes: ThemeScores = empty_scores()
    for grid in grids:
        layout = scan_sheet(grid)
        blocks.extend(layout.blocks)
        amendments.extend(layout.amendments)
        if as_at is None and layout.as_at is not None:
            as_at = layout.as_at
            issues.append(Issue("info", f"The tracker declares its 'as at' date as {as_at:%d %b %Y}.",
                                grid.sheet, layout.as_at_cell[0]))
        if themes.empty and layout.theme_header_row is not None:
            themes = parse_theme_grid(grid, layout.theme_header_row)
            issues.extend(themes.issues)

    if not blocks:
        raise TrackerError(
            f"No action table was found in {filename}: no row has column headings such as 'Action' "
            "together with 'Timescales', '% Completion' or 'Lead Officer'."
        )
    multi_sheet = len({b.sheet for b in blocks}) > 1
    report(0.75, f"Checking the values of {sum(len(b.values) for b in blocks):,} actions")
    actions = _assemble(blocks, issues, multi_sheet)
    report(1.0, f"Read {len(actions):,} actions")
    recommendations = list(dict.fromkeys(actions["recommendation"]))
    return Tracker(
        actions=actions, themes=themes, amendments=_amendment_frame(amendments), as_at=as_at,
        issues=issues, source_name=filename, sha256=hashlib.sha256(data).hexdigest(),
        recommendations=recommendations,
    )


def _assemble(blocks: list[Block], issues: list[Issue], multi_sheet: bool) -> pd.DataFrame:
    raw: dict[str, list] = {f: [] for f in ("action_id", "action", "due_date", "original_due_date",
                                             "lead_officer", "service_lead", "report_ref", "completion",
                                             "notes", "recommendation", "theme", "justification")}
    where_sheet: list[str] = []
    where_row: list[int] = []
    where_block: list[int] = []
    title_recs: list[str | None] = []
    for b, block in enumerate(blocks):
        n = len(block.values)
        columns = list(zip(*block.values)) if n else [()] * len(block.fields)
        by_field = dict(zip(block.fields, columns))
        for f, values in raw.items():
            values.extend(by_field.get(f, ("",) * n))
        where_sheet.extend([block.sheet] * n)
        where_row.extend(block.row_numbers)
        where_block.extend([b] * n)
        title_recs.extend(block.recommendations)
        _report_columns(block, issues)

    def warn(i: int, f: str, value, message: str) -> None:
        block = blocks[where_block[i]]
        issues.append(Issue("warning", message, where_sheet[i], where_row[i], block.headers.get(f, f), str(value)))

    ids = [format_id(v) for v in raw["action_id"]]
    # the common case (a plain string) is handled inline: this runs once per cell
    text = {f: [(v.strip() or None) if v.__class__ is str else format_text(v) for v in raw[f]] for f in TEXT_FIELDS}

    dates = {}
    for f in ("due_date", "original_due_date"):
        out = []
        for i, v in enumerate(raw[f]):
            d = v if v.__class__ is dt.date else parse_date(v)
            if d is UNREADABLE:
                warn(i, f, v, "This is not a date the tracker can read, so the due date is left blank.")
                d = None
            out.append(d)
        dates[f] = out

    parsed = [parse_completion(v) for v in raw["completion"]]
    scale = completion_scale(p[1] for p in parsed if p is not None and p is not UNREADABLE and p[0] == "number")
    completion = []
    for i, p in enumerate(parsed):
        value = None
        if p is UNREADABLE:
            warn(i, "completion", raw["completion"][i],
                 "This is not a completion percentage, so completion is left blank.")
        elif p is not None:
            value = to_percent(p, scale)
            if value is UNREADABLE:
                warn(i, "completion", raw["completion"][i],
                     "Completion must lie between 0% and 100%, so it is left blank.")
                value = None
        completion.append(value)

    recommendations = _recommendations(raw["recommendation"], title_recs, where_block, where_sheet, multi_sheet)
    themes = []
    for i, v in enumerate(raw["theme"]):
        written = format_text(v)
        theme = canonical_theme(written) if written else None
        if written and theme is None:
            warn(i, "theme", v, "This is not one of the seven Best Value themes; it is kept as written.")
            theme = written
        themes.append(theme)

    for i, action in enumerate(text["action"]):
        if action is None:
            warn(i, "action", "", "This row has no action wording; it is kept so that nothing is lost.")
    counts = Counter(x for x in ids if x is not None)
    for i, x in enumerate(ids):
        if x is not None and counts[x] > 1:
            warn(i, "action_id", x, f"Action number {x} appears {counts[x]} times; every row is kept.")

    frame = pd.DataFrame({
        "action_id": pd.array(ids, dtype=TEXT),
        "recommendation": pd.array(recommendations, dtype=TEXT),
        "action": pd.array(text["action"], dtype=TEXT),
        "due_date": pd.to_datetime(pd.Series(dates["due_date"], dtype="object")).astype("datetime64[s]"),
        "lead_officer": pd.array(text["lead_officer"], dtype=TEXT),
        "report_ref": pd.array(text["report_ref"], dtype=TEXT),
        "service_lead": pd.array(text["service_lead"], dtype=TEXT),
        "completion": pd.array(completion, dtype="float64") if completion else pd.array([], dtype="float64"),
        "notes": pd.array(text["notes"], dtype=TEXT),
        "theme": pd.array(themes, dtype=TEXT),
        "original_due_date": pd.to_datetime(pd.Series(dates["original_due_date"], dtype="object")).astype("datetime64[s]"),
        "justification": pd.array(text["justification"], dtype=TEXT),
        "source_sheet": pd.array(where_sheet, dtype=TEXT),
        "source_row": pd.array(where_row, dtype="int64"),
    }, columns=ACTION_COLUMNS)
    return frame


def _recommendations(column, title_recs, where_block, where_sheet, multi_sheet) -> list[str]:
    """Per row: the Recommendation column (blank cells take the value above, as in merged cells),
    else the title row above the table, else the sheet name when actions span sheets."""
    out = []
    last_value, last_block = None, None
    for i, v in enumerate(column):
        if where_block[i] != last_block:
            last_value, last_block = None, where_block[i]
        value = format_text(v)
        if value is not None:
            last_value = value
        rec = last_value or title_recs[i] or (where_sheet[i] if multi_sheet else None) or NO_RECOMMENDATION
        out.append(rec)
    return out


def _report_columns(block: Block, issues: list[Issue]) -> None:
    for f, label in EXPECTED_FIELDS.items():
        if f not in block.columns:
            issues.append(Issue("warning", f"This table has no '{label}' column, so that field is blank for its actions.",
                                block.sheet, block.row_numbers[0] - 1 if block.row_numbers else None, label))
    for extra in block.extras:
        issues.append(Issue("info", "This column is not one the tracker uses; it is left out of the action table.",
                            block.sheet, block.row_numbers[0] - 1 if block.row_numbers else None, extra))


def _amendment_frame(amendments) -> pd.DataFrame:
    return pd.DataFrame({
        "action_id": pd.array([format_id(a.action_id) for a in amendments], dtype=TEXT),
        "original_action": pd.array([format_text(a.original_action) for a in amendments], dtype=TEXT),
        "amended_action": pd.array([format_text(a.amended_action) for a in amendments], dtype=TEXT),
        "justification": pd.array([format_text(a.justification) for a in amendments], dtype=TEXT),
        "source_sheet": pd.array([a.sheet for a in amendments], dtype=TEXT),
        "source_row": pd.array([a.row for a in amendments], dtype="int64"),
    })
