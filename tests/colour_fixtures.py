"""Trackers whose status is shown by a cell's colour alone (issue 33, item 2), as an .xlsx, a Word paper and an
.ods: item 2 is blue (complete), 3 grey (superseded, by the file's key), 4 green (under way)."""
import io

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


def ods_workbook(key: bool = True) -> bytes:
    """The workbook as an .ods laid out as LibreOffice writes one: each background an automatic style
    whose parent is "Default", a column whose cells default to a style, and empty cells repeated."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P
    document = OpenDocumentSpreadsheet()
    default = Style(name="Default", family="table-cell")
    document.styles.addElement(default)
    styles = {}
    for fill in sorted({f for *_, f in ROWS if f}):
        styles[fill] = Style(name=f"ce{len(styles) + 1}", family="table-cell", parentstylename="Default")
        styles[fill].addElement(TableCellProperties(backgroundcolor=f"#{fill.lower()}"))
        document.automaticstyles.addElement(styles[fill])
    table = Table(name="Plan")
    table.addElement(TableColumn(numbercolumnsrepeated=4, defaultcellstylename="Default"))

    def row(cells, fill=None):
        tr = TableRow()
        for j, value in enumerate(cells):
            tc = TableCell(valuetype="string", **({"stylename": styles[fill]} if fill and j == 3 else {}))
            if value:
                tc.addElement(P(text=value))
            tr.addElement(tc)
        tr.addElement(TableCell(numbercolumnsrepeated=3))
        table.addElement(tr)
    row(HEADER)
    for number, wording, due, word, fill in ROWS:
        row([number, wording, due, word or ""], fill)
    if key:
        table.addElement(TableRow(numberrowsrepeated=2))
        for line in KEY:
            row([line])
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
