"""The door for a tracker's bytes: hostile or broken files are refused before any parser sees them,
then the cells are read by the reader child (bvdata.read.door.child) and cleaned as they come in. A
spreadsheet, a CSV file, or a committee paper (Word .docx, or PDF: bvdata.read.formats.paper) is accepted.

The checks look at the container (size, zip directory and inflation, encryption) and stream every XML
part for entity declarations while the child reads. Every refusal is a ``TrackerError`` whose text is
one sentence for the analyst.
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...base.cleantext import clean, clean_rows, text_encoding
from ...base.errors import TrackerError
from .. import formats
from ..cells.grid import Grid
from .child import ReaderChild

MAX_FILE_BYTES = int(os.environ.get("BVDATA_MAX_FILE_MB", "100")) * 1024 * 1024
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024   # a 100,000-action tracker unzips to about 70 MB
MAX_ZIP_MEMBERS = 5_000
MAX_RATIO = 200                          # real spreadsheet parts compress 5-20x; bombs 1000x+



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
        archive, members, kind = _check_zip(data, name)
        child = ReaderChild(data, kind.kind)

        def finish() -> list[Grid]:
            # this process streams every XML part for entity declarations while the child reads; a
            # declaration found ends the child and refuses the file (the child never expands entities,
            # and runs under a memory cap and a time limit, so the overlap costs no safety)
            scan = _PartScan()
            grids = child.finish(name, lambda: _check_xml_parts(archive, members, name, scan))
            if scan.with_formulas:
                from ..formats.xlsx import formulas_without_values
                found = formulas_without_values(archive, scan.with_formulas)
                grids = [_with_formula_text(replace(g, formulas=found.get(g.sheet, {}))) for g in grids]
            for grid in grids:
                grid.controls = scan.escapes or "xl/workbook.xml" not in scan.names
                grid.fill_reader = _fill_reader(scan.names, data, grid.sheet)
            return grids
        return _Pending(data, finish)
    known, claimed = formats.by_magic(head), formats.by_suffix(suffix)     # the bytes decide; the name only explains
    if known is None and claimed is not None and not claimed.text:
        raise TrackerError(f"{name} is not {claimed.what}, although its name ends in {suffix}: "
                           "it may be damaged, or another kind of file renamed.")
    _refuse_ole2(data, name)
    if known is None and text_encoding(data) is None and b"\x00" in data[:65536]:   # UTF-16 text has zeros; binary data too
        raise TrackerError(f"{name} is not a spreadsheet or a CSV file (it holds binary data).")
    child = ReaderChild(data, (known or formats.plain_text()).kind)
    return _Pending(data, lambda: child.finish(name))


def _fill_reader(names: set[str], data: bytes, sheet: str):
    """What reads a sheet's cell fills, if needed (blank status cells), for an .xlsx or an .ods; else None."""
    from functools import partial
    if "xl/styles.xml" in names:
        from ..formats.xlsx import xlsx_fills
        return partial(xlsx_fills, data, sheet)
    if "content.xml" in names and "mimetype" in names:
        from ..formats.ods import ods_fills
        return partial(ods_fills, data, sheet)
    return None


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the container of old Office files (.xls, .doc)


def _refuse_ole2(data: bytes, name: str) -> None:
    """An old Office container that is not a spreadsheet (a .doc) or is encrypted is refused here."""
    if not data.startswith(_OLE2):
        return
    if "WordDocument".encode("utf-16-le") in data[:65536]:
        raise TrackerError(f"{name} is an old Word document (.doc); save it as .docx in Word and upload that.")
    if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536]:
        raise TrackerError(
            f"{name} is password-protected; remove the password in Excel "
            "(File > Info > Protect Workbook) and upload it again."
        )


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
    if "ppt/presentation.xml" in names:
        raise TrackerError(f"{name} is a PowerPoint file, not a spreadsheet.")
    kind = formats.by_zip(names)
    if kind is None:
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
    return archive, members, kind


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
                if _holds(text, edge, b"<!", _DECLARATIONS):
                    return True, formula, escapes
                formula = formula or _holds(text, edge, b"<f", _FORMULA)
                escapes = escapes or _holds(text, edge, b"_x", _ESCAPES)
                tail = text[-16:]
                chunk = fh.read(_CHUNK)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, zlib.error):
        raise TrackerError(
            f"{name} is damaged or incomplete (a part of it cannot be unpacked); "
            "open it in Excel, save it again and upload the new copy."
        ) from None
    return False, formula, escapes


def _holds(text: bytes, edge: bytes, prefix: bytes, markers: tuple[bytes, ...]) -> bool:
    """Does the chunk (or the edge across the chunk before) hold any of ``markers``, which all begin with
    ``prefix``? The prefix is looked for first: one pass over a megabyte instead of one per marker."""
    if prefix not in text and prefix not in edge:
        return False
    return any(marker in text or marker in edge for marker in markers)


def _with_formula_text(grid: Grid) -> Grid:
    """Put the text of each formula that has no saved value where the reader left the cell empty
    (the sheet may not reach that far: it is widened, never dropped). Rows that were alike may differ now."""
    if grid.formulas:
        grid.repeats = {}
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


