"""Status as colour: a status or RAG cell with a fill and no text takes the colour's meaning.

The fill is read only for the cells that need it (blank status cells of items), so the common file keeps
its speed: from an .xlsx's styles (byte patterns over its XML, never an XML parser, as ``formulas`` does),
from a Word paper's cell shading (in the reader child, ``paper``). A fill is named by the nearest colour in
``vocab/colours.csv``; its meaning comes from the document's own key where it has one (a key table, or
lines such as "Blue – complete"), else from the standard RAG colours (``vocab/rag.csv``).
"""
from __future__ import annotations

import re
from functools import cache

from ...base.vocab import VOCAB_DIR, normalise, read_table

MAX_DISTANCE = 90          # a fill further than this from every listed colour names none
_KEY_LINE = re.compile(r"^\s*(?:(?:rag|colour|color|status)?\s*key\s*[:\-–]?\s*)?([A-Za-z]+)\s*(?:[–—\-:=]|\bis\b|\bmeans\b)\s*(.+?)\s*\.?$",
                       re.IGNORECASE)


@cache
def _palette() -> tuple[tuple[str, tuple[int, int, int]], ...]:
    return tuple((r["name"], _rgb(r["hex"])) for r in read_table(VOCAB_DIR / "colours.csv"))


def _rgb(hex_text: str) -> tuple[int, int, int]:
    value = hex_text.strip().lstrip("#")[-6:]
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def colour_name(hex_text: str | None) -> str | None:
    """The listed colour nearest a fill ("00B050" -> "Green"), or None (no fill, white, or too far from all)."""
    if not hex_text:
        return None
    try:
        rgb = _rgb(hex_text)
    except ValueError:
        return None
    if min(rgb) >= 0xF0:                  # white, or almost: no fill to a reader
        return None
    name, distance = min(((n, sum((a - b) ** 2 for a, b in zip(rgb, c)) ** 0.5) for n, c in _palette()),
                         key=lambda nd: nd[1])
    return name if distance <= MAX_DISTANCE else None


def colour_names() -> set[str]:
    return {n.lower() for n, _ in _palette()} | {"gray", "yellow", "orange"}


def document_key(texts) -> dict[str, str]:
    """Colour name -> the meaning the document gives it, from a key: lines such as "Blue – complete" or
    "Grey: superseded", and key tables' rows (a colour in one cell, its meaning in the next)."""
    names = colour_names()
    aliases = {"gray": "grey", "yellow": "amber", "orange": "amber"}
    key: dict[str, str] = {}
    for text in texts:
        for line in re.split(r"[\n;]+", text) if isinstance(text, str) else ():
            found = _KEY_LINE.match(line)
            if found and found.group(1).lower() in names and len(found.group(2)) <= 60:
                colour = aliases.get(found.group(1).lower(), found.group(1).lower())
                key.setdefault(colour.capitalize(), found.group(2).strip())
    return key


def key_rows(rows: list[list]) -> list[str]:
    """A key table's rows as lines ("Blue – Complete"): a colour name alone in a cell, its meaning beside it."""
    names = colour_names()
    out = []
    for row in rows:
        cells = [c for c in row if isinstance(c, str) and c.strip()]
        if len(cells) == 2 and normalise(cells[0]) in names:
            out.append(f"{cells[0]} – {cells[1]}")
    return out


STANDARD = {"Blue", "Green", "Amber", "Red"}        # the RAG colours vocab/rag.csv gives a meaning
STATUS_FIELDS = ("rag", "progress_word", "completion")


def _key_texts(grids) -> list[str]:
    """Every short text of the document, and its key tables' rows as lines, for ``document_key``."""
    out: list[str] = []
    for grid in grids:
        out.extend(str(n) for n in grid.notes)
        for row in grid.rows:
            out.extend(c for c in row if isinstance(c, str) and 0 < len(c) <= 400)
        out.extend(key_rows(grid.rows))
    return out


def read_colours(blocks, grids, issues: list) -> None:
    """Give each item's blank status cell its fill's meaning, in place (the block's values), with a note
    saying which cells were read by colour only and by what key; a fill no key nor standard RAG colour
    explains is warned about with its count, never counted as no update in silence. A sheet's fills are
    read once, for all its blank status cells together."""
    by_sheet = {g.sheet: g for g in grids}
    todo = []                      # (block, grid, the status field, its column, the blank rows' positions)
    wanted: dict[str, set] = {}
    for block in blocks:
        fields = [f for f in STATUS_FIELDS if f in block.columns]
        grid = by_sheet.get(block.sheet)
        if not fields or grid is None or (not grid.fills and grid.fill_reader is None):
            continue
        positions = [block.fields.index(f) for f in fields]
        blank = [k for k, values in enumerate(block.values) if all(values[p] == "" for p in positions)]
        if blank:
            column = grid.first_col + block.columns[fields[0]]
            todo.append((block, grid, fields[0], column, blank))
            wanted.setdefault(grid.sheet, set()).update((block.row_numbers[k], column) for k in blank)
    if not todo:
        return
    fills: dict[str, dict] = {}
    for sheet, cells in wanted.items():
        grid = by_sheet[sheet]
        fills[sheet] = {c: grid.fills[c] for c in cells if c in grid.fills} or \
            (grid.fill_reader(cells) if grid.fill_reader is not None else {})
    if not any(fills.values()):
        return
    key = document_key(_key_texts(grids))
    for block, grid, target, column, blank in todo:
        _apply(block, target, column, blank, fills[grid.sheet], key, issues)


def _apply(block, target: str, column: int, blank: list[int], fills: dict, key: dict[str, str], issues: list) -> None:
    from ...base.errors import Issue
    read: dict[str, list[int]] = {}
    unexplained: dict[str, list[int]] = {}
    at = block.fields.index(target)
    for k in blank:
        number = block.row_numbers[k]
        name = colour_name(fills.get((number, column)))
        if name is None:
            continue
        meaning = key.get(name) or (name if name in STANDARD else None)
        if meaning is None:
            unexplained.setdefault(name, []).append(number)
            continue
        values = list(block.values[k])
        values[at] = meaning
        block.values[k] = tuple(values)
        how = f"{name} as '{meaning}'" + (" (the file's key)" if name in key else "")
        read.setdefault(how, []).append(number)
        block.by_colour[number] = f"colour only: the {block.headers.get(target, target)} cell was blank, filled {how}"
    if read:
        count = sum(len(v) for v in read.values())
        issues.append(Issue("info", f"{count} status cell{'s' if count != 1 else ''} had no text, only a fill "
                            f"colour, and {'are' if count != 1 else 'is'} read by it (colour only): "
                            + "; ".join(f"{what}, rows {_rows(rows)}" for what, rows in read.items()) + ".",
                            block.sheet, min(r for rows in read.values() for r in rows), block.headers.get(target),
                            kind="colour_read"))
    for name, rows in unexplained.items():
        issues.append(Issue("warning", f"{len(rows)} status cell{'s are' if len(rows) != 1 else ' is'} blank but "
                            f"coloured {name.lower()} (rows {_rows(rows)}), a colour neither the file's key nor the "
                            "standard RAG colours explain, so counted as no update; write the status in "
                            "them, or add the colour to the file's key.", block.sheet, rows[0],
                            block.headers.get(target), kind="colour_unexplained"))


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(f"{n:,}" for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8:,} more" if len(numbers) > 8 else "")
