"""Reads a spreadsheet's cells in a child process, so a reader crash cannot take the caller down.

Run as a script by ``bvdata.read.child``: the file's bytes arrive on stdin, a pickle of plain values
leaves on stdout. The fast Rust reader aborts the whole process on some malformed files (a cell at
XFD1048576 makes it ask for 512 GB), so it must never run in the dashboard's own process. CSV files
are parsed here too, under the same memory cap and time limit: a 1 MB file of commas must never
become gigabytes of cells in the app. Only the standard library and python_calamine are imported
here, to keep the start-up cheap; the app imports this module only for ``csv_delimiter``.
"""
from __future__ import annotations

import csv
import io
import pickle
import resource
import struct
import sys
from pathlib import Path


def _limit_memory(megabytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


CHUNK_ROWS = 2_000     # rows per message: the caller unpickles one while the next is converted
MAX_COLUMNS = 16_384   # Excel's widest sheet (XFD): a wider CSV row is refused, never padded
MAX_ROWS = 1_048_576   # Excel's longest sheet

if __package__ in (None, ""):          # run as a script: make the package importable (its __init__ is light)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bvdata.base.cleantext import FORMULA_TRIGGERS, ILLEGAL, decode_text, text_encoding, unneutralise


def _send(out, message) -> None:
    """One message: its length (8 bytes, little-endian), then its pickle. No memo: cell values are
    never shared, and without it both ends are 20-30 % quicker."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(message)
    out.write(struct.pack("<Q", buffer.tell()))
    out.write(buffer.getbuffer())
    out.flush()


def send_rows(rows, out) -> None:
    """A sheet's rows as ("rows", [rows]) messages in chunks, a run of rows identical to the one before
    sent as ("repeat", how many more): a template's thousands of rows holding only "No" or 0 cost one."""
    chunk: list = []
    last, run = None, 0
    for row in rows:
        if row == last:
            run += 1
            continue
        if run:
            if chunk:
                _send(out, ("rows", chunk))
                chunk = []
            _send(out, ("repeat", run))
            run = 0
        chunk.append(row)
        last = row
        if len(chunk) == CHUNK_ROWS:
            _send(out, ("rows", chunk))
            chunk = []
    if chunk:
        _send(out, ("rows", chunk))
    if run:
        _send(out, ("repeat", run))


def stream_cells(data: bytes, out) -> None:
    """Every sheet, as messages on ``out``: ("sheet", name, first row number, first column index), then
    its rows (``send_rows``), and ("end",) after the last sheet."""
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        _send(out, ("sheet", name, start[0] + 1, start[1]))
        send_rows(sheet.to_python(skip_empty_area=True), out)
    _send(out, ("end",))


def csv_delimiter(text: str) -> str:
    """The separator the first lines use most: comma, semicolon (European Excel), tab or bar. The first
    30 lines with text are counted, not the first alone: a title row above the table has none.

    Only the separator is guessed: csv.Sniffer also guesses the quote character, and an apostrophe
    in the notes is enough for it to pick the wrong one and run rows together.
    """
    lines = [line for line in text[:200_000].splitlines()[:200] if line.strip()][:30]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def csv_text(data: bytes) -> str:
    """A CSV file's text, in any encoding Excel writes (``base.cleantext.decode_text``)."""
    return decode_text(data)


class Refused(Exception):
    """The file is not one a tracker can be; the message is the reason, for the caller's sentence."""


def stream_csv(data: bytes, out) -> None:
    """A CSV file as one sheet "CSV", in the same messages as ``stream_cells``. Rows are never padded:
    trailing empty cells are dropped, and a row wider than Excel's 16,384 columns refuses the file."""
    if text_encoding(data) is None and b"\x00" in data[:65536]:
        raise Refused("binary")
    text = csv_text(data)
    csv.field_size_limit(10_000_000)
    _send(out, ("sheet", "CSV", 1, 0))
    _send(out, ("controls", bool(ILLEGAL.search(text))))
    # an export or a write-back wrote text that starts like a formula with an apostrophe before it
    escaped = any("'" + t in text for t in FORMULA_TRIGGERS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text), quotechar='"')

    def rows():
        for number, row in enumerate(reader, start=1):
            if len(row) > MAX_COLUMNS:
                raise Refused(f"wide {number} {len(row)}")
            if number > MAX_ROWS:
                raise Refused("long")
            while row and row[-1] == "":
                row.pop()
            yield [unneutralise(c) for c in row] if escaped else row
    send_rows(rows(), out)
    _send(out, ("end",))


def stream_paper(data: bytes, out, kind: str) -> None:
    """A committee paper (.docx or PDF) as sheets: its front page, then each table (bvdata.read.paper),
    in the same messages as ``stream_cells``, with ("notes", [...]) and ("places", {row: page}) for a table."""
    from bvdata.read.paper import FRONT, PaperRefused, docx_tables, pdf_tables
    try:
        front, tables = (docx_tables if kind == "docx" else pdf_tables)(data)
    except PaperRefused as exc:
        raise Refused(str(exc)) from None
    _send(out, ("sheet", FRONT, 1, 0))
    send_rows([[line] for line in front], out)
    for table in tables:
        _send(out, ("sheet", table.name, 1, 0))
        if table.notes:
            _send(out, ("notes", list(table.notes)))
        if table.places:
            _send(out, ("places", dict(table.places)))
        if table.fills:
            _send(out, ("fills", [[r, c, h] for (r, c), h in table.fills.items()]))
        send_rows(table.rows, out)
    _send(out, ("end",))


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    kind = sys.argv[2] if len(sys.argv) > 2 else "spreadsheet"
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    out = sys.stdout.buffer
    try:
        if kind in ("docx", "pdf"):
            stream_paper(data, out, kind)
        else:
            (stream_csv if kind == "csv" else stream_cells)(data, out)
    except Refused as exc:
        _send(out, ("refused", str(exc)))
    except csv.Error as exc:
        _send(out, ("refused", f"csv {exc}"[:300]))
    except MemoryError:
        _send(out, ("error", "memory"))
    except Exception as exc:  # the reader's own complaint, passed back as text
        _send(out, ("error", f"{type(exc).__name__}: {exc}"[:500]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
