"""Formulas that Excel saved without a value. The fast reader shows such a cell as empty; its text is
kept instead, as plain text, never run. Found with byte patterns over the sheet XML (never an XML
parser), and only in the sheets the entity scan saw a formula in."""
from __future__ import annotations

import html
import re
import zipfile

_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f\b[^>]*>(.*?)</f>", re.DOTALL)
_VALUE = re.compile(rb"<v\b[^>]*>(.+?)</v>|<is>", re.DOTALL)


def column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def formulas_without_values(archive: zipfile.ZipFile, parts: set[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells of an .xlsx/.xlsm whose formula has no saved value: (row number,
    column index) -> the formula's text. The fast reader shows such a cell as empty; its text is
    kept instead, as plain text, never run."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    targets = dict(_REL.findall(rels)) | {i: t for t, i in _REL_REVERSED.findall(rels)}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part not in parts:
            continue
        try:
            xml = archive.read(part)
        except KeyError:
            continue
        cells = {}
        for column, row, inner in _CELL.findall(xml):
            formula = _FORMULA.search(inner or b"")
            if formula and formula.group(1).strip() and not _VALUE.search(inner):
                cells[(int(row), column_index(column))] = "=" + html.unescape(formula.group(1).decode("utf-8", "replace"))
        if cells:
            found[html.unescape(name.decode("utf-8", "replace"))] = cells
    return found
