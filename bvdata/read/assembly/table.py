"""The action table from the blocks a file's sheets gave: every cell read into its field's clean value,
every row with the sheet and row it came from, and a warning for anything that could not be read.

Nothing is dropped here: template rows were set aside by the layout (and counted in one warning by the
tracker); a value that cannot be read leaves its field blank and adds a warning naming its cell.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ...base.errors import Issue
from ...base.vocab import canonical_theme
from ..cells.fields import RAW_FIELDS, frame_of
from ..cells.progress import CLOSED, COMPLETE
from ..cells.values import format_id, format_text
from ..finding.layout import Block
from .assemble import effective_dates, read_choice, read_dates, read_progress
from .words import group_field, names_a_body

TEXT_FIELDS = ("action", "lead_officer", "service_lead", "report_ref", "notes", "justification",
               "recommendation_text", "finding", "finding_detail", "validated")
NO_GROUP = "Not assigned to a recommendation"


@dataclass
class Rows:
    """Every block's cells, column by column, and where each row came from."""

    raw: dict[str, list] = field(default_factory=lambda: {f: [] for f in RAW_FIELDS})
    sheet: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)
    block: list[int] = field(default_factory=list)
    title: list[str | None] = field(default_factory=list)     # the title row above the row's table
    group: list = field(default_factory=list)                 # the row's group column (Recommendation or report)

    @classmethod
    def of(cls, blocks: list[Block]) -> Rows:
        rows = cls()
        for b, block in enumerate(blocks):
            n = len(block.values)
            columns = list(zip(*block.values)) if n else [()] * len(block.fields)
            by_field = dict(zip(block.fields, columns))
            for f, values in rows.raw.items():
                values.extend(by_field.get(f, ("",) * n))
            rows.group.extend(by_field.get(group_field(block), ("",) * n) if group_field(block) else ("",) * n)
            rows.sheet.extend([block.sheet] * n)
            rows.row.extend(block.row_numbers)
            rows.block.extend([b] * n)
            rows.title.extend(block.recommendations)
        return rows

    def where(self, i: int) -> tuple[str, int]:
        return self.sheet[i], self.row[i]


def assemble(blocks: list[Block], issues: list[Issue], multi_sheet: bool, as_at: dt.date | None = None) -> pd.DataFrame:
    rows = Rows.of(blocks)
    raw = rows.raw
    formula_rows = _formula_rows(blocks, rows)

    def warn(i: int, f: str, value, message: str, kind: str) -> None:
        block = blocks[rows.block[i]]
        issues.append(Issue("warning", message, rows.sheet[i], rows.row[i], block.headers.get(f, f), str(value), kind))

    ids = [format_id(v) for v in raw["action_id"]]
    # the common case (a plain string) is handled inline: this runs once per cell
    present = {f for block in blocks for f in block.fields}      # a field no table has is blank throughout
    text = {f: [(v.strip() or None) if v.__class__ is str else format_text(v) for v in raw[f]] if f in present
            else [None] * len(ids) for f in TEXT_FIELDS}
    dates = read_dates(raw, warn, issues, rows.where, as_at)
    progress = read_progress(raw, warn, issues, rows.where)
    _complete_by_date(progress, dates["completion_date"], warn)
    for i, fields in formula_rows.items():
        for f in fields:
            warn(i, f, raw[f][i], "This cell's formula has no saved value, so its text is shown as written; "
                 "it is never run. Open the file in Excel and save it to keep the value instead.", "formula_text")
    effective, original, moved = effective_dates(dates)
    columns = {
        "action_id": ids, "action": text["action"], "due_date": effective, "original_due_date": original,
        "revised_due_date": dates["revised_due_date"], "completion_date": dates["completion_date"], "times_moved": moved,
        **{f: text[f] for f in ("lead_officer", "report_ref", "service_lead", "notes", "justification",
                                "recommendation_text", "validated")},
        "finding": _joined(text["finding"], text["finding_detail"]),
        "priority": read_choice(raw["priority"], "priority", warn),
        "acceptance": read_choice(raw["acceptance"], "acceptance", warn),
        "recommendation": _groups(rows, multi_sheet, text["lead_officer"], blocks),
        "report": [format_text(v) for v in raw["report"]],
        "theme": _themes(raw["theme"], warn), "source_sheet": rows.sheet, "source_row": rows.row, **progress,
        "from_formula": [", ".join(formula_rows[i]) if i in formula_rows else None for i in range(len(ids))],
        "colour_only": [blocks[b].by_colour.get(r) if blocks[b].by_colour else None for b, r in zip(rows.block, rows.row)],
    }
    _warn_rows(columns, warn, blocks, rows)
    return frame_of(columns)


def _complete_by_date(progress: dict[str, list], completed: list, warn) -> None:
    """A filled Completion Date or Date Implemented makes an item complete (one closed without completion
    stays closed); where its status says otherwise, that is warned about."""
    for i, day in enumerate(completed):
        if day is None or progress["progress"][i] in (COMPLETE, CLOSED):
            continue
        said = progress["progress_word"][i] or (f"{progress['completion'][i]:g}%" if progress["completion"][i] is not None else None)
        if said:
            warn(i, "completion_date", f"{day:%d/%m/%Y}", f"This has a date completed ({day:%d %b %Y}) but its status "
                 f"says '{said}'; it is read as complete.", "completed_status_disagrees")
        progress["progress"][i] = COMPLETE


def _joined(first: list, second: list) -> list:
    if all(b is None for b in second):        # no detail column: the first as it is
        return first
    return [("\n\n".join(p for p in (a, b) if p) or None) for a, b in zip(first, second)]


def _formula_rows(blocks: list[Block], rows: Rows) -> dict[int, list[str]]:
    """Row index -> the fields whose cell held a formula's text rather than a value."""
    wanted = {(b, r): [] for b, block in enumerate(blocks) for r, _ in block.formula_cells}
    for b, block in enumerate(blocks):
        for r, f in sorted(block.formula_cells):
            wanted[(b, r)].append(f)
    if not wanted:
        return {}
    return {i: wanted[(b, r)] for i, (b, r) in enumerate(zip(rows.block, rows.row)) if (b, r) in wanted}


def _warn_rows(columns: dict[str, list], warn, blocks: list[Block], rows: Rows) -> None:
    for i, action in enumerate(columns["action"]):
        if action is None:
            noun = "recommendation" if "recommendation_text" in blocks[rows.block[i]].columns else "action"
            warn(i, "action", "", f"This row has no {noun} wording; it is kept so that nothing is lost.", "wording_missing")
    counts = Counter(x for x in columns["action_id"] if x is not None)
    for i, x in enumerate(columns["action_id"]):
        if x is not None and counts[x] > 1:
            warn(i, "action_id", x, f"Number {x} appears {counts[x]} times; every row is kept.", "number_repeated")


def _themes(raw: list, warn) -> list:
    themes = []
    for i, v in enumerate(raw):
        written = format_text(v)
        theme = canonical_theme(written) if written else None
        if written and theme is None:
            warn(i, "theme", v, "This is not one of the seven Best Value themes; it is kept as written.", "theme_unknown")
            theme = written
        themes.append(theme)
    return themes


def _groups(rows: Rows, multi_sheet: bool, owners: list, blocks: list[Block]) -> list[str]:
    """Per row: its group column, a Recommendation or report (blank cells take the value above, as in
    merged cells), else the title row above the table, else the sheet name when items span sheets, else,
    for a tracker led by bodies with no other grouping, that body."""
    by_body = [names_a_body(b) for b in blocks]
    out = []
    last_value, last_block = None, None
    for i, v in enumerate(rows.group):
        if rows.block[i] != last_block:
            last_value, last_block = None, rows.block[i]
        value = format_text(v)
        if value is not None:
            last_value = value
        group = (last_value or rows.title[i] or (rows.sheet[i] if multi_sheet else None)
                 or (owners[i] if by_body[rows.block[i]] else None) or NO_GROUP)
        out.append(group)
    return out
