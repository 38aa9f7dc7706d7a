"""Readers for single cell values: due dates, completion percentages, ids and text.

Each returns the clean value, or ``UNREADABLE`` when the cell holds something that is not blank but
cannot be understood (the caller keeps the row, leaves the field missing and warns).
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from functools import lru_cache

UNREADABLE = object()

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_DMY_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+[\d:]+)?$")
_DMY_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)[\s\-/.,]*(\d{2}|\d{4})$")
_MY_NAME = re.compile(r"^([a-z]+)[\s\-/.,]*(\d{2}|\d{4})$")
# "Q1 2023", "Quarter 1 2023", "2023 Q1": a calendar quarter; "Q1 2023/24", "Q1 2023-24": a financial
# year's quarter, Q1 being April to June
_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])[\s,\-/]*(\d{4})(?:\s*[/\-]\s*(\d{2}|\d{4}))?$")
_QUARTER_AFTER = re.compile(r"^(\d{4})(?:\s*[/\-]\s*(\d{2}|\d{4}))?[\s,\-/]*(?:q|qtr|quarter)\s*([1-4])$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
# "2024/25", "2024-25", "FY 2024/25": a financial year, due by its end (31 March)
_FIN_YEAR = re.compile(r"^(?:fy\s*|financial year\s*)?(\d{4})\s*[/\-]\s*(\d{2}|\d{4})$")
# "by", "end of", "by the end of", "target:" before a date: the date is the same
_LEAD_IN = re.compile(r"^(?:(?:by|due|target|deadline|before)\b[\s:]*|(?:the\s+)?end\s+(?:of\s+)?)+", re.IGNORECASE)
# "December 2022 (revised to October 2023)", "31/12/22 - revised 30/06/23", "Revised: Oct 2023"
_REVISION = re.compile(r"^(.*?)[\s,;:(\[\-–]*\b(?:revised|rev|extended|re-?profiled|moved|amended|changed)\b"
                       r"(?:\s+(?:date|deadline|timescale))?(?:\s*(?:to|:|-|–))?\s*(.+?)[\s)\]]*$", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    if year >= 100:
        return year
    return year + 2000 if year < 30 else year + 1900  # Excel's own two-digit pivot: 1930-2029


def yearless_month(value) -> int | None:
    """The month of a timescale that names a month and no year ("end of March", "by Sept", "March"), else None."""
    if not isinstance(value, str):
        return None
    s = _LEAD_IN.sub("", value.strip().lower()).strip(" .")
    return _MONTHS.get(s)


def next_month_end(month: int, after: dt.date) -> dt.date:
    """The last day of ``month`` in the first year where that day is on or after ``after``."""
    for year in (after.year, after.year + 1):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        if end >= after:
            return end
    return end


def _safe_date(year: int, month: int, day: int):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return UNREADABLE


# How a date written as a period was read, for the validation report: "month", "quarter", "financial
# quarter" or "serial" (an Excel day number typed as text). ``date_reading`` gives it per text.
MONTH, QUARTER, FINANCIAL_QUARTER, SERIAL, FINANCIAL_YEAR = "month", "quarter", "financial quarter", "serial", \
    "financial year"


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _financial_quarter_end(start_year: int, quarter: int) -> dt.date:
    """Q1 of 2023/24 is April-June 2023; Q4 is January-March 2024."""
    return _quarter_end(start_year, quarter + 1) if quarter < 4 else _quarter_end(start_year + 1, 1)


def _follows(start: int, end_text: str | None) -> bool:
    """Is '24' (or '2024') the year after 2023, as a financial year's second half must be?"""
    if end_text is None:
        return True
    end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
    return end == start + 1


@lru_cache(maxsize=4096)
def date_reading(text: str) -> str | None:
    """How a date text was read when it names a period or a day number rather than a day, else None."""
    s = _LEAD_IN.sub("", text.strip().lower())
    if _SERIAL.match(s):
        return SERIAL
    if (m := _FIN_YEAR.match(s)) and _follows(int(m[1]), m[2]):
        return FINANCIAL_YEAR
    if m := _QUARTER.match(s):
        return FINANCIAL_QUARTER if m[3] else QUARTER
    if m := _QUARTER_AFTER.match(s):
        return FINANCIAL_QUARTER if m[2] else QUARTER
    if (m := _MY_NAME.match(s)) and m[1] in _MONTHS:
        return MONTH
    return None


def _parse_period(s: str):
    """A quarter or an Excel day number written as text; None when the text is neither."""
    if _SERIAL.match(s):
        return _serial_date(float(s))
    if (m := _FIN_YEAR.match(s)) and _follows(int(m[1]), m[2]):
        end = int(m[2]) if len(m[2]) == 4 else int(m[1]) // 100 * 100 + int(m[2])
        return dt.date(end, 3, 31)
    m = _QUARTER.match(s)
    if m:
        quarter, year, end = int(m[1]), int(m[2]), m[3]
    elif m := _QUARTER_AFTER.match(s):
        year, end, quarter = int(m[1]), m[2], int(m[3])
    else:
        return None
    if end is None:
        return _quarter_end(year, quarter)
    return _financial_quarter_end(year, quarter) if _follows(year, end) else UNREADABLE


def _serial_date(value: float):
    """A date typed into a cell without a date format arrives as Excel's day count."""
    if 20_000 <= value <= 80_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return UNREADABLE


@lru_cache(maxsize=4096)
def _parse_date_text(text: str):
    s = _LEAD_IN.sub("", text.strip().lower()).strip(" .,")
    if (period := _parse_period(s)) is not None:
        return period
    if m := _ISO.match(s):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_NUM.match(s):  # UK files: always day first
        return _safe_date(_year(m[3]), int(m[2]), int(m[1]))
    if (m := _DMY_NAME.match(s)) and m[2] in _MONTHS:
        return _safe_date(_year(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := _MY_NAME.match(s)) and m[1] in _MONTHS:  # "March 2022": due by the end of that month
        year, month = _year(m[2]), _MONTHS[m[1]]
        return _safe_date(year, month, calendar.monthrange(year, month)[1])
    return UNREADABLE


@lru_cache(maxsize=1)
def _no_date_words() -> frozenset[str]:
    from ...base.vocab import VOCAB_DIR, normalise, read_table
    return frozenset(normalise(r["word"]) for r in read_table(VOCAB_DIR / "no_date_words.csv"))


def no_date_word(value) -> bool:
    """Does a timescale cell say the item has no due date ("Ongoing", "Complete"; vocab/no_date_words.csv)?"""
    if not isinstance(value, str):
        return False
    from ...base.vocab import normalise
    return normalise(value) in _no_date_words()


def split_revision(text) -> tuple | None:
    """(the original date or None, the revised date) of a timescale written with its revision, such as
    "December 2022 (revised to October 2023)" or "Revised: Oct 2023"; None when it is not one (both parts
    must read as dates, the original may be blank)."""
    if not isinstance(text, str) or not (m := _REVISION.match(text.strip())):
        return None
    revised = parse_date(m[2])
    original = parse_date(m[1].strip(" ,;:-–(")) if m[1].strip(" ,;:-–(") else None
    if revised is None or revised is UNREADABLE or original is UNREADABLE:
        return None
    return original, revised


def parse_date(value):
    """A due date from a cell: a date, None for a blank, or UNREADABLE."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return UNREADABLE
    if isinstance(value, (int, float)):
        return _serial_date(value) if math.isfinite(value) else UNREADABLE
    if isinstance(value, str):
        if not value.strip():
            return None
        return _parse_date_text(value)
    return UNREADABLE


# Completion: a cell gives either an explicit percentage ("75%", "Complete") or a bare number whose
# scale (0-1 fraction or 0-100) is decided for the whole column by ``completion_scale``.
PERCENT = "percent"
NUMBER = "number"


WORD = "word"


@lru_cache(maxsize=1024)
def _parse_completion_text(text: str):
    s = text.strip().lower()
    explicit = s.endswith("%")
    s = s.rstrip("%").strip()
    try:
        number = float(s)
    except ValueError:
        # a word such as "Complete" in a % column: read by the progress vocabulary (bvdata.read.cells.progress)
        return (WORD, text.strip()) if re.search(r"[a-z✓✔☑✗✘☒]", s) else UNREADABLE      # ticks are words too
    if math.isnan(number) or math.isinf(number):
        return UNREADABLE
    return (PERCENT, number) if explicit else (NUMBER, number)


def parse_completion(value):
    """(kind, number) for a completion cell, (WORD, text) for a word, None for a blank, or UNREADABLE."""
    if value.__class__ is float:  # the common case: Excel's percentage cells
        return (NUMBER, value) if math.isfinite(value) else UNREADABLE
    if value is None or value == "":
        return None
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return UNREADABLE
    if isinstance(value, (int, float)):
        if math.isnan(value) or math.isinf(value):
            return UNREADABLE
        return (NUMBER, float(value))
    if isinstance(value, str):
        if not value.strip():
            return None
        return _parse_completion_text(value)
    return UNREADABLE


def completion_scale(numbers) -> float:
    """100 when a column's bare numbers are 0-1 fractions (Excel's % format), else 1.

    Any bare number above 1 means the analyst typed whole percentages.
    """
    return 1.0 if any(n > 1 for n in numbers) else 100.0


def to_percent(parsed, scale: float):
    """A parsed completion as 0-100, or UNREADABLE when it lies outside 0-100."""
    kind, number = parsed
    if kind == NUMBER:
        # in a column of whole percentages a stray 0.75 is still a fraction
        number = number * 100 if (scale == 100.0 or 0 < number < 1) else number
    if number < 0 or number > 100:
        return UNREADABLE
    return round(number, 6)


def format_id(value) -> str | None:
    """An action id written as in the file: 14.0 becomes '14', text is trimmed."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    text = str(value).strip()
    return text or None


def format_text(value) -> str | None:
    """Free text from a cell; numbers keep their written form (67.0 -> '67'), blanks are None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return format_id(value)
