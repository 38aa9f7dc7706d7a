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

from ..base.cleantext import clean, describe_removal
from ..base.errors import Issue, TrackerError
from ..base.vocab import VOCAB_DIR, canonical_theme, normalise, read_table
from .asat import as_at_in_name
from .assemble import blank_numbered, effective_dates, read_choice, read_dates, read_progress
from .guard import read_grids
from .layout import Block, column_letter, scan_sheet
from .themes import ThemeScores, empty_scores, parse_theme_grid
from .values import format_id, format_text
from .views import split_views

TEXT_FIELDS = ("action", "lead_officer", "service_lead", "report_ref", "notes", "justification")
ACTION_COLUMNS = [
    "action_id", "recommendation", "action", "due_date", "lead_officer", "report_ref", "service_lead",
    "completion", "notes", "theme", "original_due_date", "justification", "source_sheet", "source_row",
    "revised_due_date", "times_moved", "progress", "progress_word", "rag", "priority", "acceptance", "from_formula",
]
RAW_FIELDS = ("action_id", "action", "due_date", "original_due_date", "revised_due_date", "lead_officer",
              "service_lead", "report_ref", "completion", "progress_word", "rag", "priority", "acceptance",
              "notes", "recommendation", "theme", "justification")
# what a table is expected to carry; a missing kind is reported, never fatal
EXPECTED_FIELDS = {
    ("action_id",): "No.", ("due_date", "revised_due_date", "original_due_date"): "Timescales",
    ("lead_officer",): "Lead Officer", ("completion", "progress_word", "rag"): "% Completion or Status",
    ("notes",): "Notes",
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
    noun: tuple[str, str] = ("action", "actions")              # what a row is called: singular, plural
    views: list[str] = field(default_factory=list)             # sheets that repeat rows of the main table
    mapping: str | None = None                                 # the saved column mapping used, if any
    as_at_source: str | None = None                            # where the as-at date was found, in words

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def has_completion(self) -> bool:
        """Does the file give a % for any item? Without one, progress is the share complete."""
        return bool(self.actions["completion"].notna().any())


def load_tracker(source: bytes | str | Path, filename: str | None = None,
                 progress: Callable[[float, str], None] | None = None, mappings=()) -> Tracker:
    """Read a tracker (.xlsx/.xlsm/.xls/.ods/.csv) from a path or bytes; TrackerError if it has no action table.

    ``progress(fraction, message)``, when given, is told how far the read has got. ``mappings`` are
    saved column mappings (bvdata.read.mapping.ColumnMapping): one whose header row is found is used for
    that sheet instead of the automatic detection.
    """
    report = progress or (lambda fraction, message: None)
    data, filename = _bytes_of(source, filename)
    report(0.05, "Checking the file and reading its cells")
    grids = read_grids(data, filename)
    report(0.6, "Finding the action tables")
    return tracker_from_grids(grids, filename, hashlib.sha256(data).hexdigest(), mappings, report)


def tracker_from_grids(grids, filename: str, sha256: str, mappings=(), report=None) -> Tracker:
    """The tracker in grids already read (the mapping screen previews a mapping without reading again)."""
    report = report or (lambda fraction, message: None)
    found = _scan(grids, mappings)
    if found.as_at is None:
        _as_at_from_names(found, grids, filename)
    if not found.blocks:
        raise TrackerError(
            f"No action table was found in {filename}: no row has column headings such as 'Action' "
            "together with 'Timescales', '% Completion' or 'Lead Officer'; map its columns on the Data page."
        )
    blocks, views = split_views(found.blocks, found.issues)
    multi_sheet = len({b.sheet for b in blocks}) > 1
    report(0.75, f"Checking the values of {sum(len(b.values) for b in blocks):,} rows")
    actions = _assemble(blocks, found.issues, multi_sheet)
    noun = _noun(blocks)
    report(1.0, f"Read {len(actions):,} {noun[1]}")
    return Tracker(
        actions=actions, themes=found.themes, amendments=_amendment_frame(found.amendments), as_at=found.as_at,
        issues=found.issues, source_name=filename, sha256=sha256,
        recommendations=list(dict.fromkeys(actions["recommendation"])), noun=noun, views=views,
        mapping=found.mapping, as_at_source=found.as_at_source,
    )


def _bytes_of(source, filename):
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrackerError(f"{path.name} could not be opened ({exc.strerror or exc}).") from None
        return data, filename or path.name
    return source, filename or "tracker"


@dataclass
class _Found:
    blocks: list[Block] = field(default_factory=list)
    amendments: list = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    as_at: dt.date | None = None
    themes: ThemeScores = field(default_factory=empty_scores)
    mapping: str | None = None
    as_at_source: str | None = None
    as_at_place: tuple[str, int] | None = None     # (sheet, row number) of the title that declares it


def _as_at_from_names(found: _Found, grids, filename: str) -> None:
    """No title row gives the date: try the sheet names, then the file name."""
    for grid in grids:
        if (d := as_at_in_name(grid.sheet)) is not None:
            found.as_at, found.as_at_source = d, f"the sheet name '{grid.sheet}'"
            break
    else:
        if (d := as_at_in_name(Path(filename).stem)) is not None:
            found.as_at, found.as_at_source = d, f"the file name '{filename}'"
    if found.as_at is not None:
        found.issues.append(Issue("info", f"The update is taken to be as at {found.as_at:%d %b %Y}, from "
                                  f"{found.as_at_source}; correct it before publishing if that is wrong."))


def _scan(grids, mappings) -> _Found:
    from .mapping import apply_mapping
    found = _Found()
    for grid in grids:
        found.issues.extend(Issue("warning", describe_removal(before), grid.sheet, row,
                                  column_letter(grid.first_col + j), clean(before))
                            for row, j, before in grid.cleaned)
        layout = scan_sheet(grid)
        mapped = next((m for m in mappings if m.fits(grid)), None)
        if mapped is not None:
            found.blocks.append(apply_mapping(grid, mapped))
            found.mapping = mapped.name
            found.issues.append(Issue("info", f"The columns were read with the saved mapping '{mapped.name}', "
                                      "because this header row matches it.", grid.sheet, mapped.header_row))
        else:
            found.blocks.extend(layout.blocks)
        _mark_formulas(grid, found.blocks)
        found.amendments.extend(layout.amendments)
        if found.as_at is None and layout.as_at is not None:
            found.as_at = layout.as_at
            row, text = layout.as_at_cell
            found.as_at_place = (grid.sheet, row)
            found.as_at_source = f"row {row} of sheet '{grid.sheet}' (\"{text[:80]}\")"
            found.issues.append(Issue("info", f"The update is as at {found.as_at:%d %b %Y}, from {found.as_at_source}.",
                                      grid.sheet, row))
        if found.themes.empty and layout.theme_header_row is not None:
            found.themes = parse_theme_grid(grid, layout.theme_header_row)
            found.issues.extend(found.themes.issues)
    return found


def _mark_formulas(grid, blocks: list[Block]) -> None:
    """Note which of a block's cells hold the text of a formula with no saved value."""
    if not grid.formulas:
        return
    for block in blocks:
        if block.sheet != grid.sheet:
            continue
        rows = set(block.row_numbers)
        by_column = {grid.first_col + j: f for f, j in block.columns.items()}
        block.formula_cells |= {(r, by_column[c]) for r, c in grid.formulas if r in rows and c in by_column}


def _noun(blocks: list[Block]) -> tuple[str, str]:
    nouns = {normalise(r["heading"]): (r["singular"], r["plural"]) for r in read_table(VOCAB_DIR / "item_nouns.csv")}
    for b in blocks:
        heading = b.headers.get("action", "")
        key = normalise(heading.rsplit(" (", 1)[0])
        if key in nouns:
            return nouns[key]
    return ("action", "actions")


def _assemble(blocks: list[Block], issues: list[Issue], multi_sheet: bool) -> pd.DataFrame:
    raw, where_sheet, where_row, where_block, title_recs = _gather(blocks, issues)
    formula_rows = _formula_rows(blocks, where_block, where_row)

    def warn(i: int, f: str, value, message: str) -> None:
        block = blocks[where_block[i]]
        issues.append(Issue("warning", message, where_sheet[i], where_row[i], block.headers.get(f, f), str(value)))

    def where(i: int) -> tuple[str, int]:
        return where_sheet[i], where_row[i]

    ids = [format_id(v) for v in raw["action_id"]]
    # the common case (a plain string) is handled inline: this runs once per cell
    text = {f: [(v.strip() or None) if v.__class__ is str else format_text(v) for v in raw[f]] for f in TEXT_FIELDS}
    dates = read_dates(raw, warn, issues, where)
    progress = read_progress(raw, warn, issues, where)
    for i, fields in formula_rows.items():
        for f in fields:
            warn(i, f, raw[f][i], "This cell's formula has no saved value, so its text is shown as written; "
                 "it is never run. Open the file in Excel and save it to keep the value instead.")
    keep = _drop_blank_numbered(ids, text, dates, progress["completion"], where, issues)
    effective, original, moved = effective_dates(dates)
    columns = {
        "action_id": ids, "action": text["action"], "due_date": effective, "original_due_date": original,
        "revised_due_date": dates["revised_due_date"], "times_moved": moved,
        "lead_officer": text["lead_officer"], "report_ref": text["report_ref"], "service_lead": text["service_lead"],
        "notes": text["notes"], "justification": text["justification"],
        "priority": read_choice(raw["priority"], "priority", warn),
        "acceptance": read_choice(raw["acceptance"], "acceptance", warn),
        "recommendation": _recommendations(raw["recommendation"], title_recs, where_block, where_sheet, multi_sheet,
                                           text["lead_officer"], blocks),
        "theme": _themes(raw["theme"], warn), "source_sheet": where_sheet, "source_row": where_row, **progress,
        "from_formula": [", ".join(formula_rows[i]) if i in formula_rows else None for i in range(len(ids))],
    }
    if not all(keep):
        columns = {k: [v for v, kept in zip(values, keep) if kept] for k, values in columns.items()}
    _warn_rows(columns, warn, keep)
    return _frame(columns)


def _formula_rows(blocks: list[Block], where_block: list[int], where_row: list[int]) -> dict[int, list[str]]:
    """Row index -> the fields whose cell held a formula's text rather than a value."""
    wanted = {(b, r): [] for b, block in enumerate(blocks) for r, _ in block.formula_cells}
    for b, block in enumerate(blocks):
        for r, f in sorted(block.formula_cells):
            wanted[(b, r)].append(f)
    if not wanted:
        return {}
    return {i: wanted[(b, r)] for i, (b, r) in enumerate(zip(where_block, where_row)) if (b, r) in wanted}


def _gather(blocks: list[Block], issues: list[Issue]):
    """Every block's cells, column by column, with where each row came from."""
    raw: dict[str, list] = {f: [] for f in RAW_FIELDS}
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
    return raw, where_sheet, where_row, where_block, title_recs


def _drop_blank_numbered(ids, text, dates, completion, where, issues) -> list[bool]:
    blank = blank_numbered(ids, text, dates, completion)
    if any(blank):
        places = [where(i) for i, b in enumerate(blank) if b]
        rows = ", ".join(str(r) for _, r in places[:30]) + (f" and {len(places) - 30} more" if len(places) > 30 else "")
        issues.append(Issue("warning", f"{len(places)} numbered row{'s have' if len(places) > 1 else ' has'} no "
                            f"wording, date, owner or update (rows {rows}); they are template rows, not items, "
                            "and are not counted.", places[0][0], places[0][1]))
    return [not b for b in blank]


def _warn_rows(columns: dict[str, list], warn, keep: list[bool]) -> None:
    kept_index = [i for i, k in enumerate(keep) if k]
    for j, action in enumerate(columns["action"]):
        if action is None:
            warn(kept_index[j], "action", "", "This row has no action wording; it is kept so that nothing is lost.")
    counts = Counter(x for x in columns["action_id"] if x is not None)
    for j, x in enumerate(columns["action_id"]):
        if x is not None and counts[x] > 1:
            warn(kept_index[j], "action_id", x, f"Number {x} appears {counts[x]} times; every row is kept.")


def _themes(raw: list, warn) -> list:
    themes = []
    for i, v in enumerate(raw):
        written = format_text(v)
        theme = canonical_theme(written) if written else None
        if written and theme is None:
            warn(i, "theme", v, "This is not one of the seven Best Value themes; it is kept as written.")
            theme = written
        themes.append(theme)
    return themes


def _dates(values: list) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[s]")


def _frame(c: dict[str, list]) -> pd.DataFrame:
    text = {f: pd.array(c[f], dtype=TEXT) for f in ("action_id", "recommendation", "action", "lead_officer",
                                                   "report_ref", "service_lead", "notes", "theme", "justification",
                                                   "source_sheet", "progress", "progress_word", "rag", "priority",
                                                   "acceptance", "from_formula")}
    return pd.DataFrame({
        **text,
        "due_date": _dates(c["due_date"]), "original_due_date": _dates(c["original_due_date"]),
        "revised_due_date": _dates(c["revised_due_date"]),
        "times_moved": pd.array(c["times_moved"], dtype="int64"),
        "completion": pd.array(c["completion"], dtype="float64") if c["completion"] else pd.array([], dtype="float64"),
        "source_row": pd.array(c["source_row"], dtype="int64"),
    }, columns=ACTION_COLUMNS)


def _recommendations(column, title_recs, where_block, where_sheet, multi_sheet, owners, blocks) -> list[str]:
    """Per row: the Recommendation (or report) column (blank cells take the value above, as in merged
    cells), else the title row above the table, else the sheet name when actions span sheets, else, for
    a recommendation-level tracker with a lead body, that body."""
    by_body = [_names_a_body(b) for b in blocks]
    out = []
    last_value, last_block = None, None
    for i, v in enumerate(column):
        if where_block[i] != last_block:
            last_value, last_block = None, where_block[i]
        value = format_text(v)
        if value is not None:
            last_value = value
        rec = (last_value or title_recs[i] or (where_sheet[i] if multi_sheet else None)
               or (owners[i] if by_body[where_block[i]] else None) or NO_RECOMMENDATION)
        out.append(rec)
    return out


def _names_a_body(block: Block) -> bool:
    """Does the owner column name a body ("Lead Body") rather than an officer?"""
    return "body" in normalise(block.headers.get("lead_officer", "").rsplit(" (", 1)[0])


def _report_columns(block: Block, issues: list[Issue]) -> None:
    for fields, label in EXPECTED_FIELDS.items():
        if not any(f in block.columns for f in fields):
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
