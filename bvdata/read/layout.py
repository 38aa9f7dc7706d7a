"""Finds the tables in a sheet: action tables (tidy or committee-paper layout), the amended-actions
table, and the rows between them that carry recommendation titles and the "as at" date.

The committee-paper layout: title rows, then per recommendation a title row (often merged across
the table), its own header row and its actions; a continuation table has a header row but no new
title and belongs to the recommendation above. A tidy table has one header row and may carry a
Recommendation column, or section-title rows between groups of actions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from ..base.vocab import field_for_header, header_synonyms, normalise, title_prefix_pattern
from .asat import as_at_in_row
from .grid import Grid

# what makes a header row an action table's header: the action wording plus at least one of these
_ACTION_COMPANIONS = {"due_date", "completion", "lead_officer", "notes", "action_id", "service_lead",
                      "original_due_date", "revised_due_date", "progress_word", "rag", "priority", "acceptance"}
_HEADER_SEARCH_ROWS = 500           # a sheet with no header in its first 500 rows holds no table
_MAX_HEADER_CELL = 60               # header cells are short; longer text is never a header
_ID_LIKE = re.compile(r"^[a-z]{0,4}\s*\d+(?:[.\-/]\d+)*[a-z]?$", re.IGNORECASE)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Block:
    """One action table: its header and its rows, column-oriented for speed."""

    sheet: str
    columns: dict[str, int]              # field -> index within the grid row
    headers: dict[str, str]              # field -> header text as written, with column letter
    extras: list[str]                    # headers that name no field we know
    row_numbers: list[int] = field(default_factory=list)
    recommendations: list[str | None] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)   # per row, the cells of ``fields`` in order
    formula_cells: set = field(default_factory=set)      # (row number, field) holding a formula's text

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.columns)


@dataclass
class Amendment:
    sheet: str
    row: int
    action_id: object
    original_action: object
    amended_action: object
    justification: object


@dataclass
class SheetLayout:
    blocks: list[Block] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    as_at: object = None                 # a date, or None
    as_at_cell: tuple | None = None      # (row, text) where it was declared
    theme_header_row: int | None = None  # index into grid.rows of a theme-score header


@lru_cache(maxsize=8192)
def _header_field(text: str, table: str) -> str | None:
    return field_for_header(text, table)


def header_mapping(row: list, table: str) -> dict[int, str]:
    """Column index -> field for a candidate header row (first use of each field wins)."""
    mapping: dict[int, str] = {}
    seen: set[str] = set()
    for j, cell in enumerate(row):
        if isinstance(cell, str) and 0 < len(cell) <= _MAX_HEADER_CELL:
            f = _header_field(cell, table)
            if f and f not in seen:
                mapping[j] = f
                seen.add(f)
    return mapping


def _is_action_header(mapping: dict[int, str], row: list) -> bool:
    fields = set(mapping.values())
    if "action" not in fields or not fields & _ACTION_COMPANIONS:
        return False
    # a header row is words only, and most of its words are headings we know; this keeps an
    # action whose text happens to be "Action" from being mistaken for a new table
    filled = [c for c in row if c != ""]
    return all(isinstance(c, str) for c in filled) and len(mapping) * 5 >= len(filled) * 3


def _is_amendment_header(mapping: dict[int, str]) -> bool:
    fields = set(mapping.values())
    return {"original_action", "amended_action"} <= fields


def _is_theme_header(row: list) -> bool:
    mapping = header_mapping(row, "themes")
    fields = set(mapping.values())
    non_empty = sum(1 for c in row if c != "")
    return "theme" in fields and ("score" in fields or non_empty >= 2)


@lru_cache(maxsize=1)
def _action_words() -> frozenset[str]:
    return frozenset(k for k, f in header_synonyms("actions").items() if f == "action")


@lru_cache(maxsize=16384)
def _names_action(text: str) -> bool:
    return normalise(text) in _action_words()


def _may_be_action_header(row: list) -> bool:
    """Cheap test run on every data row: is it words only, and does a short cell say 'Action'?"""
    if set(map(type, row)) != {str}:  # a date or a number: an action row, never a header
        return False
    for cell in row:
        if cell.__class__ is str and 0 < len(cell) <= _MAX_HEADER_CELL and _names_action(cell):
            return True
    return False


def _title_text(row: list, non_empty: int, columns: dict[str, int] | None) -> str | None:
    """The text of a title row: one distinct text value, not an id, not in the action column."""
    value = next(c for c in row if c != "")
    # merged title cells hold the text once; a copied-across title repeats the same text
    if not isinstance(value, str) or (non_empty > 1 and row.count(value) != non_empty):
        return None
    text = value.strip()
    if len(text) < 4 or _ID_LIKE.match(text) or not re.search(r"[A-Za-z]{3}", text):
        return None
    if columns is not None:
        position = row.index(value)
        action_col = columns.get("action")
        # a lone cell in the action column (or to its right) is an action with nothing else filled in
        if action_col is not None and position >= action_col:
            return None
    return text


def clean_title(text: str) -> str:
    text = title_prefix_pattern().sub("", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def scan_sheet(grid: Grid) -> SheetLayout:
    layout = SheetLayout()
    block: Block | None = None
    amendment_cols: dict[str, int] | None = None
    recommendation: str | None = None
    rows = grid.rows
    first_row = grid.first_row
    getter = None
    width = 0
    searched_without_header = 0

    for i, row in enumerate(rows):
        non_empty = len(row) - row.count("")
        if non_empty == 0:
            continue
        in_table = block is not None or amendment_cols is not None
        if not in_table or _may_be_action_header(row) or amendment_cols is not None:
            mapping = header_mapping(row, "actions")
            if _is_action_header(mapping, row):
                block = _new_block(grid, row, mapping)
                layout.blocks.append(block)
                getter = itemgetter(*block.columns.values())
                width = max(block.columns.values()) + 1
                amendment_cols = None
                continue
            amend = header_mapping(row, "amendments")
            if _is_amendment_header(amend):
                amendment_cols = {f: j for j, f in amend.items()}
                block = None
                continue
            if not in_table and layout.theme_header_row is None and _is_theme_header(row):
                layout.theme_header_row = i
                break  # the rest of this sheet is the theme table
        title = _title_text(row, non_empty, block.columns if block else None)
        if title is not None:
            if layout.as_at is None and (d := as_at_in_row(row)) is not None:
                layout.as_at, layout.as_at_cell = d, (first_row + i, title)
                continue
            recommendation = clean_title(title)
            continue
        if amendment_cols is not None:
            layout.amendments.append(_amendment(grid.sheet, first_row + i, row, amendment_cols))
            continue
        if block is None:
            if layout.as_at is None and (d := as_at_in_row(row)) is not None:
                layout.as_at, layout.as_at_cell = d, (first_row + i, next(c for c in row if isinstance(c, str)))
            searched_without_header += 1
            if searched_without_header > _HEADER_SEARCH_ROWS:
                break
            continue
        # a CSV row ends at its last filled cell: pad only the short ones, and only to the table's width
        values = getter(row) if len(row) >= width else getter(row + [""] * (width - len(row)))
        block.values.append(values if isinstance(values, tuple) else (values,))
        block.row_numbers.append(first_row + i)
        block.recommendations.append(recommendation)
    return layout


def _new_block(grid: Grid, row: list, mapping: dict[int, str]) -> Block:
    columns = {f: j for j, f in mapping.items()}
    # the number column's header is often blank: take the blank-headed column left of the action
    if "action_id" not in columns:
        action_col = columns["action"]
        for j in range(action_col - 1, -1, -1):
            if row[j] == "":
                columns = {"action_id": j, **columns}
                break
    headers = {}
    for f, j in columns.items():
        written = str(row[j]).strip() if row[j] != "" else "(blank header)"
        headers[f] = f"{written} ({column_letter(grid.first_col + j)})"
    extras = [
        f"{str(cell).strip()} ({column_letter(grid.first_col + j)})"
        for j, cell in enumerate(row)
        if cell != "" and j not in mapping
    ]
    return Block(sheet=grid.sheet, columns=columns, headers=headers, extras=extras)


def _amendment(sheet: str, row_number: int, row: list, cols: dict[str, int]) -> Amendment:
    def cell(f):
        j = cols.get(f)
        return row[j] if j is not None and j < len(row) else ""

    return Amendment(sheet, row_number, cell("action_id"), cell("original_action"),
                     cell("amended_action"), cell("justification"))
