"""Text typed by a person or read from a file, made safe where it enters and where it leaves.

XML 1.0 (and so every .xlsx and .docx) forbids most C0 control characters, lone surrogates and
U+FFFE/U+FFFF: a vertical tab pasted from another program is enough to make a workbook unwritable.
They are removed where text enters the store (a tracker's cells, an officer's update) and again by
every writer, so that no writer depends on its caller having cleaned. A cell that starts with a
formula trigger is never written as a formula.
"""
from __future__ import annotations

import re

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what makes Excel (or LibreOffice) read a cell as a formula: OWASP "CSV Injection"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_CELL_LIMIT = 32_767       # characters in one Excel cell; Excel cuts anything longer


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return ILLEGAL.sub("", text) if ILLEGAL.search(text) else text


def clean_value(value):
    """A value with any text cleaned; other values as they are."""
    return clean(value) if isinstance(value, str) else value


def clean_optional(text: str | None) -> str | None:
    """Stripped and cleaned text, or None for nothing."""
    if text is None:
        return None
    text = clean(str(text)).strip()
    return text or None


def removed(before: str) -> str:
    """The characters ``clean`` takes out of ``before``, named for a warning: 'U+000B, U+0001'."""
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in ILLEGAL.findall(before)}))


def describe_removal(before: str) -> str:
    """The warning's sentence for a cell that held characters XML forbids."""
    return (f"This cell held {removed(before)}, control characters a workbook cannot hold; they were "
            "removed and the rest of its text is kept.")


def clean_frame(frame):
    """A copy of a DataFrame with every text cell cleaned (the writers' own guard)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or str(values.dtype) == "str" or "string" in str(values.dtype):
            out[column] = values.map(lambda v: clean(v) if isinstance(v, str) else v)
    return out


def clean_rows(rows: list[list]) -> list[tuple[int, int, str]]:
    """Clean every text cell of a grid in place: (row index, column index, text as it was) for each
    cell changed. Each row's text is searched at once first: almost every row has nothing to clean."""
    changed = []
    for i, row in enumerate(rows):
        texts = [v for v in row if v.__class__ is str]
        if not texts or not ILLEGAL.search("\n".join(texts)):
            continue
        for j, v in enumerate(row):
            if v.__class__ is str and ILLEGAL.search(v):
                row[j] = ILLEGAL.sub("", v)
                changed.append((i, j, v))
    return changed


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def text_encoding(data: bytes) -> str | None:
    """How a text file (a CSV, or Excel's "Unicode Text", tab-separated UTF-16) is encoded: its byte-order
    mark's, else UTF-16 without one where every other byte of its start is zero, else None (UTF-8 or a
    Windows code page, tried in turn by ``decode_text``)."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding
    head = data[:4096]
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """A text file's text: by its byte-order mark or its UTF-16 pattern, else UTF-8, else Windows-1252,
    else Latin-1 (which reads any bytes)."""
    encoding = text_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            return data.decode(encoding, "replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


MAX_ID_DIGITS = 18         # a plan's, snapshot's or update's id: far more than any store will hold


def whole_number(text: object, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """A whole number typed or passed in a link ('12'), or None: only the digits 0-9 (never '²' or other
    digits that ``str.isdigit`` accepts and ``int`` refuses), and at most ``max_digits`` of them (Python
    refuses to read a 5,000-digit number)."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not value or len(value) > max_digits or not value.isascii() or not value.isdecimal():
        return None
    return int(value)


CUT_MARK = " … [cut at Excel's 32,767-character cell limit]"


def fit_cell(text: str) -> str:
    """Text that fits one Excel cell: longer text is cut, and says so."""
    return text if len(text) <= EXCEL_CELL_LIMIT else text[: EXCEL_CELL_LIMIT - len(CUT_MARK)] + CUT_MARK


def neutralise(value):
    """A cell value that no spreadsheet program will run: text starting with a formula trigger gets a
    leading apostrophe. Other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(value):
    """The text an export or a write-back wrote as ``neutralise(value)``, read back as it was."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
