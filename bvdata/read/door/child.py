"""The reader child, seen from the app: it starts the program that reads a file's cells in another
process (bvdata.read.door.child_main) under a memory cap and a time limit, takes its cells as they come, and
turns whatever went wrong into one sentence. A reader that crashes takes only the child down."""
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
from pathlib import Path

from ...base.errors import TrackerError
from ..cells.grid import Grid
from ..formats import format_named

READER_MEMORY_MB = int(os.environ.get("BVDATA_READER_MEMORY_MB", "3072"))


MAX_MESSAGE_BYTES = 1 << 30               # one chunk of rows from the child; far past any real one


READER_TIMEOUT_S = float(os.environ.get("BVDATA_READER_TIMEOUT_S", "60"))


CHILD_PROGRAM = Path(__file__).with_name("child_main.py")


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


class ReaderChild:
    """The reader child at work on one file: its process, a thread that feeds it the bytes, a thread
    that takes its messages as they come (so the cells are unpickled while the child converts more),
    and its time limit. ``finish`` gives the grids, or the refusal in one sentence."""

    def __init__(self, data: bytes, kind: str = "spreadsheet"):
        """Start the child on ``data`` (a spreadsheet, or ``kind`` "csv", "docx" or "pdf"). ``-P``: the child's own folder
        is never put on its import path."""
        self.kind = kind
        self.proc, self.taker, self.result, self.timer, self.messages = _start(data, kind)

    def finish(self, name: str, meanwhile=None) -> list[Grid]:
        """The child's grids; ``meanwhile()`` runs here while it reads, and if it raises, the child is
        ended and its error stands."""
        return _finish(self, name, meanwhile)


def _start(data: bytes, kind: str):
    proc = subprocess.Popen([sys.executable, "-P", str(CHILD_PROGRAM), str(READER_MEMORY_MB), format_named(kind).module],
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
    sheets: list[dict] = []
    while True:
        body = messages.get()
        if body is None:
            return {"broken": True, "sheets": sheets}
        try:
            message = _PlainValues(io.BytesIO(body)).load()
        except Exception:                     # not ours: refused, never guessed at
            return {"broken": True, "sheets": sheets}
        if message[0] == "sheet":
            sheets.append({"sheet": message[1], "first_row": message[2], "first_col": message[3], "rows": []})
        elif message[0] == "rows" and sheets:
            sheets[-1]["rows"].extend(message[1])
        elif message[0] == "repeat" and sheets and sheets[-1]["rows"] and isinstance(message[1], int):
            rows = sheets[-1]["rows"]
            sheets[-1].setdefault("repeats", {})[len(rows) - 1] = message[1]
            last = rows[-1]                           # each a list of its own: cells are cleaned in place
            rows.extend(list(last) for _ in range(message[1]))
        elif message[0] == "notes" and sheets and isinstance(message[1], list):
            sheets[-1]["notes"] = [str(n) for n in message[1]]
        elif message[0] == "places" and sheets and isinstance(message[1], dict):
            sheets[-1]["places"] = {int(k): int(v) for k, v in message[1].items()}
        elif message[0] == "fills" and sheets and isinstance(message[1], list):
            sheets[-1]["fills"] = {(int(r), int(c)): str(h)[:8] for r, c, h in message[1]}
        elif message[0] == "controls" and sheets:
            sheets[-1]["controls"] = bool(message[1])
        elif message[0] == "refused":
            return {"refused": str(message[1]), "sheets": sheets}
        elif message[0] == "end":
            return {"ok": True, "sheets": sheets}
        elif message[0] == "error":
            return {"error": str(message[1]), "sheets": sheets}
        else:
            return {"broken": True, "sheets": sheets}


def _without_collection(work, *args):
    """``work(*args)`` with the cyclic garbage collector paused: unpickling a sheet makes hundreds of
    thousands of cells, none of them in a cycle, and each collection it set off would walk them all again
    (a third of the read of a 9,000-row template)."""
    import gc
    was = gc.isenabled()
    gc.disable()
    try:
        return work(*args)
    finally:
        if was:
            gc.enable()


def _finish(child: ReaderChild, name: str, meanwhile) -> list[Grid]:
    proc, taker, result, timer, messages = child.proc, child.taker, child.result, child.timer, child.messages
    try:
        if meanwhile is not None:
            meanwhile()
    except BaseException:
        timer.cancel()
        proc.kill()
        taker.join(10)
        proc.wait()
        raise
    result.update(_without_collection(_take_messages, messages))
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
        raise TrackerError(_reader_complaint(name, result["error"], child.kind))
    if returncode != 0 or not result.get("ok"):
        raise TrackerError(
            f"{name} could not be read safely: the reader gave up on it, usually because a sheet "
            "declares cells far beyond any real table (such as XFD1048576) or the file is damaged."
        )
    return [Grid(**sheet) for sheet in result["sheets"]]


def _reader_complaint(name: str, detail: str, kind: str = "spreadsheet") -> str:
    lowered = detail.lower()
    if detail == "memory":
        return f"{name} needs more memory to read than any real tracker would; it was not read."
    if "password" in lowered or "encrypt" in lowered:
        return f"{name} is password-protected; remove the password in Excel and upload it again."
    return f"{name} could not be read as {format_named(kind).what}; it may be damaged ({detail[:120]})."


# the reader child's reasons for refusing a file (bvdata.read.formats.wire.Refused: a word, then numbers),
# as the sentence the analyst reads; {n0}, {n1} are the numbers with thousands separators
REFUSALS = {
    "binary": "{name} is not a spreadsheet or a CSV file (it holds binary data).",
    "wide": "{name} is not a tracker: row {n0} has {n1} columns, more than the 16,384 a spreadsheet can hold; "
            "it was not read.",
    "long": "{name} has more than the 1,048,576 rows a spreadsheet can hold; it was not read.",
    "scanned": "{name} is a scanned PDF with no text layer (its pages are pictures), so there is no table to read; "
               "ask for the Word version, or a PDF saved from Word.",
    "pages": "{name} has {n0} pages, far more than any committee paper; it was not read.",
    "bomb": "{name} holds a compressed stream that would unpack to far more than any committee paper (it looks "
            "like a decompression bomb); it was not read.",
    "objects": "{name} declares far more objects than any committee paper; it was not read.",
    "damaged": "{name} is damaged or not really a PDF; it could not be opened ({rest}).",
}


def _refusal(name: str, reason: str) -> str:
    """The sentence for a file the reader child refused (bvdata.read.formats.wire.Refused)."""
    kind, *detail = reason.split(" ")
    numbers = {f"n{k}": f"{int(d):,}" for k, d in enumerate(detail) if d.isdigit()}
    template = REFUSALS.get(kind, "{name} is not a readable CSV file ({whole}).")
    return template.format(name=name, rest=" ".join(detail)[:80], whole=" ".join(detail)[:160],
                           **{"n0": "", "n1": "", **numbers})
