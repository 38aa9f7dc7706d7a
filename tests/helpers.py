"""Small builders for inline test files."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def xlsx_bytes(sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """A workbook with one sheet per entry; rows are lists of cell values (None for empty)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            ws.append(list(row))
            for column, value in enumerate(row, start=1):
                if isinstance(value, str) and value.startswith("="):
                    # text that starts with "=", as Excel stores it, not a formula
                    ws.cell(row=number, column=column).data_type = "s"
    for (sheet, ref), fmt in (formats or {}).items():
        wb[sheet][ref].number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def replace_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The .xlsx with these zip parts replaced or added (each content type stays as the package says)."""
    import zipfile
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, parts.get(name, source.read(name)))
        for name in parts.keys() - set(source.namelist()):
            target.writestr(name, parts[name])
    return out.getvalue()


TEXT_BOX = ('<twoCellAnchor><from><col>1</col><colOff>0</colOff><row>2</row><rowOff>0</rowOff></from><to><col>4</col>'
            '<colOff>0</colOff><row>6</row><rowOff>0</rowOff></to><sp macro="" textlink=""><nvSpPr>'
            '<cNvPr id="90" name="TextBox 90"/><cNvSpPr txBox="1"/></nvSpPr><spPr/><txBody>'
            '<a:bodyPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
            '<a:p xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:r><a:t>RAG key: Blue is complete'
            '</a:t></a:r></a:p></txBody></sp><clientData/></twoCellAnchor>')


def with_text_box(data: bytes, sheet: str | None = None) -> bytes:
    """The workbook (through openpyxl) with a picture and, in the same drawing, a text box ("RAG key…"),
    as councils put a key beside the plan. openpyxl writes the picture's drawing; the text box is added
    to its XML, since openpyxl cannot write one."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture
    book = load_workbook(io.BytesIO(data), rich_text=True)
    png = io.BytesIO()
    Picture.new("RGB", (24, 24), "#1F4E9C").save(png, "PNG")
    (book[sheet] if sheet else book.worksheets[0]).add_image(Image(io.BytesIO(png.getvalue())), "M2")
    out = io.BytesIO()
    book.save(out)
    drawing = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/drawings/drawing1.xml").decode()
    return replace_parts(out.getvalue(), {"xl/drawings/drawing1.xml": drawing.replace("</wsDr>", TEXT_BOX + "</wsDr>").encode()})


def raw_sqlite_refuses(path, statement: str) -> None:
    """Run ``statement`` on the SQLite file through a raw connection that never ran the app's own settings,
    and check the database itself refuses it as append-only."""
    import sqlite3

    import pytest
    raw = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(statement)
            raw.commit()
    finally:
        raw.close()


def sqlite_store(path, *files, by: str = "ana@council.gov.uk"):
    """A SQLite store at ``path`` with each tracker file published into it, labelled by its name."""
    from bvdata import load_tracker, store
    engine = store.open_store(f"sqlite:///{path}")
    for source in files:
        store.publish(engine, load_tracker(source), source.read_bytes(), label=source.stem, published_by=by)
    return engine
