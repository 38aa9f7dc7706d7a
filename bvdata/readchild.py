"""Reads a spreadsheet's cells in a child process, so a reader crash cannot take the caller down.

Run as a script by ``bvdata.safe_read`` (never imported by the app): the file's bytes arrive on
stdin, a pickle of plain values leaves on stdout. The fast Rust reader aborts the whole process on
some malformed files (a cell at XFD1048576 makes it ask for 512 GB), so it must never run in the
dashboard's own process. Only the standard library and python_calamine are imported here, to keep
the start-up cheap.
"""
from __future__ import annotations

import io
import pickle
import resource
import struct
import sys


def _limit_memory(megabytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


CHUNK_ROWS = 2_000     # rows per message: the caller unpickles one while the next is converted


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


def stream_cells(data: bytes, out) -> None:
    """Every sheet, as messages on ``out``: ("sheet", name, first row number, first column index), then
    ("rows", [rows of cell values]) in chunks, and ("end",) after the last sheet."""
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        _send(out, ("sheet", name, start[0] + 1, start[1]))
        rows = sheet.to_python(skip_empty_area=True)
        for i in range(0, len(rows), CHUNK_ROWS):
            _send(out, ("rows", rows[i:i + CHUNK_ROWS]))
    _send(out, ("end",))


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    out = sys.stdout.buffer
    try:
        stream_cells(data, out)
    except MemoryError:
        _send(out, ("error", "memory"))
    except Exception as exc:  # the reader's own complaint, passed back as text
        _send(out, ("error", f"{type(exc).__name__}: {exc}"[:500]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
