"""What the fast reader leaves out of an .ods: the background colours of the cells asked for (blank
status cells, for ``bvdata.read.assembly.colours``). Read in the app's process, only when needed, after
the door's scan has refused any part declaring an entity; the XML is streamed, and the walk stops after
the last row asked for."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_HEX = re.compile(r"#([0-9A-Fa-f]{6})")
_CELLS = (f"{_T}table-cell", f"{_T}covered-table-cell")
MAX_REPEAT = 16_384       # a repeat count past a sheet's width or a real table's length is counted as this


def _colours(xml_bytes: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(style name -> its background's RGB hex, style name -> its parent's name) of one styles part."""
    colours, parents = {}, {}
    for _, element in ET.iterparse(io.BytesIO(xml_bytes), events=("end",)):
        if element.tag == f"{_S}style" and element.get(f"{_S}family") == "table-cell":
            name = element.get(f"{_S}name")
            props = element.find(f"{_S}table-cell-properties")
            found = _HEX.fullmatch(props.get(f"{_FO}background-color", "")) if props is not None else None
            if found:
                colours[name] = found.group(1).upper()
            if element.get(f"{_S}parent-style-name"):
                parents[name] = element.get(f"{_S}parent-style-name")
            element.clear()
    return colours, parents


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, min(int(element.get(f"{_T}{attribute}", "1")), MAX_REPEAT))
    except ValueError:
        return 1


def ods_fills(data: bytes, sheet: str, cells: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row number, column index) -> the background's RGB hex, for the given cells of one sheet of an
    .ods that have a background colour; the rest are left out."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        content = archive.read("content.xml")
        styles = archive.read("styles.xml") if "styles.xml" in archive.namelist() else b""
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    if b"background-color" not in content and b"background-color" not in styles:
        return {}
    colours, parents = _colours(styles) if styles else ({}, {})
    local = _colours(content)
    colours.update(local[0])
    parents.update(local[1])

    def colour_of(style: str | None) -> str | None:
        for _ in range(10):                   # a style inherits its parent's background
            if style is None or style in colours:
                return colours.get(style) if style else None
            style = parents.get(style)
        return None

    wanted_rows = {r for r, _ in cells}
    last = max(wanted_rows, default=0)
    out: dict[tuple[int, int], str] = {}
    inside, row_number, column_styles = False, 0, []
    for event, element in ET.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if tag == f"{_T}table":
            if event == "start":
                inside = element.get(f"{_T}name") == sheet
            elif inside:
                break
            continue
        if not inside or event != "end":
            continue
        if tag == f"{_T}table-column":
            column_styles.extend([element.get(f"{_T}default-cell-style-name")] * _repeat(element, "number-columns-repeated"))
        elif tag == f"{_T}table-row":
            count = _repeat(element, "number-rows-repeated")
            hits = sorted(r for r in wanted_rows if row_number < r <= row_number + count)
            if hits:
                row_default = element.get(f"{_T}default-cell-style-name")
                column = 0
                for cell in element:
                    if cell.tag not in _CELLS:
                        continue
                    span = _repeat(cell, "number-columns-repeated")
                    for j in range(column, column + span):
                        if any((r, j) in cells for r in hits):
                            style = cell.get(f"{_T}style-name") or row_default or \
                                (column_styles[j] if j < len(column_styles) else None)
                            if (colour := colour_of(style)) is not None:
                                out.update({(r, j): colour for r in hits if (r, j) in cells})
                    column += span
            row_number += count
            element.clear()
            if row_number >= last:
                break
    return out
