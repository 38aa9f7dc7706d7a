"""Committee papers as grids: the tables of a Word document (.docx) or of a PDF with a text layer, each
table a grid the tracker reads like a sheet ("Table 2", its rows numbered from 1), with the paper's
front page (its title and first paragraphs, where the date is stated) as a grid of its own.

Runs in the reader child (bvdata.read.child_main), under its memory cap and time limit; the container
checks before it are bvdata.read.guard's. Only the standard library is imported at the top: python-docx,
pdfplumber and pypdfium2 are imported by the reader that needs them.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .pdf_check import PaperRefused, check_pdf  # noqa: F401 - PaperRefused is offered here too

FRONT = "Front page"
MAX_FRONT_PARAGRAPHS = 40        # the title, the date and the introduction come first
MAX_PDF_PAGES = 500              # a long committee paper has a hundred
# a line of a colour key ("Key: Blue – complete", "Grey – superseded"), read by bvdata.read.colours
_KEY_LIKE = re.compile(r"^\s*(?:(?:rag|colour|color|status)?\s*key\b|(?:blue|green|amber|red|grey|gray|purple|yellow|"
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


# -- Word ------------------------------------------------------------------------------------------

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
            if text and len(text) <= 200 and _KEY_LIKE.match(text):
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


# -- PDF -------------------------------------------------------------------------------------------

def pdf_tables(data: bytes) -> tuple[list[str], list[PaperTable]]:
    """(the first page's lines, every table) of a PDF with a text layer; a table goes on across pages when
    its header repeats or its columns line up with the table before, at the top of the next page."""
    check_pdf(data)
    import pypdfium2
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise PaperRefused("damaged " + str(exc)[:80]) from None
    pages = len(document)
    text_found = any(document[i].get_textpage().count_chars() for i in range(min(pages, 50)))
    document.close()
    if pages > MAX_PDF_PAGES:
        raise PaperRefused(f"pages {pages}")
    if not text_found:
        raise PaperRefused("scanned")
    import pdfplumber
    front: list[str] = []
    tables: list[PaperTable] = []
    edges: dict[int, tuple] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found_tables = page.find_tables()
            if number == 1:
                top = min((t.bbox[1] for t in found_tables), default=page.height)
                front = _paragraphs(page.crop((0, 0, page.width, max(top, 1))))[:MAX_FRONT_PARAGRAPHS]
            words = page.extract_words(use_text_flow=False) if found_tables else []
            for found in found_tables:
                rows = [[_cell_text(words, bbox) for bbox in row.cells] for row in found.rows]
                table = PaperTable("", rows, places={i: number for i in range(1, len(rows) + 1)})
                edges[id(table)] = (number, _columns(found), found.bbox[1] < 0.2 * page.height,
                                    found.bbox[3] > 0.8 * page.height)
                tables.append(table)
            page.flush_cache()

    def continues(before: PaperTable, table: PaperTable) -> bool:
        last = edges.get(id(before)), edges.get(id(table))
        if None in last:
            return False
        (page_b, cols_b, _, bottom_b), (page_t, cols_t, top_t, _) = last
        # the table before may have had pages appended: its last page is where it ended
        page_b = max(before.places.values(), default=page_b)
        lined_up = len(cols_b) == len(cols_t) and all(abs(a - b) < 3 for a, b in zip(cols_b, cols_t))
        return page_t == page_b + 1 and top_t and lined_up
    return front, joined(tables, continues)


def _paragraphs(page) -> list[str]:
    """The page's lines joined into paragraphs: a line that follows the one before closely, in type of the
    same size, goes on from it (a title wrapped onto two lines is one title)."""
    paragraphs: list[str] = []
    last = None
    for line in page.extract_text_lines(return_chars=False):
        text = line["text"].strip()
        if not text:
            continue
        height = line["bottom"] - line["top"]
        if last is not None and line["top"] - last["bottom"] < 0.6 * height \
                and abs(height - (last["bottom"] - last["top"])) < 1.5:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        last = line
    return paragraphs


def _cell_text(words: list[dict], bbox) -> str:
    """A PDF cell's text from the page's words inside it, its lines joined back into one string; a word
    broken across two lines with no hyphen (a column too narrow for it: "18/05/202" over "4") is joined
    without a space (``_goes_on``)."""
    if bbox is None:
        return ""
    x0, top, x1, bottom = bbox
    inside = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
    if not inside:
        return ""
    lines: list[list[dict]] = []
    for word in sorted(inside, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    pad = max(0.0, min(w["x0"] for w in inside) - x0)
    text = ""
    for k, line in enumerate(lines):
        line.sort(key=lambda w: w["x0"])
        part = " ".join(w["text"] for w in line)
        if not text:
            text = part
            continue
        last, first = lines[k - 1][-1], line[0]
        broken = _goes_on(last["text"], first["text"], x1 - pad - last["x1"],
                          (last["x1"] - last["x0"]) / max(len(last["text"]), 1))
        text = text + part if broken or re.search(r"\w[-/]$", text) else f"{text} {part}"
    return text


def _goes_on(before: str, after: str, gap: float, char: float) -> bool:
    """Does a cell's line that begins with ``after`` go on from the word ``before`` that ended the line above
    (a word the column was too narrow for, broken without a hyphen)? Only when the line above ran to the
    cell's edge, and the rest is digits going on from digits ("18/05/202" over "4"), a fragment of three
    letters or fewer that is not a word of its own (vocab/short_words.csv), or the rest of a word the
    vocabularies know ("Recommen" over "dation")."""
    if gap > 1.5 * char or not before[-1:].isalnum():
        return False
    if re.fullmatch(r"[\d/.\-]+\)?", after) and re.search(r"[\d/.\-]$", before):
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
    from ..base.vocab import VOCAB_DIR, normalise, read_table
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
    from ..base.vocab import VOCAB_DIR, read_table
    return frozenset(r["word"] for r in read_table(VOCAB_DIR / "short_words.csv"))


def _cell(value) -> str:
    """A PDF cell's text with the lines it was wrapped onto joined back into one string."""
    if value is None:
        return ""
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    text = ""
    for line in lines:
        if re.search(r"\w[-/]$", text):     # a hyphenated word or a path wrapped at its hyphen or slash
            text = text + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _columns(found) -> tuple:
    """The x positions of a table's column edges."""
    return tuple(round(x, 0) for x in sorted({round(c[0], 0) for c in found.cells}))


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


def _join_row(last: list, rest: list) -> None:
    for j, text in enumerate(rest):
        if text:
            if j < len(last):
                last[j] = f"{last[j]} {text}".strip()
            else:
                last.extend([""] * (j - len(last)) + [text])
