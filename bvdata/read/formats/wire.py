"""The reader child's messages: each is its length (8 bytes, little-endian), then its pickle of plain
values. A format's ``stream`` sends ("sheet", name, first row number, first column index), then the
sheet's rows (``send_rows``), with ("notes", …), ("places", …), ("fills", …) or ("controls", …) for what
it noted about the sheet, and ("end",) after the last. ``bvdata.read.door.child`` takes them."""
from __future__ import annotations

import io
import pickle
import struct

CHUNK_ROWS = 2_000     # rows per message: the caller unpickles one while the next is converted
MAX_COLUMNS = 16_384   # Excel's widest sheet (XFD): a wider CSV row is refused, never padded
MAX_ROWS = 1_048_576   # Excel's longest sheet


class Refused(Exception):
    """The file is not one a tracker can be; the message is the reason (a word, then numbers), which
    ``bvdata.read.door.child.REFUSALS`` turns into the analyst's sentence."""


def send(out, message) -> None:
    """One message. No memo: cell values are never shared, and without it both ends are 20-30 % quicker."""
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
                send(out, ("rows", chunk))
                chunk = []
            send(out, ("repeat", run))
            run = 0
        chunk.append(row)
        last = row
        if len(chunk) == CHUNK_ROWS:
            send(out, ("rows", chunk))
            chunk = []
    if chunk:
        send(out, ("rows", chunk))
    if run:
        send(out, ("repeat", run))
