"""Reads a spreadsheet's cells in a child process, so a reader crash cannot take the caller down.

Run as a script by ``bvdata.safe_read`` (never imported by the app): the file's bytes arrive on
stdin, a pickle of plain values leaves on stdout. The fast Rust reader aborts the whole process on
some malformed files (a cell at XFD1048576 makes it ask for 512 GB), so it must never run in the
dashboard's own process. Only the standard library and python_calamine are imported here, to keep
the start-up cheap.
"""
from __future__ import annotations

import html
import io
import pickle
import re
import resource
import sys
import zipfile


def _limit_memory(megabytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f\b[^>]*>(.*?)</f>", re.S)
_VALUE = re.compile(rb"<v\b[^>]*>(.+?)</v>|<is>", re.S)


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def formulas_without_values(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells of an .xlsx/.xlsm whose formula has no saved value: (row number,
    column index) -> the formula's text. The fast reader shows such a cell as empty; its text is
    kept instead, as plain text, never run."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    targets = dict(_REL.findall(rels)) | {i: t for t, i in _REL_REVERSED.findall(rels)}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            xml = archive.read(part)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        cells = {}
        for column, row, inner in _CELL.findall(xml):
            formula = _FORMULA.search(inner or b"")
            if formula and formula.group(1).strip() and not _VALUE.search(inner):
                cells[(int(row), _column_index(column))] = "=" + html.unescape(formula.group(1).decode("utf-8", "replace"))
        if cells:
            found[html.unescape(name.decode("utf-8", "replace"))] = cells
    return found


def read_cells(data: bytes) -> list[tuple[str, int, int, list[list], dict]]:
    """Every sheet as (name, first row number, first column index, rows of cell values, formulas
    without a saved value by (row number, column index))."""
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    formulas = formulas_without_values(data) if data[:2] == b"PK" else {}
    sheets = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        rows = sheet.to_python(skip_empty_area=True)
        sheets.append((name, start[0] + 1, start[1], rows, formulas.get(name, {})))
    return sheets


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    try:
        result = ("ok", read_cells(data))
    except MemoryError:
        result = ("error", "memory")
    except Exception as exc:  # the reader's own complaint, passed back as text
        result = ("error", f"{type(exc).__name__}: {exc}"[:500])
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
