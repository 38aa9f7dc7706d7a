"""The date an update is for ("as at"), from a title row, a sheet name or the file name, with where
it was found, so the validation report can say so and the analyst can correct it."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ...base.vocab import VOCAB_DIR, read_table
from ..cells.values import UNREADABLE, parse_date

# date-like pieces of text, most specific first: "14 February 2022", "14/02/2022", "2022-02-14", "February 2022"
_DATES = (
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Za-z]{3,9}\.?,?[\s\-]+\d{4}\b"),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b[A-Za-z]{3,9}\.?\s+\d{4}\b"),
)


@lru_cache(maxsize=1)
def _phrases() -> re.Pattern:
    words = sorted((r["phrase"] for r in read_table(VOCAB_DIR / "as_at_phrases.csv")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


def find_date(text: str) -> dt.date | None:
    """The first whole date written in a piece of text, or None."""
    for pattern in _DATES:
        for m in pattern.finditer(text):
            d = parse_date(m.group(0).replace(",", " ").replace(".", " " if pattern is _DATES[0] else "."))
            if d is not None and d is not UNREADABLE:
                return d
    return None


def as_at_in_text(text: str) -> dt.date | None:
    """'Position as at 31 March 2022' -> 31 March 2022: a date after one of the as-at phrases."""
    m = _phrases().search(text)
    return find_date(text[m.end():]) if m else None


def before_as_at(text: str) -> str | None:
    """What a title row says before its as-at phrase ("Best Value plan 2021" of "Best Value plan 2021 as at
    1 June 2023"), or None when that is not a name: fewer than three words ("Position", "Progress update")."""
    found = _phrases().search(text)
    head = (text[:found.start()] if found else text).strip(" \t,;:-–—(")
    return head if len(head.split()) >= 3 else None


def as_at_in_row(row: list) -> dt.date | None:
    """A date declared in a title row: in the same cell as the phrase, or in the next filled cell."""
    for j, cell in enumerate(row):
        if not isinstance(cell, str) or not _phrases().search(cell):
            continue
        found = as_at_in_text(cell)
        if found is not None:
            return found
        for later in row[j + 1:]:
            if later != "":
                d = parse_date(later)
                if d is not None and d is not UNREADABLE:
                    return d
                break
    return None


def as_at_in_name(name: str) -> dt.date | None:
    """A date in a sheet or file name: 'Update 14 Feb 2022', 'bv_tracker_2022-02-14.xlsx'."""
    return find_date(re.sub(r"[_]+", " ", name))


def restate(text: str, when: dt.date) -> str | None:
    """'Progress update as at 14 February 2022' -> '… as at 23 November 2026': the text with the date
    after its as-at phrase replaced, or None when the text declares no date of its own."""
    m = _phrases().search(text)
    if not m or as_at_in_text(text) is None:
        return None
    rest = text[m.end():]
    for pattern in _DATES:
        for found in pattern.finditer(rest):
            d = parse_date(found.group(0).replace(",", " ").replace(".", " " if pattern is _DATES[0] else "."))
            if d is not None and d is not UNREADABLE:
                start, end = m.end() + found.start(), m.end() + found.end()
                return f"{text[:start]}{when.day} {when:%B %Y}{text[end:]}"
    return None
