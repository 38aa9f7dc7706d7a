"""A column mapping for a tracker the reader cannot place by itself: which sheet, which header row,
and which column fills which field, as data. Saved in the snapshot store (bvdata.store.mappings) or a
JSON file for the CLI, and applied by the reader to any later file whose header row has the same
headings, in any order: each column is found again by its heading."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from ...base.cleantext import clean
from ...base.errors import TrackerError
from ...base.vocab import field_for_header, normalise
from ..cells.fields import MAPPABLE
from ..cells.grid import Grid, column_letter
from ..finding.layout import Block, template_test

# The fields a column can be mapped to, in the order the mapping screen offers them, with their names.
FIELDS = MAPPABLE
IGNORE = ""
_SEARCH_ROWS = 500          # a header row that moved is looked for this far down


@dataclass
class ColumnMapping:
    name: str
    sheet: str
    header_row: int                                   # spreadsheet row number of the header, 1-based
    headers: list[str]                                # the header row's cells as written, left to right
    columns: dict[str, str] = field(default_factory=dict)   # column letter -> field

    @property
    def signature(self) -> str:
        """What identifies the layout: the header row's headings, normalised, in any order."""
        return header_signature(self.headers)

    def header_index(self, grid: Grid) -> int | None:
        """Where this mapping's header row is in the grid: the row with the same headings, in any order,
        at its own place or (if rows were added above it) further down; None if the grid has none."""
        if grid.sheet != self.sheet and grid.sheet != "CSV" and self.sheet != "CSV":
            return None
        index = self.header_row - grid.first_row
        near = [index] if 0 <= index < len(grid.rows) else []
        for i in near + [i for i in range(min(len(grid.rows), _SEARCH_ROWS)) if i != index]:
            if header_signature(_padded(grid, i)) == self.signature:
                return i
        return None

    def fits(self, grid: Grid) -> bool:
        """Does this grid have this mapping's header row (its headings in any order)?"""
        return self.header_index(grid) is not None

    def by_heading(self) -> dict[str, str]:
        """Normalised heading -> field, for the columns this mapping uses whose heading is not blank."""
        letters_at = {column_letter(j): j for j in range(len(self.headers))}
        out = {}
        for letter, f in self.columns.items():
            j = letters_at.get(letter)
            if j is not None and f != IGNORE and normalise(self.headers[j]):
                out[normalise(self.headers[j])] = f
        return out

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """A mapping from its JSON, checked against its schema (bvdata.read.assembly.mapping_schema): TrackerError in
        one sentence for anything else, however deep, wide or strange."""
        from .mapping_schema import checked
        data = checked(text)
        mapping = cls(data.name, data.sheet, data.header_row, list(data.headers), dict(data.columns))
        unknown = sorted(set(mapping.columns.values()) - set(FIELDS) - {IGNORE})
        if unknown:
            raise TrackerError(f"This column mapping names fields the tracker does not have: {', '.join(unknown)[:200]}.")
        chosen = [f for f in mapping.columns.values() if f != IGNORE]
        doubled = sorted({f for f in chosen if chosen.count(f) > 1})
        if doubled:
            raise TrackerError(f"This column mapping gives {', '.join(FIELDS[f] for f in doubled)} more than one column; "
                               "each field can come from one column only.")
        if "action" not in chosen:
            raise TrackerError("A column mapping must say which column holds the wording of each item.")
        return mapping


def header_signature(headers: list) -> str:
    """The headings of a header row, normalised and sorted: the same headings in another order match."""
    return "|".join(sorted(n for h in headers if (n := normalise(h))))


def _padded(grid: Grid, index: int) -> list:
    return [c if isinstance(c, str) else str(c) if c != "" else "" for c in grid.rows[index]]


def letters(grid: Grid, index: int) -> list[str]:
    return [column_letter(grid.first_col + j) for j in range(len(grid.rows[index]))]


def suggest(grid: Grid, header_index: int) -> dict[str, str]:
    """Column letter -> field for a header row, as the reader's vocabulary would take it."""
    out, seen = {}, set()
    for letter, cell in zip(letters(grid, header_index), grid.rows[header_index]):
        f = field_for_header(cell) if isinstance(cell, str) else None
        if f in FIELDS and f not in seen:
            out[letter] = f
            seen.add(f)
    return out


def make_mapping(name: str, grid: Grid, header_index: int, columns: dict[str, str]) -> ColumnMapping:
    chosen = {letter: f for letter, f in columns.items() if f != IGNORE}
    doubled = sorted({f for f in chosen.values() if list(chosen.values()).count(f) > 1})
    if doubled:
        raise TrackerError(f"Each field can come from one column only: {', '.join(FIELDS[f] for f in doubled)} "
                           "is chosen more than once.")
    if "action" not in chosen.values():
        raise TrackerError("Choose the column that holds the wording of each item.")
    return ColumnMapping(clean(name).strip()[:300] or f"{grid.sheet} row {grid.first_row + header_index}", grid.sheet,
                         grid.first_row + header_index, _padded(grid, header_index), chosen)


def apply_mapping(grid: Grid, mapping: ColumnMapping) -> Block:
    """The table under the mapped header row: every row after it that is an item, the mapped columns only.
    Each column is found by its heading; a column with a blank heading keeps its letter."""
    index = mapping.header_row - grid.first_row if not mapping.fits(grid) else mapping.header_index(grid)
    header = _padded(grid, index)
    wanted = mapping.by_heading()
    columns = {wanted[normalise(h)]: j for j, h in enumerate(header) if normalise(h) in wanted}
    by_letter = {letter: j for j, letter in enumerate(letters(grid, index))}
    for letter, f in mapping.columns.items():
        j = by_letter.get(letter)
        if f != IGNORE and f not in columns and j is not None and not normalise(header[j]):
            columns[f] = j
    headers = {f: f"{header[j] or '(blank header)'} ({column_letter(grid.first_col + j)})" for f, j in columns.items()}
    block = Block(sheet=grid.sheet, columns=columns, headers=headers, extras=[], header_row=grid.first_row + index)
    is_template = template_test(block.fields)
    for offset, row in enumerate(grid.rows[index + 1:], start=index + 1):
        if all(c == "" for c in row):
            continue
        values = tuple(row[j] if j < len(row) else "" for j in columns.values())
        if is_template(values):
            block.template_rows.append(grid.first_row + offset)
            continue
        block.values.append(values)
        block.row_numbers.append(grid.first_row + offset)
        block.recommendations.append(None)
    return block


