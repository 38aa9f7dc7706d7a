"""Committee papers as grids, shared by the Word (``docx``) and PDF (``pdf``) formats: each table a grid
the tracker reads like a sheet ("Table 2", its rows numbered from 1), with the paper's front page (its
title and first paragraphs, where the date is stated) as a grid of its own. Tables that go on from one
another are joined here, and a paper is sent as the reader child's messages (``send_paper``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .pdf_check import PaperRefused
from .wire import Refused, send, send_rows

FRONT = "Front page"
MAX_FRONT_PARAGRAPHS = 40        # the title, the date and the introduction come first
# a line of a colour key ("Key: Blue – complete", "Grey – superseded"), read by bvdata.read.assembly.colours
KEY_LIKE = re.compile(r"^\s*(?:(?:rag|colour|color|status)?\s*key\b|(?:blue|green|amber|red|grey|gray|purple|yellow|"
                       r"orange|black)\b\s*(?:[–—\-:=]|is\b|means\b))", re.IGNORECASE)


@dataclass
class PaperTable:
    name: str
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    places: dict[int, int] = field(default_factory=dict)   # row number -> page (PDF)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)   # (row number, column) -> a blank cell's shading


def _norm(row: list) -> tuple:
    return tuple(re.sub(r"\s+", " ", str(c or "")).strip().casefold() for c in row)


def _filled(row: list) -> int:
    return sum(1 for c in row if str(c or "").strip())


def joined(tables: list[PaperTable], continues) -> list[PaperTable]:
    """Tables that continue one another made one: a table whose first row repeats the header of the table
    before (its repeated header dropped), or that ``continues(before, table)`` says goes on from it. Rows
    inside a table that repeat its header are dropped too."""
    out: list[PaperTable] = []
    for table in tables:
        if not table.rows:
            continue
        before = out[-1] if out else None
        header = _norm(before.rows[0]) if before else None
        if before is not None and _filled(table.rows[0]) >= 2 and _norm(table.rows[0]) == header:
            _append(before, table, skip=1)
        elif before is not None and continues(before, table):
            _append(before, table, skip=0)
        else:
            out.append(table)
    for table in out:
        header = _norm(table.rows[0])
        keep = [0] + [i for i in range(1, len(table.rows)) if _norm(table.rows[i]) != header]
        if len(keep) < len(table.rows):
            table.places = {new + 1: table.places[old + 1] for new, old in enumerate(keep) if old + 1 in table.places}
            moved = {old + 1: new + 1 for new, old in enumerate(keep)}
            table.fills = {(moved[r], c): h for (r, c), h in table.fills.items() if r in moved}
            table.rows = [table.rows[i] for i in keep]
    for k, table in enumerate(out, start=1):
        table.name = f"Table {k}"
    return out


def _append(before: PaperTable, table: PaperTable, skip: int) -> None:
    if table.places and len(table.rows) > skip and before.rows and _split_row(table.rows[skip], before.rows[-1]):
        _join_row(before.rows[-1], table.rows[skip])       # a row broken across the page, put back together
        skip += 1
    offset = len(before.rows)
    for i, row in enumerate(table.rows[skip:], start=skip + 1):
        before.rows.append(row)
        if i in table.places:
            before.places[offset + i - skip] = table.places[i]
    before.fills.update({(offset + i - skip, c): h for (i, c), h in table.fills.items() if i > skip})
    before.notes.extend(table.notes)


_NUMBER = re.compile(r"^[A-Za-z]{0,4}\s*\d{1,3}(?:\.\d{1,3})*[a-z]?$")      # an item's number, not a date


def _split_row(row: list, last: list | None = None) -> bool:
    """The rest of a row the page broke: some text, and no first cell, or (in a row less than half filled) no
    number in the second or third cell where the row before has one (its number stayed on the page before;
    a group column came first)."""
    if not row or _filled(row) < 1:
        return False
    if not str(row[0]).strip():
        return True
    if last is None or _filled(row) * 2 > len(row) or _NUMBER.match(str(row[0]).strip()):
        return False            # a row's rest holds only the cells that overflowed, and never a number of its own
    return any(bool(_NUMBER.match(str(a).strip())) and not str(b).strip() for a, b in list(zip(last, row))[1:3])


def word_goes_on(before: str, after: str) -> bool:
    """Does text beginning with ``after`` go on from the word ``before`` ended with, with no space (a word a
    column was too narrow for, broken onto the next line or page without a hyphen)? When the rest is digits
    going on from digits ("18/05/202" over "4"), a fragment of three letters or fewer that is not a word of
    its own (vocab/short_words.csv), or the rest of a word the vocabularies know ("Recommen" over "dation")."""
    before, after = before.rstrip(), after.lstrip()
    if not before[-1:].isalnum() or not after:
        return False
    if re.fullmatch(r"[\d/.\-]+\)?", after.split()[0]) and re.search(r"[\d/.\-]$", before):
        return True
    if not before[-1:].isalpha() or not after[:1].islower():
        return False
    fragment = re.match(r"[a-z]{1,3}(?=$|[^a-z])", after)
    if fragment is not None and fragment.group(0) not in _short_words():
        return True
    # a heading or status word broken in two ("Recommen" over "dation"): the whole is a word the tracker knows
    # and the parts are not
    whole = (before.split()[-1] + after.split()[0]).lower().strip(".,;:()")
    known = _known_words()
    return whole in known and not (before.lower().strip(".,;:()") in known and after.lower().strip(".,;:()") in known)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Every word of the tracker's vocabularies (headings, status words, RAG colours, nouns)."""
    from ...base.vocab import VOCAB_DIR, normalise, read_table
    words: set[str] = set()
    for table, columns in (("columns.csv", ("synonym",)), ("heading_words.csv", ("word",)),
                           ("progress_words.csv", ("word",)), ("rag.csv", ("variant",)),
                           ("words.csv", ("heading", "singular", "plural")), ("no_date_words.csv", ("word",))):
        for row in read_table(VOCAB_DIR / table):
            for column in columns:
                words.update(w for w in normalise(row.get(column, "")).split() if len(w) >= 4)
    return frozenset(words)


@lru_cache(maxsize=1)
def _short_words() -> frozenset[str]:
    from ...base.vocab import VOCAB_DIR, read_table
    return frozenset(r["word"] for r in read_table(VOCAB_DIR / "short_words.csv"))


def _join_row(last: list, rest: list) -> None:
    """A row the page broke, put back together: each cell's rest goes on from its start, with no space
    where a word was broken across the pages."""
    for j, text in enumerate(rest):
        if text:
            if j < len(last):
                last[j] = (last[j] + text if word_goes_on(last[j], text) else f"{last[j]} {text}").strip()
            else:
                last.extend([""] * (j - len(last)) + [text])


def place_words(sheet: str, row: int) -> str:
    """Where a row is, in the document's own terms: "paragraph 2 of the front page", "Table 1, row 14" for a
    paper's; "row 14 of sheet 'Actions'" for a workbook's."""
    if sheet == FRONT:
        return f"paragraph {row} of the front page"
    if re.fullmatch(r"Table \d+(?:, page \d+)?", sheet):
        return f"{sheet}, row {row}"
    return f"row {row} of sheet '{sheet}'"


def send_paper(read, data: bytes, out) -> None:
    """A paper's front page, then each table, as the reader child's messages (``wire``), with
    ("notes", [...]), ("places", {row: page}) and ("fills", [[row, column, hex]]) for a table;
    ``read(data)`` gives (front page lines, tables)."""
    try:
        front, tables = read(data)
    except PaperRefused as exc:
        raise Refused(str(exc)) from None
    send(out, ("sheet", FRONT, 1, 0))
    send_rows([[line] for line in front], out)
    for table in tables:
        send(out, ("sheet", table.name, 1, 0))
        if table.notes:
            send(out, ("notes", list(table.notes)))
        if table.places:
            send(out, ("places", dict(table.places)))
        if table.fills:
            send(out, ("fills", [[r, c, h] for (r, c), h in table.fills.items()]))
        send_rows(table.rows, out)
    send(out, ("end",))
