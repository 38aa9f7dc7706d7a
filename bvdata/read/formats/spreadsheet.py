"""Spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods), read by python-calamine in the reader child. The fast
Rust reader aborts the whole process on some malformed files (a cell at XFD1048576 makes it ask for
512 GB), so it never runs in the app's own process."""
from __future__ import annotations

import io

from . import Format
from .wire import send, send_rows


def stream_cells(data: bytes, out) -> None:
    """Every sheet, as messages on ``out`` (``wire``)."""
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        send(out, ("sheet", name, start[0] + 1, start[1]))
        send_rows(sheet.to_python(skip_empty_area=True), out)
    send(out, ("end",))


FORMAT = Format("spreadsheet", "a spreadsheet", stream_cells,
                magic=(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),            # an old .xls (OLE2)
                zip_parts=("xl/workbook.xml", "xl/workbook.bin", "mimetype"),
                suffixes=(".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"), rank=0)
