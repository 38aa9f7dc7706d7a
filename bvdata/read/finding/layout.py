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
from operator import itemgetter

from ...base.vocab import title_prefix_pattern
from ..cells.grid import Grid, column_letter
from .asat import as_at_in_row, before_as_at
from .header import Header, find_headers, header_mapping, may_be_header

_HEADER_SEARCH_ROWS = 500           # a sheet with no header in its first 500 rows holds no table
# what makes a row an item rather than a template row: wording, progress beyond a template's default,
# or a date (a pre-filled number, a formula's default or a "No" in a Yes/No column never does)
_WORDING, _PROGRESS = ("action",), ("completion", "progress_word", "rag")
_DATES = ("due_date", "original_due_date", "revised_due_date", "completion_date")
_ID_LIKE = re.compile(r"^[a-z]{0,4}\s*\d+(?:[.\-/]\d+)*[a-z]?$", re.IGNORECASE)


@dataclass
class Block:
    """One action table: its header and its rows, column-oriented for speed."""

    sheet: str
    columns: dict[str, int]              # field -> index within the grid row
    headers: dict[str, str]              # field -> header text as written, with column letter
    extras: list[str]                    # headers that name no field we know, left out
    row_numbers: list[int] = field(default_factory=list)
    recommendations: list[str | None] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)   # per row, the cells of ``fields`` in order
    formula_cells: set = field(default_factory=set)      # (row number, field) holding a formula's text
    beside: list[str] = field(default_factory=list)      # headings of a block beside the table, left out
    header_row: int | None = None                        # the spreadsheet row of the header
    template_rows: list[int] = field(default_factory=list)   # rows that are not items (see is_template)
    by_colour: dict = field(default_factory=dict)        # row number -> how its blank status was read from a fill

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.columns)


def template_test(fields: tuple[str, ...]):
    """A test of a row's values (in the order of ``fields``): is it a template row rather than an item?
    One with no wording, no date and no progress beyond what a blank template carries ("Not started")."""
    from ..cells.progress import NOT_STARTED, match_word
    evidence = [k for k, f in enumerate(fields) if f in _WORDING or f in _DATES]
    progress = [k for k, f in enumerate(fields) if f in _PROGRESS]
    # runs once per row of every table: the common answers (an item has wording) are found first
    get = itemgetter(*evidence) if len(evidence) > 1 else (lambda values: (values[evidence[0]],)) if evidence else \
        (lambda values: ())
    blank = ("",) * len(evidence)

    def is_template(values: tuple) -> bool:
        if get(values) != blank:
            return False
        for k in progress:
            v = values[k]
            if v == "" or v is None:
                continue
            if isinstance(v, str) and match_word(v).state in (None, NOT_STARTED):
                continue
            if not isinstance(v, str) and v == 0:
                continue
            return False
        return True
    return is_template


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
    title: str | None = None             # the sheet's first title row above any table: the document's title


def _is_amendment_header(mapping: dict[int, str]) -> bool:
    fields = set(mapping.values())
    return {"original_action", "amended_action"} <= fields


def _is_theme_header(row: list) -> bool:
    mapping = header_mapping(row, "themes")
    fields = set(mapping.values())
    non_empty = sum(1 for c in row if c != "")
    return "theme" in fields and ("score" in fields or non_empty >= 2)


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


def _id_text(value) -> str | None:
    """An item's number or code as written ("1", "1.2", "R3", 2.0 read as "2"), or None."""
    if isinstance(value, bool) or value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if _ID_LIKE.match(text) else None


def _may_be_group(row: list, non_empty: int) -> bool:
    """The cheap test run on every row of a table: a number and one wording, or one wording copied across."""
    if non_empty == 2:
        return True
    return non_empty > 2 and row[-1] != "" and row.count(row[-1]) == non_empty - 1


def group_row(rows: list[list], i: int, columns: dict[str, int]) -> str | None:
    """The group a row starts, when it is a group row inside a table: a number or code in its first filled
    cell, then one wording (written once, or merged or copied across the rest), and nothing else; and the
    evidence that it heads the rows below it: its wording across two or more cells (a merged row), or the
    next item's number extending its own ("1" above "1.1", "R2" above "R2a"). Its name is "1 Wording"."""
    cells = [c for c in rows[i] if c != ""]
    if len(cells) < 2 or (number := _id_text(cells[0])) is None:
        return None
    texts = set(cells[1:])
    text = next(iter(texts))
    if len(texts) != 1 or not isinstance(text, str) or not re.search(r"[A-Za-z]{3}", text) or _ID_LIKE.match(text):
        return None
    merged = len(cells) > 2
    id_col = columns.get("action_id")
    following = next((r for r in rows[i + 1:i + 30] if id_col is not None and id_col < len(r) and r[id_col] != ""), None)
    nxt = _id_text(following[id_col]) if following is not None else None
    extends = nxt is not None and len(nxt) > len(number) and nxt.lower().startswith(number.lower()) and \
        not nxt[len(number)].isdigit()
    return f"{number} {clean_title(text)}" if merged or extends else None


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
    getter = is_template = None
    width = 0
    searched_without_header = 0
    headers = find_headers(rows, limit=_HEADER_SEARCH_ROWS, repeats=grid.repeats)
    skip_to = 0

    for i, row in enumerate(rows):
        if i < skip_to:
            continue
        non_empty = len(row) - row.count("")
        if non_empty == 0:
            continue
        if i in headers:
            block = _new_block(grid, row, headers[i])
            layout.blocks.append(block)
            getter = itemgetter(*block.columns.values())
            is_template = template_test(block.fields)
            width = max(block.columns.values()) + 1
            amendment_cols = None
            continue
        if block is not None and amendment_cols is None and _may_be_group(row, non_empty) and \
                (group := group_row(rows, i, block.columns)) is not None:
            recommendation = group          # before the template test: a group row has no item's values
            continue
        read = None                     # (the row's values, is it a template row), worked out once
        if block is not None and amendment_cols is None and non_empty > 1:
            # the quick way past a table's template rows (an Excel Table over thousands of blank rows with
            # "No" or 0 filled in): no wording, date or progress, and not a title (one text, repeated)
            values = getter(row) if len(row) >= width else getter(row + [""] * (width - len(row)))
            values = values if isinstance(values, tuple) else (values,)
            read = (values, is_template(values))
            if read[1]:
                first = next(c for c in row if c != "")
                if row.count(first) != non_empty:
                    alike = grid.repeats.get(i, 0)         # the rows after it that are the same as it
                    block.template_rows.extend(range(first_row + i, first_row + i + alike + 1))
                    skip_to = i + alike + 1
                    continue
        in_table = block is not None or amendment_cols is not None
        if not in_table or may_be_header(row) or amendment_cols is not None:
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
                if layout.title is None and not layout.blocks and (named := before_as_at(title)):
                    layout.title = clean_title(named)        # "Best Value plan 2021 as at 1 June 2023"
                continue
            if layout.title is None and not layout.blocks:
                layout.title = clean_title(title)
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
        if read is not None:
            values, template = read
        else:   # a CSV row ends at its last filled cell: pad only the short ones, and only to the table's width
            values = getter(row) if len(row) >= width else getter(row + [""] * (width - len(row)))
            values = values if isinstance(values, tuple) else (values,)
            template = is_template(values)
        if template:
            block.template_rows.append(first_row + i)
            continue
        block.values.append(values)
        block.row_numbers.append(first_row + i)
        block.recommendations.append(recommendation)
    return layout


def _new_block(grid: Grid, row: list, header: Header) -> Block:
    columns = {f: j for j, f in header.columns.items()}
    # the number column's header is often blank: take the blank-headed column left of the action
    if "action_id" not in columns:
        action_col = columns["action"]
        for j in range(action_col - 1, -1, -1):
            if row[j] == "":
                columns = {"action_id": j, **columns}
                break

    def named(j: int) -> str:
        written = str(row[j]).strip() if row[j] != "" else "(blank header)"
        return f"{written} ({column_letter(grid.first_col + j)})"
    return Block(sheet=grid.sheet, columns=columns, headers={f: named(j) for f, j in columns.items()},
                 extras=[named(j) for j in header.left_out], beside=[named(j) for j in header.beside],
                 header_row=grid.first_row + header.index)


def _amendment(sheet: str, row_number: int, row: list, cols: dict[str, int]) -> Amendment:
    def cell(f):
        j = cols.get(f)
        return row[j] if j is not None and j < len(row) else ""

    return Amendment(sheet, row_number, cell("action_id"), cell("original_action"),
                     cell("amended_action"), cell("justification"))
