"""CSV and tab-separated text, in any encoding Excel writes (``base.cleantext.decode_text``): parsed in
the reader child too, under its memory cap and time limit, so a 1 MB file of commas never becomes
gigabytes of cells in the app. The format of any file nothing else claims."""
from __future__ import annotations

import csv
import io

from ...base.cleantext import FORMULA_TRIGGERS, ILLEGAL, decode_text, text_encoding, unneutralise
from . import Format
from .wire import MAX_COLUMNS, MAX_ROWS, Refused, send, send_rows


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


def stream_csv(data: bytes, out) -> None:
    """A CSV file as one sheet "CSV", in the messages of ``wire``. Rows are never padded: trailing empty
    cells are dropped, and a row wider than Excel's 16,384 columns refuses the file."""
    if text_encoding(data) is None and b"\x00" in data[:65536]:
        raise Refused("binary")
    text = decode_text(data)
    csv.field_size_limit(10_000_000)
    send(out, ("sheet", "CSV", 1, 0))
    send(out, ("controls", bool(ILLEGAL.search(text))))
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
    try:
        send_rows(rows(), out)
    except csv.Error as exc:
        raise Refused(f"csv {exc}"[:300]) from None
    send(out, ("end",))


FORMAT = Format("csv", "a CSV or Unicode text file", stream_csv, suffixes=(".csv", ".txt", ".tsv"), text=True, rank=1)
