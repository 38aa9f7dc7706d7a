"""One sheet's cells as the reader hands them on: a grid of plain values, with where it sits in the
sheet, the formulas that had no saved value, and the cells the door cleaned."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Grid:
    """One sheet's cells. ``rows[i][j]`` is the cell at spreadsheet row ``first_row + i``,
    column index ``first_col + j`` (0-based, so 0 is column A). Empty cells are ''."""

    sheet: str
    first_row: int
    first_col: int
    rows: list[list]
    formulas: dict = field(default_factory=dict)   # (row number, column index) -> text, where no value was saved
    # may a text cell hold a character XML forbids (bvdata.base.cleantext)? False only when the file was
    # searched and has none, so that the reader looks at each cell only when it must
    controls: bool = True
    cleaned: list = field(default_factory=list)   # (row number, column index, text as it was) per cell cleaned
    # row index -> how many rows after it are the same as it (a template's blank rows): readers may judge
    # the first and pass over the rest
    repeats: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)      # what the reader noted about the table (a paper's nested tables)
    places: dict = field(default_factory=dict)     # row number -> page, for a table read from a PDF
    fills: dict = field(default_factory=dict)      # (row number, column index) -> RGB hex of a blank cell's fill
    # reads the fills of the cells asked for, from the file (an .xlsx: bvdata.read.formats.xlsx.xlsx_fills),
    # only when a blank status cell needs one
    fill_reader: object = None


def cell(row: list, j: int):
    """The cell at index ``j`` of a row, '' beyond its end: CSV rows are never padded to the widest."""
    return row[j] if j < len(row) else ""


def column_letter(index: int) -> str:
    """A column's letters from its index (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: bytes) -> int:
    """A column's index from its letters, as bytes (b"A" is 0)."""
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1
