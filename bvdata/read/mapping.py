"""A column mapping for a tracker the reader cannot place by itself: which sheet, which header row,
and which column fills which field, as data. Saved in the snapshot store (bvdata.store.mappings) or a
JSON file for the CLI, and applied by the reader to any later file whose header row reads the same."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from ..base.errors import TrackerError
from ..base.vocab import field_for_header, normalise
from .grid import Grid
from .layout import Block, column_letter

# The fields a column can be mapped to, in the order the mapping screen offers them, with their names.
FIELDS = {
    "action_id": "Number", "action": "Wording of the action or recommendation", "recommendation": "Recommendation or group",
    "due_date": "Due date", "original_due_date": "Original due date", "revised_due_date": "Revised due date",
    "lead_officer": "Lead officer or body", "service_lead": "Service lead", "completion": "% complete",
    "progress_word": "Status word", "rag": "RAG colour", "priority": "Priority or classification",
    "acceptance": "Acceptance", "notes": "Notes or update", "report_ref": "Report reference", "theme": "Best Value theme",
}
IGNORE = ""


@dataclass
class ColumnMapping:
    name: str
    sheet: str
    header_row: int                                   # spreadsheet row number of the header, 1-based
    headers: list[str]                                # the header row's cells as written, left to right
    columns: dict[str, str] = field(default_factory=dict)   # column letter -> field

    @property
    def signature(self) -> str:
        """What identifies the layout: the header row's words, normalised."""
        return header_signature(self.headers)

    def fits(self, grid: Grid) -> bool:
        """Does this grid have the same header row at the same place?"""
        index = self.header_row - grid.first_row
        if not (0 <= index < len(grid.rows)) or (grid.sheet != self.sheet and grid.sheet != "CSV"):
            return False
        return header_signature(_padded(grid, index)) == self.signature

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "ColumnMapping":
        """A mapping from its JSON, checked against its schema (bvdata.read.mapping_schema): TrackerError in
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
    return "|".join(normalise(h) for h in headers).rstrip("|")


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
    return ColumnMapping(name.strip() or f"{grid.sheet} row {grid.first_row + header_index}", grid.sheet,
                         grid.first_row + header_index, _padded(grid, header_index), chosen)


def apply_mapping(grid: Grid, mapping: ColumnMapping) -> Block:
    """The table under the mapped header row: every non-blank row after it, the mapped columns only."""
    index = mapping.header_row - grid.first_row
    by_letter = {letter: j for j, letter in enumerate(letters(grid, index))}
    columns = {f: by_letter[letter] for letter, f in mapping.columns.items() if letter in by_letter and f != IGNORE}
    headers = {f: f"{mapping.headers[j] or '(blank header)'} ({column_letter(grid.first_col + j)})"
               for f, j in columns.items()}
    block = Block(sheet=grid.sheet, columns=columns, headers=headers, extras=[])
    for offset, row in enumerate(grid.rows[index + 1:], start=index + 1):
        if all(c == "" for c in row):
            continue
        block.values.append(tuple(row[j] if j < len(row) else "" for j in columns.values()))
        block.row_numbers.append(grid.first_row + offset)
        block.recommendations.append(None)
    return block


