"""Word committee papers (.docx): the front page's paragraphs and every table, a cell merged across
columns giving its text to the first, a shaded blank cell's fill kept for ``assembly.colours``."""
from __future__ import annotations

import io
import re
from functools import partial

from . import Format
from .paper import KEY_LIKE, MAX_FRONT_PARAGRAPHS, PaperTable, joined, send_paper

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_tables(data: bytes) -> tuple[list[str], list[PaperTable]]:
    """(the front page's paragraphs, every table) of a .docx, in the order they come."""
    import docx
    document = docx.Document(io.BytesIO(data))
    front: list[str] = []
    tables: list[PaperTable] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p" and not tables and len(front) < MAX_FRONT_PARAGRAPHS:
            text = _text(block)
            if text:
                front.append(text)
        elif block.tag == f"{_W}p" and len(front) < 2 * MAX_FRONT_PARAGRAPHS:
            text = _text(block)         # a colour key after the tables ("Grey – superseded") is the paper's too
            if text and len(text) <= 200 and KEY_LIKE.match(text):
                front.append(text)
        elif block.tag == f"{_W}tbl":
            tables.append(_word_table(block, len(tables) + 1))
    return front, joined(tables, lambda before, table: False)


def _text(element) -> str:
    """A paragraph's or a cell's text: runs joined, paragraphs on lines of their own, tabs and breaks as spaces."""
    paragraphs = []
    for p in (element.iter(f"{_W}p") if element.tag != f"{_W}p" else [element]):
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        paragraphs.append("".join(parts).strip())
    return "\n".join(p for p in paragraphs if p)


def _word_table(tbl, number: int) -> PaperTable:
    """A table's rows as a spreadsheet would hold them: a cell merged across columns gives its text to the
    first and blanks to the rest, a cell merged down gives its text to the top one; a table inside a cell is
    flattened into that cell's text, with a note."""
    table = PaperTable(f"Table {number}", [])
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        row: list[str] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            row.extend([""] * int(before.get(f"{_W}val", "0") or 0))
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span = props.find(f"{_W}gridSpan") if props is not None else None
            merge = props.find(f"{_W}vMerge") if props is not None else None
            width = int(span.get(f"{_W}val", "1") or 1) if span is not None else 1
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            if tc.find(f".//{_W}tbl") is not None:
                table.notes.append(f"Row {r} of table {number} holds a table inside a cell; its text was read "
                                   "into that cell, row by row.")
                text = _nested_text(tc)
            else:
                text = "" if continued else _text(tc)
            shading = props.find(f"{_W}shd") if props is not None and not text else None
            fill = shading.get(f"{_W}fill", "") if shading is not None else ""
            if re.fullmatch(r"[0-9A-Fa-f]{6}", fill or ""):      # a status shown by its colour alone
                table.fills[(r, len(row))] = fill.upper()
            row.extend([text] + [""] * (max(width, 1) - 1))
        while row and row[-1] == "":
            row.pop()
        table.rows.append(row)
    return table


def _nested_text(tc) -> str:
    lines = []
    for child in tc.iterchildren():
        if child.tag == f"{_W}p":
            if text := _text(child):
                lines.append(text)
        elif child.tag == f"{_W}tbl":
            for tr in child.iter(f"{_W}tr"):
                cells = [_text(c) for c in tr.iterchildren(f"{_W}tc")]
                if any(cells):
                    lines.append("; ".join(c for c in cells if c))
    return "\n".join(lines)


FORMAT = Format("docx", "a Word document", partial(send_paper, docx_tables), zip_parts=("word/document.xml",),
                suffixes=(".docx",), rank=2)
