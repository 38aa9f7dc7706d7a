"""Accepted updates written back into the analyst's own workbook, in their own cells.

Excel stays the analyst's master. Only the cells an update changes are written: every other cell,
sheet, merged title, style, column width and formula is left as it was (openpyxl keeps them; the
tests compare every untouched cell's value and style). The cells are found exactly as the reader
found them, so the file read again gives the same actions with the new values.

Nothing written becomes a formula: a status is written as the vocabulary's own word, never as typed;
text cells are written as text (even notes that already began with "="), and a CSV cell that starts
like a formula is neutralised as the exports do. Characters a workbook cannot hold are dropped, and a
note that would overflow Excel's cell limit is refused rather than cut.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..base.cleantext import EXCEL_CELL_LIMIT, clean, neutralise
from ..base.errors import StoreError, TrackerError
from ..read.cells.progress import vocabulary_word
from ..read.cells.values import completion_scale

WRITABLE = (".xlsx", ".xlsm", ".csv")
# what an update may change, and the columns each may land in (the first the file has)
TARGETS = {
    "completion": ("completion",),
    "word": ("progress_word", "rag", "completion"),
    "notes": ("notes",),
    "due": ("revised_due_date", "due_date"),
}


@dataclass(frozen=True)
class Change:
    sheet: str
    row: int          # the spreadsheet row number, as the action's source_row
    target: str       # a key of TARGETS
    value: object     # a number (0-100), a word, a date, or the note text to add


def cell_columns(data: bytes, filename: str, mapping_json: str | None = None) -> dict[tuple[str, int], dict[str, int]]:
    """(sheet, row) -> {field: 1-based column} for every row the reader took as an action."""
    return _cells(data, filename, mapping_json)[0]


def _cells(data: bytes, filename: str, mapping_json: str | None):
    """The action cells as ``cell_columns`` gives them, and the (sheet, row) of the title the reader took
    the as-at date from (None when it came from a sheet or file name, or there is none)."""
    from ..read.assembly.mapping import ColumnMapping
    from ..read.assembly.tracker import _scan
    from ..read.assembly.views import split_views
    from ..read.door.guard import read_grids
    mappings = [ColumnMapping.from_json(mapping_json)] if mapping_json else []
    grids = read_grids(data, filename)
    first_col = {g.sheet: g.first_col for g in grids}
    found = _scan(grids, mappings)
    blocks, _ = split_views(found.blocks, [])
    where: dict[tuple[str, int], dict[str, int]] = {}
    for block in blocks:
        columns = {f: first_col[block.sheet] + j + 1 for f, j in block.columns.items()}
        for row in block.row_numbers:
            where[(block.sheet, row)] = columns
    return where, found.as_at_place


def target_field(columns: dict[str, int], target: str) -> str | None:
    return next((f for f in TARGETS[target] if f in columns), None)


def writable_targets(fields) -> set[str]:
    """Which kinds of change a file with these action fields can take back."""
    return {t for t, candidates in TARGETS.items() if any(f in fields for f in candidates)}


def write_back(data: bytes, filename: str, changes: list[Change], mapping_json: str | None = None,
               as_at: dt.date | None = None) -> bytes:
    """The file with the changes written into their cells; StoreError in one sentence if it cannot be.
    With ``as_at``, the title that says what date the update is as at ("as at 14 February 2022") is
    restated to that date, so the workbook never claims an older date than the values in it."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".docx", ".pdf"):
        raise StoreError(f"{filename} is a committee paper ({suffix}); accepted updates are written back into "
                         "spreadsheet trackers only. Publish them as a new snapshot, or download the updated "
                         "actions as Excel, instead.")
    if suffix not in WRITABLE:
        raise StoreError(f"{filename} is a {suffix or 'plain'} file; accepted updates can be written back into "
                         ".xlsx, .xlsm and .csv trackers only. Save it as .xlsx and upload it again first.")
    try:
        where, title = _cells(data, filename, mapping_json)
    except TrackerError as exc:
        raise StoreError(str(exc)) from None
    placed = []
    for change in changes:
        columns = where.get((change.sheet, change.row))
        field = columns and target_field(columns, change.target)
        if not field:
            raise StoreError(f"Row {change.row} of sheet '{change.sheet}' in {filename} has no cell for this "
                             f"{change.target}, so nothing was written.")
        if change.target == "word":
            word = vocabulary_word(str(change.value))
            if word is None:
                raise StoreError(f"'{clean(str(change.value))[:40]}' is not a progress word the tracker knows, "
                                 "so nothing was written.")
            change = Change(change.sheet, change.row, change.target, word)
        placed.append((change, field, columns[field], columns))
    title = title if as_at is not None else None
    if suffix == ".csv":
        return _write_csv(data, placed, where, as_at, title)
    return _write_xlsx(data, suffix == ".xlsm", placed, where, as_at, title)


def _restated(texts: list, as_at: dt.date) -> tuple[int, object] | None:
    """In the title row the reader took the as-at date from: (index, new value) of the cell to change.
    The date in the same cell as its phrase is restated in place; else the date in the next filled cell
    after the phrase is replaced by the new date."""
    from ..read.finding.asat import _phrases, restate
    for j, text in enumerate(texts):
        if not isinstance(text, str) or not _phrases().search(text):
            continue
        if (new := restate(text, as_at)) is not None:
            return j, new
        later = next((k for k in range(j + 1, len(texts)) if texts[k] not in (None, "")), None)
        return (later, as_at) if later is not None else None
    return None


def _note(old: object, added: str, where: str) -> str:
    """The notes cell with the note added under what it held; StoreError when Excel could not hold it."""
    old_text = "" if old is None else clean(str(old)).rstrip()
    text = f"{old_text}\n{clean(added)}" if old_text else clean(added)
    if len(text) > EXCEL_CELL_LIMIT:
        raise StoreError(f"The notes of {where} would be {len(text):,} characters with this note, more than "
                         f"the {EXCEL_CELL_LIMIT:,} an Excel cell holds; nothing was written. Shorten the notes "
                         "in the tracker, or the note, first.")
    return text


def _percent_cells(sheet, column: int, rows) -> float:
    numbers = [c.value for r in rows if isinstance((c := sheet.cell(row=r, column=column)).value, (int, float))
               and not isinstance(c.value, bool)]
    if numbers:
        return completion_scale(numbers)
    return 100.0 if "%" in sheet.cell(row=min(rows), column=column).number_format else 1.0


def _write_xlsx(data: bytes, keep_vba: bool, placed, where, as_at, title) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell
    book = load_workbook(io.BytesIO(data), keep_vba=keep_vba, rich_text=True)
    for change, field, column, _ in placed:
        sheet = book[change.sheet]
        cell = sheet.cell(row=change.row, column=column)
        if isinstance(cell, MergedCell):
            raise StoreError(f"Cell {cell.coordinate} of sheet '{change.sheet}' is inside merged cells; "
                             "nothing was written.")
        value = change.value
        if field == "completion" and isinstance(value, (int, float)):
            if isinstance(cell.value, str) and cell.value.strip().endswith("%"):
                value = f"{value:g}%"
            else:
                rows = [r for (s, r), cols in where.items() if s == change.sheet and cols.get(field) == column]
                value = value / _percent_cells(sheet, column, rows)
        elif field == "notes":
            value = _note(cell.value, value, f"row {change.row} of sheet '{change.sheet}'")
        elif isinstance(value, dt.date):
            if cell.number_format == "General":
                cell.number_format = "DD/MM/YYYY"
            value = dt.datetime(value.year, value.month, value.day)
        cell.value = clean(value) if isinstance(value, str) else value
        if isinstance(value, str):
            cell.data_type = "s"             # text, never a formula, whatever it starts with
    if title is not None:
        cells = list(book[title[0]][title[1]])
        found = _restated([c.value for c in cells], as_at)
        if found is not None and not isinstance(cells[found[0]], MergedCell):
            j, value = found
            if isinstance(value, dt.date):
                cells[j].value = dt.datetime(value.year, value.month, value.day)
            else:
                cells[j].value = clean(value)
                cells[j].data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _write_csv(data: bytes, placed, where, as_at, title) -> bytes:
    from ..read.formats.delimited import csv_delimiter
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="strict"), "cp1252"
    delimiter = csv_delimiter(text)
    ending = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'))
    for change, field, column, _ in placed:
        row = rows[change.row - 1]
        row.extend([""] * (column - len(row)))
        bare = [_number(r[column - 1]) for (s, n), cols in where.items() if cols.get(field) == column
                for r in [rows[n - 1]] if len(r) >= column]
        bare = [n for n in bare if n is not None]
        value = change.value
        if field == "notes":
            value = _note(row[column - 1], value, f"row {change.row}")
        elif isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        elif field == "completion" and isinstance(value, (int, float)):
            value = f"{value / completion_scale(bare):g}" if bare else f"{value:g}%"
        row[column - 1] = neutralise(clean(str(value)))
    if title is not None and (found := _restated(rows[title[1] - 1], as_at)) is not None:
        j, value = found
        rows[title[1] - 1][j] = f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else neutralise(clean(value))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, quotechar='"', lineterminator=ending).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)
