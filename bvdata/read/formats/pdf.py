"""PDF committee papers with a text layer: the first page's lines and every table, a table going on
across pages joined back into one. Its streams are decoded under a limit first (``pdf_check``)."""
from __future__ import annotations

import io
import re
from functools import partial

from . import Format
from .paper import KEY_LIKE, MAX_FRONT_PARAGRAPHS, PaperTable, joined, send_paper, word_goes_on
from .pdf_check import PaperRefused, check_pdf

MAX_PDF_PAGES = 500              # a long committee paper has a hundred

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
    keys: list[str] = []              # a colour key's lines outside the tables ("Grey – superseded"), on any page
    tables: list[PaperTable] = []
    edges: dict[int, tuple] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found_tables = page.find_tables()
            if number == 1:
                top = min((t.bbox[1] for t in found_tables), default=page.height)
                front = _paragraphs(page.crop((0, 0, page.width, max(top, 1))))[:MAX_FRONT_PARAGRAPHS]
            words = page.extract_words(use_text_flow=False)
            shaded = [r for r in page.rects if r.get("fill")] if found_tables else []
            keys.extend(_key_lines(words, [t.bbox for t in found_tables]))
            for found in found_tables:
                rows = [[_cell_text(words, bbox) for bbox in row.cells] for row in found.rows]
                table = PaperTable("", rows, places={i: number for i in range(1, len(rows) + 1)})
                table.fills = _fills(found, rows, shaded)
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
    return front + [k for k in keys if k not in front], joined(tables, continues)


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into the lines they sit on (tops within 2 points), top to bottom, left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _key_lines(words: list[dict], boxes: list[tuple]) -> list[str]:
    """The lines of a page outside its tables that read as a colour key ("Key: Blue – complete")."""
    outside = [w for w in words if not any(b[0] <= w["x0"] <= b[2] and b[1] <= w["top"] <= b[3] for b in boxes)]
    texts = (" ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])) for line in _lines(outside))
    return [text for text in texts if len(text) <= 200 and KEY_LIKE.match(text)]


def _fills(found, rows: list[list[str]], shaded: list[dict]) -> dict[tuple[int, int], str]:
    """(row number, column) -> the RGB hex of the filled rectangle under each blank cell (a status shown by
    its colour alone): the smallest filled rectangle holding the cell's centre, white ones left out."""
    out = {}
    if not shaded:
        return out
    for i, row in enumerate(found.rows, start=1):
        for j, bbox in enumerate(row.cells):
            if bbox is None or rows[i - 1][j]:
                continue
            x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
            under = [r for r in shaded if r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]]
            if under:
                colour = _hex(min(under, key=lambda r: (r["x1"] - r["x0"]) * (r["bottom"] - r["top"])).get("non_stroking_color"))
                if colour is not None:
                    out[(i, j)] = colour
    return out


def _hex(colour) -> str | None:
    """A PDF fill colour (grey, RGB or CMYK, each part 0 to 1) as RGB hex; None for white or an unknown kind."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 1:
        rgb = (colour[0],) * 3
    elif len(colour) == 3:
        rgb = tuple(colour)
    elif len(colour) == 4:
        c, m, y, k = colour
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    if min(rgb) > 0.97:
        return None
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in rgb)


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
    lines = _lines(inside)
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
    cell's edge, and the words say so (``paper.word_goes_on``)."""
    return gap <= 1.5 * char and word_goes_on(before, after)


def _columns(found) -> tuple:
    """The x positions of a table's column edges."""
    return tuple(round(x, 0) for x in sorted({round(c[0], 0) for c in found.cells}))


FORMAT = Format("pdf", "a PDF", partial(send_paper, pdf_tables), magic=(b"%PDF-",), suffixes=(".pdf",), rank=3)
