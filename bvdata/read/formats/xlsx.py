"""What the fast reader leaves out of an .xlsx, read in the app's process with byte patterns over the
sheet XML (never an XML parser), and only when needed:

* formulas that Excel saved without a value (the fast reader shows such a cell as empty; its text is
  kept instead, as plain text, never run), only in the sheets the door's scan saw a formula in;
* the solid fills of the cells asked for (blank status cells: ``bvdata.read.assembly.colours``).
"""
from __future__ import annotations

import html
import io
import re
import zipfile

from ..cells.grid import column_index, column_letter

_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f\b[^>]*>(.*?)</f>", re.DOTALL)
_VALUE = re.compile(rb"<v\b[^>]*>(.+?)</v>|<is>", re.DOTALL)
_XF = re.compile(rb"<xf\b[^>]*?>|<xf\b[^>]*?/>")
_FILL = re.compile(rb"<fill>(.*?)</fill>|<fill/>", re.DOTALL)
_FG = re.compile(rb'<fgColor\b[^>]*?rgb="([0-9A-Fa-f]{6,8})"')
_THEME_FG = re.compile(rb'<fgColor\b[^>]*?theme="(\d+)"')
_THEME_COLOURS = re.compile(rb'<a:(?:srgbClr val|sysClr\b[^>]*?lastClr)="([0-9A-Fa-f]{6})"')
# Excel's theme slots in fgColor order: lt1, dk1, lt2, dk2, accent1-6 (the theme part lists dk1, lt1, dk2, lt2…)
_THEME_ORDER = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> the part of the archive holding its XML ({} for a workbook without them)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    targets = dict(_REL.findall(rels)) | {i: t for t, i in _REL_REVERSED.findall(rels)}
    out = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode()
        out[html.unescape(name.decode("utf-8", "replace"))] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def formulas_without_values(archive: zipfile.ZipFile, parts: set[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells of an .xlsx/.xlsm whose formula has no saved value: (row number,
    column index) -> the formula's text. The fast reader shows such a cell as empty; its text is
    kept instead, as plain text, never run."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    for name, part in sheet_parts(archive).items():
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
            found[name] = cells
    return found


def xlsx_fills(data: bytes, sheet: str, cells: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row number, column index) -> the fill's RGB hex, for the given cells of one sheet of an .xlsx that
    have a solid fill; the rest are left out."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        styles = archive.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    part = sheet_parts(archive).get(sheet)
    if not part:
        return {}
    fills = _fill_colours(styles, _theme(archive))
    if not any(fills):                     # no solid fill anywhere in the workbook: nothing to read
        return {}
    xfs = _cell_xfs(styles)
    try:
        xml = archive.read(part)
    except KeyError:
        return {}
    letters_of = {column_letter(c).encode() for _, c in cells}
    # only the status column's cells are matched: a sheet of 20,000 rows has a hundred thousand others
    pattern = re.compile(rb'<c\b[^>]*?\br="(' + b"|".join(sorted(letters_of)) + rb')(\d+)"[^>]*?\bs="(\d+)"')
    out = {}
    for letters, row, style in pattern.findall(xml):
        number = int(row)
        column = column_index(letters)
        if (number, column) in cells:
            fill_id = xfs[int(style)] if int(style) < len(xfs) else None
            colour = fills[fill_id] if fill_id is not None and fill_id < len(fills) else None
            if colour:
                out[(number, column)] = colour
    return out


def _cell_xfs(styles: bytes) -> list[int | None]:
    block = re.search(rb"<cellXfs\b.*?</cellXfs>", styles, re.DOTALL)
    if not block:
        return []
    out = []
    for xf in _XF.findall(block.group(0)):
        found = re.search(rb'fillId="(\d+)"', xf)
        out.append(int(found.group(1)) if found else None)
    return out


def _theme(archive: zipfile.ZipFile) -> list[str]:
    try:
        theme = archive.read("xl/theme/theme1.xml")
    except KeyError:
        return []
    colours = [c.decode() for c in _THEME_COLOURS.findall(theme)][:10]
    return [colours[i] if i < len(colours) else "" for i in _THEME_ORDER] if len(colours) >= 4 else []


def _fill_colours(styles: bytes, theme: list[str]) -> list[str | None]:
    block = re.search(rb"<fills\b.*?</fills>", styles, re.DOTALL)
    if not block:
        return []
    out: list[str | None] = []
    for inner in _FILL.findall(block.group(0)):
        if b'patternType="solid"' not in inner:
            out.append(None)
            continue
        rgb, slot = _FG.search(inner), _THEME_FG.search(inner)
        if rgb:
            out.append(rgb.group(1).decode()[-6:].upper())
        elif slot and int(slot.group(1)) < len(theme) and theme[int(slot.group(1))]:
            out.append(theme[int(slot.group(1))].upper())
        else:
            out.append(None)
    return out
