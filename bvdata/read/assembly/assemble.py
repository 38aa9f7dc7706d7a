"""Reads the raw cells of an action table, column by column, into clean values with warnings.

Each reader takes the raw column (a list of cell values, one per row) and a ``warn(i, field, value,
message)`` callback that names the row; it returns the clean column. Nothing here drops a row.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from functools import cache

from ...base.errors import Issue
from ...base.vocab import VOCAB_DIR, normalise, read_table
from ..cells.progress import (
    COMPLETE,
    IN_PROGRESS,
    NOT_STARTED,
    STATE_LABELS,
    WordMatch,
    disagreement,
    match_word,
    state_of,
)
from ..cells.values import (
    UNREADABLE,
    WORD,
    completion_scale,
    date_reading,
    format_text,
    next_month_end,
    no_date_word,
    parse_completion,
    parse_date,
    split_revision,
    to_percent,
    yearless_month,
)

DATE_FIELDS = ("due_date", "original_due_date", "revised_due_date", "completion_date")
# a word typed in a % column that says how far along in numbers too
_WORD_PERCENT = {COMPLETE: 100.0, NOT_STARTED: 0.0}
_READING_WORDS = {"month": "the last day of that month", "quarter": "the last day of that calendar quarter",
                  "financial quarter": "the last day of that quarter of the financial year (Q1 is April to June)",
                  "serial": "Excel's day number for that date",
                  "financial year": "the last day of that financial year (31 March)"}


def _filled(column: list) -> bool:
    """Does a raw column hold anything at all? (A field the table lacks arrives as all '' cells.)"""
    return column.count("") != len(column)


def read_dates(raw: dict[str, list], warn, issues: list[Issue], where, as_at: dt.date | None = None) -> dict[str, list]:
    """The date columns as dates (blank as None), and one note per kind of period read. A timescale written
    with its revision ("December 2022 (revised to October 2023)") gives the original and the revised date;
    one that says there is no date ("Ongoing", "Complete") is no due date, noted but never warned about; one
    naming a month and no year ("end of March") is the first end of that month on or after the update's date,
    and warned about, since the year is a guess."""
    readings: dict[str, list[str]] = defaultdict(list)
    first_at: dict[str, int] = {}
    revised_in_text: dict[int, dt.date] = {}
    out = {}
    for f in DATE_FIELDS:
        if not _filled(raw[f]):          # no such column (its cells are all ''): nothing to read
            out[f] = [None] * len(raw[f])
            continue
        column = []
        for i, v in enumerate(raw[f]):
            d = v if v.__class__ is dt.date else parse_date(v)
            if d is UNREADABLE and f != "completion_date" and (both := split_revision(v)) is not None:
                d = both[0]
                revised_in_text[i] = both[1]
                _noted(readings, first_at, "revision", v, i)
            elif d is UNREADABLE and no_date_word(v):
                d = None
                _noted(readings, first_at, "no date", v, i)
            elif d is UNREADABLE and as_at is not None and (month := yearless_month(v)) is not None:
                d = next_month_end(month, as_at)
                warn(i, f, v, f"This names a month but no year, so it is read as {d:%d %b %Y}, the first end of "
                     f"that month on or after the update's date ({as_at:%d %b %Y}); write the year in the file to be sure.", "month_without_year")
            elif d is UNREADABLE:
                warn(i, f, v, "This is not a date the tracker can read, so the date is left blank.", "date_unreadable")
                d = None
            elif d is not None and isinstance(v, str) and (kind := date_reading(v)):
                _noted(readings, first_at, kind, v, i)
            column.append(d)
        out[f] = column
    for i, revised in revised_in_text.items():     # a revised-date column, where the file has one, wins
        if out["revised_due_date"][i] is None:
            out["revised_due_date"][i] = revised
    for kind, examples in readings.items():
        shown = ", ".join(f"'{e}'" for e in examples[:5]) + (f" and {len(examples) - 5} more" if len(examples) > 5 else "")
        sheet, row = where(first_at[kind])
        issues.append(Issue("info", _READ_AS.get(kind, "Dates written as {kind}s ({shown}) are read as {how}.").format(
            kind=kind, shown=shown, how=_READING_WORDS.get(kind, "")), sheet, row, kind="dates_read_as"))
    return out


# what the validation report says of timescales that are not plain dates
_READ_AS = {"revision": "Timescales written with their revision ({shown}) are read as the original date and the "
                        "revised one.",
            "no date": "Timescales that say there is no date ({shown}) are read as no due date: never overdue."}


def _noted(readings: dict, first_at: dict, kind: str, value, i: int) -> None:
    text = str(value).strip()
    if text not in readings[kind]:
        readings[kind].append(text)
    first_at.setdefault(kind, i)


def effective_dates(dates: dict[str, list]) -> tuple[list, list, list[int]]:
    """Per row: the date that counts (the latest revision, else the due date, else the original), the
    original date, and how many times the date moved (original -> due -> revised, blanks skipped)."""
    if not any(dates["original_due_date"]) and not any(dates["revised_due_date"]):
        n = len(dates["due_date"])
        return list(dates["due_date"]), [None] * n, [0] * n
    effective, original, moved = [], [], []
    for due, orig, revised in zip(dates["due_date"], dates["original_due_date"], dates["revised_due_date"]):
        chain = [d for d in (orig, due, revised) if d is not None]
        effective.append(revised or due or orig)
        # with a revised column and no original one, the due date is the original
        original.append(orig or (due if revised is not None else None))
        moved.append(sum(1 for a, b in zip(chain, chain[1:]) if a != b))
    return effective, original, moved


def read_progress(raw: dict[str, list], warn, issues: list[Issue], where) -> dict[str, list]:
    """completion (0-100 or None), progress (the one state), progress_word (as written) and rag (the
    reported colour) per row. Unknown words keep their row and give one warning per distinct word."""
    parsed = [parse_completion(v) for v in raw["completion"]]
    scale = completion_scale(p[1] for p in parsed if p is not None and p is not UNREADABLE and p[0] == "number")
    completion, words_in_completion = [], []
    for i, p in enumerate(parsed):
        value, word = None, None
        if p is UNREADABLE:
            warn(i, "completion", raw["completion"][i], "This is not a completion percentage, so completion is left blank.", "completion_unreadable")
        elif p is not None and p[0] == WORD:
            word = p[1]
        elif p is not None:
            value = to_percent(p, scale)
            if value is UNREADABLE:
                warn(i, "completion", raw["completion"][i], "Completion must lie between 0% and 100%, so it is left blank.", "completion_out_of_range")
                value = None
        completion.append(value)
        words_in_completion.append(word)

    if not _filled(raw["progress_word"]) and not _filled(raw["rag"]) and not any(words_in_completion):
        # only a % column (the common case): the state follows the number, row by row, with no words to match
        states = [None if v is None else COMPLETE if v >= 100 else NOT_STARTED if v <= 0 else IN_PROGRESS
                  for v in completion]
        n = len(completion)
        return {"completion": completion, "progress": states, "progress_word": [None] * n, "rag": [None] * n}
    unknown: dict[str, list[int]] = defaultdict(list)
    fuzzy: dict[tuple[str, str], int] = {}
    states, written, colours = [], [], []
    status_col, rag_col = raw["progress_word"], raw["rag"]
    memo: dict[tuple, tuple] = {}          # trackers repeat a handful of words: each combination is read once
    for i, (value, cword) in enumerate(zip(completion, words_in_completion)):
        key = (status_col[i], rag_col[i], cword, value)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _read_one(status_col[i], rag_col[i], cword, value)
        value, state, status_text, colour, word, rag, status_field, rag_text, message = hit
        completion[i] = value
        for text, field, match in ((status_text, status_field, word), (rag_text, "rag", rag)):
            if match is not None and match.state is None:
                unknown[f"{field}\x00{text}"].append(i)
            elif match is not None and not match.exact:
                fuzzy.setdefault((field, text), i)
        if message:
            warn(i, *message)
        states.append(state)
        written.append(status_text)
        colours.append(colour)
    _report_words(unknown, fuzzy, warn, issues, where, raw)
    return {"completion": completion, "progress": states, "progress_word": written, "rag": colours}


def _read_one(status_cell, rag_cell, cword, value) -> tuple:
    """One combination of what a row carried, read once: (completion, state, status as written, colour,
    word match, colour match, the field the word came from, colour as written, (field, value, warning) or None)."""
    status_written = format_text(status_cell)
    status_text = status_written or cword
    rag_text = format_text(rag_cell)
    word = match_word(status_text) if status_text is not None else None
    rag = match_word(rag_text) if rag_text is not None else None
    if value is None and cword is not None and word is not None and word.state in _WORD_PERCENT:
        value = _WORD_PERCENT[word.state]                  # "Complete" typed in the % column
    message = None
    if said := disagreement(value, word.state if word else None):
        message = ("progress_word", status_text, said, "progress_disagrees")
    elif said := _colour_disagrees(value, rag):
        message = ("rag", rag_text, said, "progress_disagrees")
    colour = (rag.colour or rag_text) if rag is not None else (word.colour if word is not None else None)
    return (value, state_of(value, word, rag), status_text, colour, word, rag,
            "progress_word" if status_written else "completion", rag_text, message)


def _colour_disagrees(value: float | None, rag: WordMatch | None) -> str | None:
    if value is None or rag is None or rag.state is None:
        return None
    if rag.state == COMPLETE and value < 100:
        return f"The RAG colour says complete but the completion is {value:g}%; both are kept."
    if value >= 100 and rag.state != COMPLETE:
        return f"The completion is 100% but the RAG colour is {rag.canonical}; both are kept."
    return None


def _report_words(unknown, fuzzy, warn, issues, where, raw) -> None:
    for key, rows in unknown.items():
        field, text = key.split("\x00", 1)
        more = f" (and {len(rows) - 1} more row{'s' if len(rows) > 2 else ''})" if len(rows) > 1 else ""
        warn(rows[0], field, text, f"'{text}' is not a progress word the tracker knows{more}; it is shown as "
             "written and counted as no update. Write one of the status words the tracker knows (such as "
             "'Complete', 'On track' or 'Not started') in the file, or map the column on the Data page.", "word_unknown")
    for (field, text), i in fuzzy.items():
        m = match_word(text)
        sheet, row = where(i)
        issues.append(Issue("info", f"'{text}' is read as '{m.canonical}' ({STATE_LABELS[m.state].lower()}).",
                            sheet, row, None, text, kind="word_close_match"))


@cache
def _field_words() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in read_table(VOCAB_DIR / "field_words.csv"):
        out[r["field"]][normalise(r["word"])] = r["value"]
    return out


_CHOICE_NOUNS = {"priority": "a priority", "acceptance": "a response to a recommendation"}


def _examples(words: dict[str, str]) -> str:
    """Three of a field's values, as the tracker writes them: 'High', 'Medium' or 'Low'."""
    values = list(dict.fromkeys(words.values()))[:3]
    return ", ".join(f"'{v}'" for v in values[:-1]) + f" or '{values[-1]}'" if len(values) > 1 else f"'{values[0]}'"


def read_choice(raw: list, field: str, warn) -> list:
    """Priority or acceptance: the vocabulary's value, or the text as written with one warning per word."""
    if not _filled(raw):
        return [None] * len(raw)
    words = _field_words()[field]
    out, unknown = [], Counter()
    for i, v in enumerate(raw):
        text = format_text(v)
        value = words.get(normalise(text)) if text else None
        if text and value is None:
            unknown[text] += 1
            if unknown[text] == 1:
                warn(i, field, text, f"This is not {_CHOICE_NOUNS[field]} the tracker knows (such as {_examples(words)}), so it "
                     "is kept as written and not grouped with the others; write one of those in the file if it means "
                     "the same, or map another column on the Data page if this is not the column's job.", "choice_unknown")
            value = text
        out.append(value)
    return out


