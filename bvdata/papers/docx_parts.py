"""Building blocks for the Word documents (committee report, compliance statement): A4 pages,
landscape sections for wide tables, tables whose header row repeats on every page, pictures with
alternative text."""
from __future__ import annotations

import io

import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..base.cleantext import clean, clean_frame
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
        return f"{pd.Timestamp(value):%d-%b-%y}"
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


def add_table(doc, rows: pd.DataFrame, columns: list[tuple[str, str, float]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (_, _, width) in zip(table.columns, columns):
        column.width = Cm(width)   # the grid widths, which LibreOffice reads; Word reads the cells'
    header = table.rows[0]
    _repeat_header(header)
    for cell, (_, label, width) in zip(header.cells, columns):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "1F3864")
        cell.width = Cm(width)
    for record in rows[[c[0] for c in columns]].itertuples(index=False):
        cells = table.add_row().cells
        for cell, (field, _, width), value in zip(cells, columns, record):
            cell.text = cell_text(value, field)
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _repeat_header(row) -> None:
    """Mark a table's first row as a header that Word repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _shade(cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)
