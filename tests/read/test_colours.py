"""Issue 33, item 2: status as colour. A status or RAG cell with a fill and no text takes the colour's
meaning, from the document's own key where it has one ("Blue – complete", "Grey – superseded"), else from
the nearest standard RAG colour; the report says which cells were read by colour only, and a colour nothing
explains is warned about with its count, never counted as no update in silence."""
import datetime as dt
import io

import pytest

from bvdata import load_tracker
from bvdata.model.status import with_status
from bvdata.read.colours import colour_name, document_key

HEADER = ["No.", "Action", "Due date", "RAG"]
#: (number, wording, due, RAG word or None, fill of a blank RAG cell)
ROWS = [("1", "Refresh the plan", "31/03/2022", "Green", None),
        ("2", "Train members", "31/03/2022", None, "0070C0"),         # blue: complete
        ("3", "Review the scheme", "31/03/2022", None, "A6A6A6"),     # grey: superseded, by the key
        ("4", "Publish the report", "31/12/2030", None, "00B050"),    # green: under way
        ("5", "Survey tenants", "31/03/2022", "Red", None)]
KEY = ["Key: Blue – complete", "Grey – superseded"]


def workbook(key: bool = True, rows=ROWS) -> bytes:
    import openpyxl
    from openpyxl.styles import PatternFill
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(HEADER)
    for number, wording, due, word, fill in rows:
        sheet.append([number, wording, due, word])
        if fill:
            sheet.cell(sheet.max_row, 4).fill = PatternFill("solid", fgColor=fill)
    if key:
        sheet.append([])
        for line in KEY:
            sheet.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def paper(key: bool = True) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    document = docx.Document()
    document.add_paragraph("Best Value action plan as at 14 February 2022")
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for c, heading in enumerate(HEADER):
        table.cell(0, c).text = heading
    for r, (number, wording, due, word, fill) in enumerate(ROWS, start=1):
        for c, value in enumerate((number, wording, due, word or "")):
            table.cell(r, c).text = value
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), fill)
            table.cell(r, 3)._tc.get_or_add_tcPr().append(shading)
    if key:
        for line in KEY:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make, name", [(workbook, "plan.xlsx"), (paper, "paper.docx")])
def test_a_status_shown_by_colour_alone_takes_its_meaning_from_the_files_key(make, name):
    tracker = load_tracker(make(), name)
    df = with_status(tracker.actions, dt.date(2022, 6, 1)).set_index("action_id")
    assert df.loc["2", "status"] == "complete"
    assert df.loc["3", "status"] == "closed"                  # superseded, by the file's own key
    assert df.loc["4", "status"] != "no_update" and df.loc["4", "progress"] == "in_progress"
    assert df.loc["5", "status"] == "overdue"
    [note] = [i for i in tracker.issues if "colour only" in i.message]
    assert "3 status cells" in note.message and "Grey as 'superseded' (the file's key)" in note.message


def test_a_colour_nothing_explains_is_warned_about_with_its_count():
    tracker = load_tracker(workbook(key=False), "plan.xlsx")
    df = tracker.actions.set_index("action_id")
    assert df.loc["2", "progress"] == "complete"               # blue, the standard RAG meaning
    [warned] = [w for w in tracker.warnings if "blank but coloured" in w.message]
    assert warned.message.startswith("1 status cell is blank but coloured grey (rows 4)")
    assert "bvdata/" not in warned.message


def test_a_workbook_with_no_blank_status_never_reads_styles(monkeypatch):
    import bvdata.read.colours as colours
    called = []
    monkeypatch.setattr(colours, "xlsx_fills", lambda *a: called.append(a) or {})
    plain = [(n, w, d, word or "Green", None) for n, w, d, word, _ in ROWS]
    load_tracker(workbook(key=False, rows=plain), "plain.xlsx")
    assert called == []


@pytest.mark.parametrize("hex_text, name", [("00B050", "Green"), ("92D050", "Green"), ("FFC000", "Amber"),
                                            ("FFFF00", "Amber"), ("FF0000", "Red"), ("0070C0", "Blue"),
                                            ("BFBFBF", "Grey"), ("FFFFFF", None), ("", None)])
def test_a_fill_is_named_by_the_nearest_listed_colour(hex_text, name):
    assert colour_name(hex_text) == name


def test_a_key_is_read_from_lines_and_tables():
    assert document_key(["RAG key: Blue is complete", "Grey: superseded", "Blue sky thinking"]) == \
        {"Blue": "complete", "Grey": "superseded"}
