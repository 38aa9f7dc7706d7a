"""Building blocks for the Word documents (committee report, compliance statement): A4 pages,
landscape sections for wide tables, tables whose header row repeats on every page, pictures with
alternative text."""
from __future__ import annotations

import io

import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from ..base.cleantext import clean, clean_frame
from ..base.formats import day
from ..base.labels import is_missing

A4 = (Cm(21.0), Cm(29.7))


def set_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)


def add_picture(doc, png: bytes, alt: str, width=Cm(16)) -> None:
    shape = doc.add_picture(io.BytesIO(png), width=width)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt[:120])


def add_footer(doc, name: str) -> None:
    """The plan's name and "Page N of M" at the foot of every page (the sections added later keep it)."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run(f"{clean(name)} · Page ")
    run.font.size = Pt(9)
    for instruction, after in (("PAGE", " of "), ("NUMPAGES", "")):
        paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:rPr>'
                                      f'<w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))
        if after:
            paragraph.add_run(after).font.size = Pt(9)


def landscape_section(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4[1], A4[0]
    section.left_margin = section.right_margin = Cm(1.5)   # 29.7 - 3.0 = 26.7 cm for tables


def portrait_section(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = Cm(2)


def cell_text(value, field: str) -> str:
    if is_missing(value):
        return "" if field != "completion" else "No update"
    if field in ("due_date",):
        return day(value)
    if field == "completion":
        return f"{value:.0f}%"
    if field == "days_overdue":
        return f"{int(value):,}"
    return clean(str(value))


def cleaned_tracker(tracker):
    """The tracker with every text a Word document would hold cleaned, so that no caller's text can
    make python-docx refuse the document (it rejects characters XML forbids)."""
    from dataclasses import replace
    return replace(tracker, actions=clean_frame(tracker.actions), amendments=clean_frame(tracker.amendments),
                   themes=replace(tracker.themes, frame=clean_frame(tracker.themes.frame)),
                   recommendations=[clean(r) for r in tracker.recommendations], source_name=clean(tracker.source_name))


NO_WRAP = {"action_id", "due_date", "days_overdue", "progress_text", "status_label", "completion"}


# a 9 pt character's width, in cm, wide enough for capitals and digits; a cell's margins either side
CHAR_CM, HEADER_CHAR_CM, PADDING_CM, MAX_TOKEN_CM = 0.19, 0.215, 0.45, 7.0


def fitted_widths(texts: list[list[str]], headers: list[str], widths: list[float]) -> list[float]:
    """Column widths (cm) with the same total as ``widths``, each at least as wide as its longest word
    (or reference, or date), so that no word breaks inside itself: the room comes from the columns with
    more than they need, in proportion; only when every column is at its least are all narrowed alike."""
    def need(column: list[str], header: str) -> float:
        longest = max((len(w) for text in column for w in str(text).split()), default=0)
        head = max((len(w) for w in str(header).split()), default=0)
        return min(MAX_TOKEN_CM, max(longest * CHAR_CM, head * HEADER_CHAR_CM) + PADDING_CM)
    total = sum(widths)
    least = [need(c, h) for c, h in zip(texts, headers)]
    grown = [max(w, n) for w, n in zip(widths, least)]
    over = sum(grown) - total
    slack = [g - n for g, n in zip(grown, least)]
    if over <= 0:
        return grown
    if sum(slack) >= over:
        return [g - over * s / sum(slack) for g, s in zip(grown, slack)]
    return [n * total / sum(least) for n in least]


def add_table(doc, rows: pd.DataFrame, columns: list[tuple[str, str, float]]) -> None:
    """A table with a header row that repeats on every page (white on dark blue) and one row per record,
    9 pt, no row split across a page, no column left with nothing in it, and each column wide enough for
    its longest word (``fitted_widths``). Written as one piece of WordprocessingML rather than cell by cell
    through python-docx, which takes about a millisecond a cell: a portfolio paper's tables hold tens of
    thousands of rows."""
    from xml.sax.saxutils import escape
    fields = [c[0] for c in columns]
    texts = [[cell_text(v, f) for v in rows[f]] for f in fields]
    keep = [k for k, column in enumerate(texts) if any(str(v).strip(" –") for v in column)] or [0]
    columns, texts = [columns[k] for k in keep], [texts[k] for k in keep]
    fields = [c[0] for c in columns]
    widths = fitted_widths(texts, [label for _, label, _ in columns], [w for _, _, w in columns])
    twips = [int(Cm(width).twips) for width in widths]

    def cell(text: str, width: int, header: bool, keep: bool = False) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>' if header else ""
        shade += "<w:noWrap/>" if keep else ""
        look = '<w:b/><w:color w:val="FFFFFF"/>' if header else ""
        lines = str(text).split("\n")
        runs = "<w:r><w:br/></w:r>".join(
            f'<w:r><w:rPr>{look}<w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
            for line in lines)
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                f"<w:p>{runs}</w:p></w:tc>")

    head = "".join(cell(clean(label), w, True) for (_, label, _), w in zip(columns, twips))
    body = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cell(v, w, False, f in NO_WRAP)
                                                              for f, v, w in zip(fields, record, twips)) + "</w:tr>"
            for record in zip(*texts)]
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{_grid_style(doc)}"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
           f'<w:tr><w:trPr><w:tblHeader w:val="true"/><w:cantSplit/></w:trPr>{head}</w:tr>' + "".join(body) + "</w:tbl>")
    paragraph = doc.add_paragraph()
    paragraph._p.addprevious(parse_xml(xml))


def _grid_style(doc) -> str:
    """The style id of Word's "Table Grid" (thin borders on every cell), as this document names it."""
    return doc.styles["Table Grid"].style_id
