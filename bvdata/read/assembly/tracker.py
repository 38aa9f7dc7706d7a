"""Loads a tracker file into one clean action table, with every row traceable to its sheet and row.

The door (bvdata.read.door.guard) gives the sheets' cells; each sheet's tables are found by evidence
(bvdata.read.finding.layout, bvdata.read.finding.header) or by a column mapping passed in; the table is read into clean
values (bvdata.read.assembly.table), and the file's own words for its things are kept (bvdata.read.assembly.words). Nothing
is dropped: a value that cannot be read leaves its field blank and adds a warning naming the sheet, row,
column and raw value; template rows are counted in one warning; the report says which row headed each
table and which columns were left out.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ...base.cleantext import clean, describe_removal
from ...base.errors import Issue, TrackerError
from ...base.words import DEFAULT_WORDS, Words
from ..cells.fields import ACTION_COLUMNS, TEXT  # noqa: F401 (the table's columns, offered here)
from ..cells.grid import column_letter
from ..cells.values import format_id, format_text
from ..door.guard import read_grids
from ..finding.asat import as_at_in_name, before_as_at, find_date
from ..finding.layout import Block, scan_sheet
from ..formats.paper import FRONT, place_words
from .colours import read_colours
from .table import assemble
from .themes import ThemeScores, empty_scores, parse_theme_grid
from .views import split_views
from .words import words_of

# what a table is expected to carry; a missing kind is reported, never fatal
EXPECTED_FIELDS = {
    ("action_id",): "No.", ("due_date", "revised_due_date", "original_due_date"): "Timescales",
    ("lead_officer",): "Lead Officer", ("completion", "progress_word", "rag"): "% Completion or Status",
    ("notes",): "Notes",
}


@dataclass
class Tracker:
    actions: pd.DataFrame
    themes: ThemeScores
    amendments: pd.DataFrame
    as_at: dt.date | None
    issues: list[Issue]
    source_name: str
    sha256: str
    recommendations: list[str] = field(default_factory=list)   # the groups, in the file's order
    words: Words = DEFAULT_WORDS                               # what the file calls its items, groups and leads
    views: list[str] = field(default_factory=list)             # sheets that repeat rows of the main table
    mapping: str | None = None                                 # the saved column mapping used, if any
    as_at_source: str | None = None                            # where the as-at date was found, in words
    title: str | None = None                                   # its title row ("Best Value Audit Implementation Plan")

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def noun(self) -> tuple[str, str]:
        """What a row is called, (singular, plural): the item of ``words``."""
        return self.words.noun

    @property
    def has_completion(self) -> bool:
        """Does the file give a % for any item? Without one, progress is the share complete."""
        return bool(self.actions["completion"].notna().any())


def load_tracker(source: bytes | str | Path, filename: str | None = None,
                 progress: Callable[[float, str], None] | None = None, mappings=()) -> Tracker:
    """Read a tracker (.xlsx/.xlsm/.xls/.ods/.csv, or a committee paper: .docx or PDF) from a path or bytes;
    TrackerError if it has no action table.

    ``progress(fraction, message)``, when given, is told how far the read has got. ``mappings`` are
    saved column mappings (bvdata.read.assembly.mapping.ColumnMapping): one whose header row is found is used for
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
    paper = next((g for g in grids if g.sheet == FRONT and g.first_col == 0), None)
    if paper is not None:
        _from_front_page(found, paper)
    if found.as_at is None:
        _as_at_from_names(found, grids, filename)
    if not found.blocks:
        raise NoTable(
            f"No action table was found in {filename}: no row has column headings for the wording of its items "
            "together with two of a number, a due date, their progress, a lead or a group (such as 'Action', "
            "'Timescales', '% Completion' and 'Lead Officer')."
        )
    blocks, views = split_views(found.blocks, found.issues)
    read_colours(blocks, grids, found.issues)          # a status shown by its cell's colour alone
    multi_sheet = len({b.sheet for b in blocks}) > 1
    report(0.75, f"Checking the values of {sum(len(b.values) for b in blocks):,} rows")
    _report_columns(blocks, found.issues)
    _report_templates(found.blocks, found.issues)
    actions = assemble(blocks, found.issues, multi_sheet, found.as_at)
    _pages_of(grids, actions, found.issues)
    words = words_of(blocks)
    report(1.0, f"Read {words.item.count(len(actions))}")
    return Tracker(
        actions=actions, themes=found.themes, amendments=_amendment_frame(found.amendments), as_at=found.as_at,
        issues=found.issues, source_name=filename, sha256=sha256,
        recommendations=list(dict.fromkeys(actions["recommendation"])), words=words, views=views,
        mapping=found.mapping, as_at_source=found.as_at_source, title=found.title,
    )


class NoTable(TrackerError):
    """The file was read, but no table in it was recognised: its columns can be mapped by hand."""


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
    title: str | None = None                       # the first title row above a table: the document's title


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
                                  f"{found.as_at_source}; correct it before publishing if that is wrong.", kind="as_at"))


def _from_front_page(found: _Found, front) -> None:
    """A committee paper: its title from the front page, and its date from there when no paragraph says
    "as at" ("Audit and Scrutiny Committee, 14 February 2022")."""
    lines = [str(row[0]) for row in front.rows if row and row[0]]
    if found.as_at is None:
        for k, line in enumerate(lines[:12], start=1):
            if (d := find_date(line)) is not None:
                found.as_at, found.as_at_place = d, (FRONT, k)
                found.as_at_source = f"the paper's front page, paragraph {k} (\"{line[:80]}\")"
                found.issues.append(Issue("info", f"The update is taken to be as at {d:%d %b %Y}, from "
                                          f"{found.as_at_source}; correct it before publishing if that is wrong.", FRONT, k,
                                          kind="as_at"))
                break
    if found.as_at_place and found.as_at_place[0] == FRONT:
        line = lines[found.as_at_place[1] - 1] if found.as_at_place[1] <= len(lines) else ""
        found.title = before_as_at(line) or found.title
    if found.title is None and lines:
        found.title = lines[0][:120]


def _pages_of(grids, actions: pd.DataFrame, issues: list[Issue]) -> None:
    """A table read from a PDF: each item's source is its page as well as its table and row."""
    places = {g.sheet: g.places for g in grids if g.places}
    if not places:
        return

    def where(sheet, row):
        page = places.get(sheet, {}).get(row)
        return f"{sheet}, page {page}" if page is not None else sheet
    actions["source_sheet"] = pd.array([where(s, r) for s, r in zip(actions["source_sheet"], actions["source_row"])],
                                       dtype=TEXT)
    for k, issue in enumerate(issues):
        if issue.sheet in places and issue.row is not None:
            issues[k] = replace(issue, sheet=where(issue.sheet, issue.row))


def _scan(grids, mappings) -> _Found:
    from .mapping import apply_mapping
    found = _Found()
    for grid in grids:
        found.issues.extend(Issue("warning", note, grid.sheet, kind="paper_note") for note in grid.notes)
        found.issues.extend(Issue("warning", describe_removal(before), grid.sheet, row,
                                  column_letter(grid.first_col + j), clean(before), kind="cleaned")
                            for row, j, before in grid.cleaned)
        layout = scan_sheet(grid)
        mapped = next((m for m in mappings if m.fits(grid)), None)
        if mapped is not None:
            found.blocks.append(apply_mapping(grid, mapped))
            found.mapping = mapped.name
            found.issues.append(Issue("info", f"The columns were read with the saved mapping '{mapped.name}', "
                                      "because this header row matches it.", grid.sheet, mapped.header_row,
                                      kind="mapping_used"))
        else:
            found.blocks.extend(layout.blocks)
        _mark_formulas(grid, found.blocks)
        found.amendments.extend(layout.amendments)
        if found.title is None and layout.blocks and layout.title:
            found.title = layout.title
        if found.as_at is None and layout.as_at is not None:
            found.as_at = layout.as_at
            row, text = layout.as_at_cell
            found.as_at_place = (grid.sheet, row)
            found.as_at_source = f"{place_words(grid.sheet, row)} (\"{text[:80]}\")"
            found.issues.append(Issue("info", f"The update is as at {found.as_at:%d %b %Y}, from {found.as_at_source}.",
                                      grid.sheet, row, kind="as_at"))
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


def _report_columns(blocks: list[Block], issues: list[Issue]) -> None:
    """What each table's header row gave: a warning for each kind of column it lacks, and a note of the row
    and the columns used and left out (a committee paper repeats its header: only the first says it)."""
    seen = set()
    for block in blocks:
        row = block.header_row or (block.row_numbers[0] - 1 if block.row_numbers else None)
        for fields, label in EXPECTED_FIELDS.items():
            if not any(f in block.columns for f in fields):
                issues.append(Issue("warning", f"This table has no '{label}' column, so that field is blank for its "
                                    "items; if another column holds it under a heading the tracker did not know, "
                                    "map it on the Data page.", block.sheet, row, label,
                                    kind="column_missing"))
        key = (block.sheet, tuple(h.rsplit(" (", 1)[0] for h in block.headers.values()))
        if key in seen:
            continue
        seen.add(key)
        note = f"The table's header is row {row}; it reads {', '.join(block.headers.values())}."
        if block.extras:
            note += f" Left out, as columns the tracker does not use: {', '.join(block.extras)}."
        if block.beside:
            note += f" Beside the table, after a blank column, and left out: {', '.join(block.beside)}."
        issues.append(Issue("info", note, block.sheet, row, kind="header_read"))


def _report_templates(blocks: list[Block], issues: list[Issue]) -> None:
    """One warning for the rows that are not items: no wording, no date and no progress of their own."""
    places = [(b.sheet, r) for b in blocks for r in b.template_rows]
    if not places:
        return
    sheets = sorted({s for s, _ in places})
    ranges = "; ".join(f"{_ranges([r for s2, r in places if s2 == s])}" + (f" of sheet '{s}'" if len(sheets) > 1 else "")
                       for s in sheets)
    issues.append(Issue("warning", f"{len(places):,} row{'s have' if len(places) > 1 else ' has'} no wording, no "
                        f"status or % of {'their' if len(places) > 1 else 'its'} own and no date (rows {ranges}); "
                        f"{'they are template rows' if len(places) > 1 else 'it is a template row'}, not items, "
                        "and not counted.", places[0][0], places[0][1], kind="template_rows"))


def _ranges(numbers: list[int]) -> str:
    """'13–20, 25, 30–9,000': consecutive row numbers as ranges."""
    numbers = sorted(numbers)
    out, start, last = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == last + 1:
            last = n
            continue
        out.append(f"{start:,}" if start == last else f"{start:,}–{last:,}")
        if n is not None:
            start = last = n
    return ", ".join(out)


def _amendment_frame(amendments) -> pd.DataFrame:
    return pd.DataFrame({
        "action_id": pd.array([format_id(a.action_id) for a in amendments], dtype=TEXT),
        "original_action": pd.array([format_text(a.original_action) for a in amendments], dtype=TEXT),
        "amended_action": pd.array([format_text(a.amended_action) for a in amendments], dtype=TEXT),
        "justification": pd.array([format_text(a.justification) for a in amendments], dtype=TEXT),
        "source_sheet": pd.array([a.sheet for a in amendments], dtype=TEXT),
        "source_row": pd.array([a.row for a in amendments], dtype="int64"),
    })
