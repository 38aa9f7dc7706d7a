"""Turns an uploaded file's bytes into grids of cells, refusing hostile or broken files first.

The checks look at the container before any parser does (size, zip directory, XML prologues,
encryption), then the cells are read in a child process with a memory cap and a time limit.
Every refusal is a ``TrackerError`` whose text is one sentence for the analyst.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .cleantext import clean, clean_rows
from .errors import TrackerError

MAX_FILE_BYTES = int(os.environ.get("BVDATA_MAX_FILE_MB", "100")) * 1024 * 1024
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024   # a 100,000-action tracker unzips to about 70 MB
MAX_ZIP_MEMBERS = 5_000
MAX_RATIO = 200                          # real spreadsheet parts compress 5-20x; bombs 1000x+
READER_MEMORY_MB = int(os.environ.get("BVDATA_READER_MEMORY_MB", "3072"))
MAX_MESSAGE_BYTES = 1 << 30               # one chunk of rows from the child; far past any real one
READER_TIMEOUT_S = float(os.environ.get("BVDATA_READER_TIMEOUT_S", "60"))

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_CHILD = Path(__file__).with_name("readchild.py")


@dataclass
class Grid:
    """One sheet's cells. ``rows[i][j]`` is the cell at spreadsheet row ``first_row + i``,
    column index ``first_col + j`` (0-based, so 0 is column A). Empty cells are ''."""

    sheet: str
    first_row: int
    first_col: int
    rows: list[list]
    formulas: dict = field(default_factory=dict)   # (row number, column index) -> text, where no value was saved
    # may a text cell hold a character XML forbids (bvdata.cleantext)? False only when the file was
    # searched and has none, so that the reader looks at each cell only when it must
    controls: bool = True
    cleaned: list = field(default_factory=list)   # (row number, column index, text as it was) per cell cleaned


def cell(row: list, j: int):
    """The cell at index ``j`` of a row, '' beyond its end: CSV rows are never padded to the widest."""
    return row[j] if j < len(row) else ""


def read_grids(data: bytes, filename: str) -> list[Grid]:
    """All sheets of a tracker file, or a ``TrackerError`` saying in one sentence why not."""
    pending = _PREFETCHED.pop((Path(filename).name, len(data)), None)
    if pending is None or pending.data != data:
        pending = begin_read(data, filename)
    return [_cleaned(grid) for grid in pending.finish()]


def _cleaned(grid: Grid) -> Grid:
    """The grid with every character XML forbids taken out of its text cells, each cell noted in
    ``grid.cleaned``; a grid the scan found none in is not looked at cell by cell."""
    if grid.controls:
        grid.sheet = clean(grid.sheet)
        grid.cleaned = [(grid.first_row + i, j, before) for i, j, before in clean_rows(grid.rows)]
        grid.controls = False
    return grid


def prefetch(path: str) -> None:
    """Start reading the file at ``path`` now, in the reader child, so that it reads while this process
    does other work (the command line imports pandas meanwhile); ``read_grids`` of the same bytes then
    takes the result. A file that cannot be opened, or is refused, is left for ``read_grids`` to report."""
    try:
        data = Path(path).read_bytes()
        _PREFETCHED[(Path(path).name, len(data))] = begin_read(data, Path(path).name)
    except (OSError, TrackerError):
        pass


class _Pending:
    """A read under way: the reader child started, and the work to do here while it reads."""

    def __init__(self, data: bytes, finish):
        self.data, self._finish = data, finish

    def finish(self) -> list[Grid]:
        return self._finish()


_PREFETCHED: dict[tuple[str, int], _Pending] = {}


def begin_read(data: bytes, filename: str) -> _Pending:
    """Check the container and start the reader child; ``.finish()`` gives the grids (or the refusal)."""
    name = Path(filename).name or "the file"
    suffix = Path(filename).suffix.lower()
    if len(data) == 0:
        raise TrackerError(f"{name} is empty: there is nothing in it to read.")
    if len(data) > MAX_FILE_BYTES:
        raise TrackerError(
            f"{name} is {len(data) / 1e6:.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB a tracker "
            "can be; save it without embedded pictures or attachments and try again."
        )
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        archive, members = _check_zip(data, name)
        child = _start_child(data)

        def finish() -> list[Grid]:
            # this process streams every XML part for entity declarations while the child reads; a
            # declaration found ends the child and refuses the file (the child never expands entities,
            # and runs under a memory cap and a time limit, so the overlap costs no safety)
            scan = _PartScan()
            grids = _finish_child(child, name, lambda: _check_xml_parts(archive, members, name, scan))
            if scan.with_formulas:
                from .formulas import formulas_without_values
                found = formulas_without_values(archive, scan.with_formulas)
                grids = [_with_formula_text(Grid(g.sheet, g.first_row, g.first_col, g.rows, found.get(g.sheet, {})))
                         for g in grids]
            for grid in grids:
                grid.controls = scan.escapes or "xl/workbook.xml" not in scan.names
            return grids
        return _Pending(data, finish)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536]:
            raise TrackerError(
                f"{name} is password-protected; remove the password in Excel "
                "(File > Info > Protect Workbook) and upload it again."
            )
        child = _start_child(data)
        return _Pending(data, lambda: _finish_child(child, name))
    if suffix in SPREADSHEET_SUFFIXES:
        raise TrackerError(
            f"{name} is not a spreadsheet, although its name ends in {suffix}: "
            "it may be damaged, or another kind of file renamed."
        )
    if b"\x00" in data[:65536]:
        raise TrackerError(f"{name} is not a spreadsheet or a CSV file (it holds binary data).")
    child = _start_child(data, "csv")
    return _Pending(data, lambda: _finish_child(child, name))


def _check_zip(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise TrackerError(
            f"{name} is damaged or incomplete (it may not have finished saving or uploading); "
            "open it in Excel, save it again and upload the new copy."
        ) from None
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        raise TrackerError(f"{name} is a Word document, not a spreadsheet.")
    if "ppt/presentation.xml" in names:
        raise TrackerError(f"{name} is a PowerPoint file, not a spreadsheet.")
    is_excel = "xl/workbook.xml" in names or "xl/workbook.bin" in names
    is_ods = "content.xml" in names and "mimetype" in names
    if not (is_excel or is_ods):
        raise TrackerError(f"{name} is a zip archive but not a spreadsheet.")
    if len(members) > MAX_ZIP_MEMBERS:
        raise TrackerError(f"{name} holds {len(members):,} parts, far more than any real tracker; it was not read.")
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1_000_000), default=0)
    if total > MAX_UNZIPPED_BYTES or worst > MAX_RATIO:
        raise TrackerError(
            f"{name} would unpack to {total / 2**20:,.0f} MB, far past any real tracker "
            "(it looks like a zip bomb); it was not read."
        )
    return archive, members


@dataclass
class _PartScan:
    """What the XML scan found besides declarations: the worksheets holding a formula, and whether any
    text escapes a control character (Excel writes a vertical tab as _x000B_)."""
    with_formulas: set = field(default_factory=set)
    escapes: bool = False
    names: set = field(default_factory=set)


def _check_xml_parts(archive: zipfile.ZipFile, members, name: str, scan: _PartScan) -> None:
    """Refuse any XML part that declares a DOCTYPE or an ENTITY; note the worksheets holding a formula
    and whether any cell text escapes a control character."""
    scan.names = {m.filename for m in members}
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        declares, formula, escapes = _scan_part(archive, member, name)
        if formula and member.filename.startswith("xl/worksheets/"):
            scan.with_formulas.add(member.filename)
        scan.escapes = scan.escapes or escapes
        if declares:
            raise TrackerError(
                f"{name} contains XML entity declarations, which spreadsheets never need "
                "(it looks like an XML bomb); it was not read."
            )


_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_FORMULA = (b"<f>", b"<f ")
# how OOXML escapes a character XML cannot hold (a control character, a surrogate, U+FFFE/U+FFFF)
_ESCAPES = (b"_x00", b"_xD", b"_xd", b"_xF", b"_xf")
_CHUNK = 1 << 20


def wide_codec(first: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for an XML part written in UTF-16 (from its first bytes), else None."""
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(first) > 1 and b"\x00" in first[:4]):
        return "utf-16-be" if first[:2] == b"\xfe\xff" or first[:1] == b"\x00" else "utf-16-le"
    return None


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> tuple[bool, bool, bool]:
    """(declares a DOCTYPE or an ENTITY, holds a formula, escapes a control character) for one XML
    part. The whole part is streamed,
    a megabyte at a time with an overlap, so a declaration after a long comment is still found.
    A part in UTF-16 (a spreadsheet's are UTF-8) is decoded first, so it cannot hide one."""
    formula = escapes = False
    try:
        with archive.open(member) as fh:
            first = fh.read(_CHUNK)
            codec = wide_codec(first)
            tail = b""
            chunk = first
            while chunk:
                text = chunk
                if codec:
                    text = chunk[: len(chunk) // 2 * 2].decode(codec, "ignore").encode("utf-8", "ignore")
                edge = tail + text[:16]          # a marker split across two chunks (no copy of the chunk)
                if any(marker in text or marker in edge for marker in _DECLARATIONS):
                    return True, formula, escapes
                formula = formula or any(marker in text or marker in edge for marker in _FORMULA)
                escapes = escapes or any(marker in text or marker in edge for marker in _ESCAPES)
                tail = text[-16:]
                chunk = fh.read(_CHUNK)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, zlib.error):
        raise TrackerError(
            f"{name} is damaged or incomplete (a part of it cannot be unpacked); "
            "open it in Excel, save it again and upload the new copy."
        ) from None
    return False, formula, escapes


class _PlainValues(pickle.Unpickler):
    """Only cell values come back from the child; refuse anything else a pickle could name."""

    # looked up in a table, not imported: a pickle without a memo names the class at every date cell
    _ALLOWED = {("datetime", "date"): dt.date, ("datetime", "datetime"): dt.datetime,
                ("datetime", "time"): dt.time, ("datetime", "timedelta"): dt.timedelta}

    def find_class(self, module, name):
        try:
            return self._ALLOWED[(module, name)]
        except (KeyError, TypeError):
            raise pickle.UnpicklingError(f"{module}.{name} is not a cell value") from None


def _start_child(data: bytes, kind: str = "spreadsheet"):
    """The reader child, started on ``data`` (a spreadsheet, or ``kind`` "csv"); a thread feeds it the
    bytes and another takes its messages (bvdata.readchild) as they come, so the cells are unpickled
    while the child converts more. ``-P``: the child's own folder is never put on its import path."""
    proc = subprocess.Popen([sys.executable, "-P", str(_CHILD), str(READER_MEMORY_MB), kind],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    result: dict = {}
    messages: queue.Queue = queue.Queue()

    def feed() -> None:
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except (OSError, ValueError):        # the child ended early: its answer (or silence) says why
            pass

    def take() -> None:
        # only the bytes here (reading a pipe leaves the interpreter free); they are unpickled by the
        # caller in _finish_child, so this never competes with what the caller does meanwhile
        try:
            while True:
                head = proc.stdout.read(8)
                if len(head) < 8:
                    break
                size = struct.unpack("<Q", head)[0]
                if size > MAX_MESSAGE_BYTES:
                    break
                body = proc.stdout.read(size)
                if len(body) < size:
                    break
                messages.put(body)
        except (OSError, ValueError):         # the child was ended below
            pass
        finally:
            messages.put(None)
            proc.stdout.close()

    def watchdog() -> None:
        result["timeout"] = True
        proc.kill()

    timer = threading.Timer(READER_TIMEOUT_S, watchdog)
    timer.daemon = True
    feeder, taker = threading.Thread(target=feed, daemon=True), threading.Thread(target=take, daemon=True)
    timer.start()
    feeder.start()
    taker.start()
    return proc, taker, result, timer, messages


def _take_messages(messages: queue.Queue) -> dict:
    """The child's sheets from its messages, unpickled here one at a time as they arrive."""
    sheets: list[list] = []
    while True:
        body = messages.get()
        if body is None:
            return {"broken": True, "sheets": sheets}
        try:
            message = _PlainValues(io.BytesIO(body)).load()
        except Exception:                     # not ours: refused, never guessed at
            return {"broken": True, "sheets": sheets}
        if message[0] == "sheet":
            sheets.append([*message[1:], []])
        elif message[0] == "rows" and sheets:
            sheets[-1][3].extend(message[1])
        elif message[0] == "controls" and sheets:
            sheets[-1].append(bool(message[1]))
        elif message[0] == "refused":
            return {"refused": str(message[1]), "sheets": sheets}
        elif message[0] == "end":
            return {"ok": True, "sheets": sheets}
        elif message[0] == "error":
            return {"error": str(message[1]), "sheets": sheets}
        else:
            return {"broken": True, "sheets": sheets}


def _finish_child(child, name: str, meanwhile=None) -> list[Grid]:
    """The child's grids; ``meanwhile()`` runs here while it reads, and if it raises, the child is
    ended and its error stands."""
    proc, taker, result, timer, messages = child
    try:
        if meanwhile is not None:
            meanwhile()
    except BaseException:
        timer.cancel()
        proc.kill()
        taker.join(10)
        proc.wait()
        raise
    result.update(_take_messages(messages))
    if not result.get("ok") and proc.poll() is None:       # a reply cut short or not ours: end the child
        proc.kill()
    taker.join()
    returncode = proc.wait()
    timer.cancel()
    if result.get("timeout"):
        raise TrackerError(
            f"{name} took longer than {READER_TIMEOUT_S:.0f} seconds to read and was abandoned; "
            "it is far larger or more complex than a tracker should be."
        )
    if "refused" in result:
        raise TrackerError(_refusal(name, result["refused"]))
    if "error" in result:
        raise TrackerError(_reader_complaint(name, result["error"]))
    if returncode != 0 or not result.get("ok"):
        raise TrackerError(
            f"{name} could not be read safely: the reader gave up on it, usually because a sheet "
            "declares cells far beyond any real table (such as XFD1048576) or the file is damaged."
        )
    return [Grid(sheet, first_row, first_col, rows, {}, *flags)
            for sheet, first_row, first_col, rows, *flags in result["sheets"]]


def _with_formula_text(grid: Grid) -> Grid:
    """Put the text of each formula that has no saved value where the reader left the cell empty
    (the sheet may not reach that far: it is widened, never dropped)."""
    for (row_number, column), text in grid.formulas.items():
        i, j = row_number - grid.first_row, column - grid.first_col
        if i < 0 or j < 0:
            continue
        while len(grid.rows) <= i:
            grid.rows.append([""] * (len(grid.rows[0]) if grid.rows else 0))
        row = grid.rows[i]
        if len(row) <= j:
            row.extend([""] * (j + 1 - len(row)))
        if row[j] in ("", None):
            row[j] = text
    if grid.formulas:
        width = max((len(r) for r in grid.rows), default=0)
        for row in grid.rows:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
    return grid


def _reader_complaint(name: str, detail: str) -> str:
    lowered = detail.lower()
    if detail == "memory":
        return f"{name} needs more memory to read than any real tracker would; it was not read."
    if "password" in lowered or "encrypt" in lowered:
        return f"{name} is password-protected; remove the password in Excel and upload it again."
    return f"{name} could not be read as a spreadsheet; it may be damaged ({detail[:120]})."


def _refusal(name: str, reason: str) -> str:
    """The sentence for a file the reader child refused (bvdata.readchild.Refused)."""
    kind, *detail = reason.split(" ")
    if kind == "binary":
        return f"{name} is not a spreadsheet or a CSV file (it holds binary data)."
    if kind == "wide":
        return (f"{name} is not a tracker: row {int(detail[0]):,} has {int(detail[1]):,} columns, more than the "
                "16,384 a spreadsheet can hold; it was not read.")
    if kind == "long":
        return f"{name} has more than the 1,048,576 rows a spreadsheet can hold; it was not read."
    return f"{name} is not a readable CSV file ({' '.join(detail)[:160]})."
