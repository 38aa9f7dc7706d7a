"""What a re-save through openpyxl drops is counted before and after (bvdata.resave), so a published
copy never silently lacks a text box, a sparkline or a slicer the analyst's workbook had."""
import io
import zipfile

import pytest
from helpers import TEXT_BOX, replace_parts, with_text_box, xlsx_bytes
from openpyxl import load_workbook

from bvdata.read.door.resave import contents, losses

SHEET = "xl/worksheets/sheet1.xml"
SPARKLINES = ('<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
              'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups '
              'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup><x14:sparklines>'
              '<x14:sparkline><xm:f>Plan!B2:C2</xm:f><xm:sqref>D2</xm:sqref></x14:sparkline></x14:sparklines>'
              '</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>')


def resave(data: bytes) -> bytes:
    out = io.BytesIO()
    load_workbook(io.BytesIO(data), rich_text=True).save(out)
    return out.getvalue()


def plain() -> bytes:
    return xlsx_bytes({"Plan": [["Ref", "Action", "%"], ["1.1", "Agree the plan", 0.5], ["1.2", "Report", 1]]})


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def with_sparkline(data: bytes) -> bytes:
    return replace_parts(data, {SHEET: part(data, SHEET).replace("</worksheet>", SPARKLINES + "</worksheet>").encode()})


def with_slicer(data: bytes) -> bytes:
    return replace_parts(data, {"xl/slicers/slicer1.xml": b'<?xml version="1.0"?><slicers xmlns="http://schemas.'
                                b'microsoft.com/office/spreadsheetml/2009/9/main"><slicer name="Officer" '
                                b'cache="Slicer_Officer" caption="Officer" rowHeight="241300"/></slicers>'})


@pytest.mark.parametrize("build, expected", [
    (with_text_box, ["1 text box or shape"]),
    (with_sparkline, ["1 sparkline group"]),
    (with_slicer, ["1 slicer"]),
    (lambda d: with_slicer(with_sparkline(with_text_box(d))), ["1 text box or shape", "1 sparkline group", "1 slicer"]),
], ids=["text box", "sparkline", "slicer", "all three"])
def test_what_openpyxl_drops_is_named(build, expected):
    data = build(plain())
    assert losses(data, resave(data)) == expected


def test_what_openpyxl_keeps_is_not_reported():
    # the picture beside the text box survives, so only the text box is named, and a plain workbook,
    # with a comment, a table and a chart, loses nothing
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.worksheet.table import Table
    book = load_workbook(io.BytesIO(plain()))
    sheet = book["Plan"]
    sheet["A2"].comment = Comment("Checked by the Chief Executive", "ana")
    sheet.add_table(Table(displayName="Plan", ref="A1:C3"))
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    sheet.add_chart(chart, "E2")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert {k: v for k, v in contents(data).items() if v} == {"comment": 1, "table": 1, "chart": 1}
    assert losses(data, resave(data)) == []
    boxed = with_text_box(plain())
    assert contents(boxed)["picture"] == 1 and contents(resave(boxed))["picture"] == 1


def test_a_drawing_in_utf16_is_counted():
    boxed = with_text_box(plain())
    drawing = part(boxed, "xl/drawings/drawing1.xml").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    wide = replace_parts(boxed, {"xl/drawings/drawing1.xml": b"\xff\xfe" + drawing.encode("utf-16-le")})
    assert contents(wide)["text box or shape"] == 1


def test_closing_tags_and_longer_names_are_not_counted():
    boxed = with_text_box(plain())
    assert TEXT_BOX.count("<sp") == 2                      # <sp …> and <spPr/>: only the first is a shape
    assert contents(boxed)["text box or shape"] == 1
