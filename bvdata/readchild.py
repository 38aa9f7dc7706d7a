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
import sys


def _limit_memory(megabytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def read_cells(data: bytes) -> list[tuple[str, int, int, list[list]]]:
    """Every sheet as (name, first row number, first column index, rows of cell values)."""
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        rows = sheet.to_python(skip_empty_area=True)
        sheets.append((name, start[0] + 1, start[1], rows))
    return sheets


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    try:
        result = ("ok", read_cells(data))
    except MemoryError:
        result = ("error", "memory")
    except Exception as exc:  # the reader's own complaint, passed back as text
        result = ("error", f"{type(exc).__name__}: {exc}"[:500])
    # no memo: cell values are never shared, and without it both ends are 20-30 % quicker
    pickler = pickle.Pickler(sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(result)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
