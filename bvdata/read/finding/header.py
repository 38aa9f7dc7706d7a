"""Which row heads a sheet's table, found by evidence rather than by share.

A row is a header when it names the items' wording and at least two of the number, a due date, their
progress (a %, a status word or an RAG colour), a lead and a group, and when the rows under it fill
those columns with the right kinds of values: dates under dates, a % or a status word under progress.
Columns it does not know never count against it: real trackers carry many (Publication Date, Sector,
Column1…). A block of cells beyond a blank column that adds nothing the table has (a summary such as
"Total Recommendations") is beside the table, not in it. Of a sheet's candidates the best wins, with
every later row that repeats its headings (a committee paper's tables continued under their header).

Which column holds the wording is evidence too: where the file has an agreed action ("Management
Response") beside a per-item "Recommendation", the action is the wording and the recommendation is kept
as the item's recommendation text, the items grouped by their report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from ...base.vocab import field_for_header, field_from_words, header_synonyms, normalise
from ..cells.values import UNREADABLE, no_date_word, parse_completion, parse_date, split_revision

MAX_HEADER_CELL = 60                # header cells are short; longer text is never a header
EVIDENCE_ROWS = 30                  # the rows under a candidate that are looked at
GROUPS = {"number": ("action_id",), "due": ("due_date", "original_due_date", "revised_due_date"),
          "progress": ("completion", "progress_word", "rag"), "lead": ("lead_officer",),
          "group": ("recommendation", "report")}
_DATES = ("due_date", "original_due_date", "revised_due_date", "completion_date")
_WORDING = ("action", "recommendation")     # what a header's wording column may be named as


@dataclass(frozen=True)
class Header:
    """A row that heads a table: its index in the grid, column index -> field for the columns used,
    the columns left out (unknown headings) and those beside the table (after a blank column)."""

    index: int
    columns: dict[int, str]
    left_out: tuple[int, ...] = ()
    beside: tuple[int, ...] = ()
    score: float = 0.0

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.columns.values())


@dataclass
class _Candidate:
    index: int
    mapping: dict[int, str]
    span: tuple[int, int]
    beside: list[int] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _header_field(text: str, table: str) -> str | None:
    return field_for_header(text, table)


def _by_words(text: str, table: str) -> str | None:
    """An action table's heading known only by the words in it (vocab/heading_words.csv)."""
    return field_from_words(text) if table == "actions" else None


def header_mapping(row: list, table: str, span: tuple[int, int] | None = None, by_words: bool = True) -> dict[int, str]:
    """Column index -> field for a candidate header row (first use of each field wins), within ``span``:
    whole headings first (vocab/columns.csv), then (``by_words``) the headings known by their words."""
    mapping: dict[int, str] = {}
    seen: set[str] = set()
    lo, hi = span or (0, len(row) - 1)
    cells = [(j, row[j]) for j in range(lo, min(hi, len(row) - 1) + 1)
             if isinstance(row[j], str) and 0 < len(row[j]) <= MAX_HEADER_CELL]
    for named in (_header_field, _by_words) if by_words else (_header_field,):
        for j, cell in cells:
            f = None if j in mapping else named(cell, table)
            if f and f not in seen:
                mapping[j] = f
                seen.add(f)
    return mapping


def by_words_only(row: list, mapping: dict[int, str]) -> set[int]:
    """The columns of ``mapping`` named only by the words in their heading: their values must bear it out."""
    return {j for j in mapping if _header_field(row[j], "actions") is None}


@lru_cache(maxsize=1)
def _wording_words() -> frozenset[str]:
    return frozenset(k for k, f in header_synonyms("actions").items() if f in _WORDING)


@lru_cache(maxsize=16384)
def _names_wording(text: str) -> bool:
    return normalise(text) in _wording_words() or field_from_words(text) in _WORDING


def may_be_header(row: list) -> bool:
    """Cheap test run on every row: is it words only, and does a short cell name the wording?"""
    if set(map(type, row)) != {str}:  # a date or a number: a data row, never a header
        return False
    for cell in row:
        if cell.__class__ is str and 0 < len(cell) <= MAX_HEADER_CELL and _names_wording(cell):
            return True
    return False


def _runs(row: list) -> list[tuple[int, int]]:
    """The runs of filled cells in a row, as (first, last) column indices."""
    runs, start = [], None
    for j, cell in enumerate(row + [""]):
        if cell != "" and start is None:
            start = j
        elif cell == "" and start is not None:
            runs.append((start, j - 1))
            start = None
    return runs


def _span(row: list) -> tuple[tuple[int, int], list[int]] | None:
    """The table's columns in a header row, and the cells beside it. The table is the run of filled
    cells that names the wording, with a blank-headed number column just left of it; a run beyond a
    blank column joins it when it names a field the table lacks (a spacer column), else it is beside."""
    runs = _runs(row)
    home = next((k for k, (a, b) in enumerate(runs)
                 if any(isinstance(row[j], str) and _names_wording(row[j]) for j in range(a, b + 1))), None)
    if home is None:
        return None
    lo, hi = runs[home]
    have = set(header_mapping(row, "actions", (lo, hi)).values())
    beside: list[int] = []
    for step in (1, -1):
        k = home + step
        while 0 <= k < len(runs):
            a, b = runs[k]
            # only a whole heading joins a run beyond a blank column: a summary block's "Audit" never does
            adds = set(header_mapping(row, "actions", (a, b), by_words=False).values()) - have
            if adds and not beside:
                lo, hi = min(lo, a), max(hi, b)
                have |= adds
            else:
                beside.extend(range(a, b + 1))
            k += step
    if lo > 0 and row[lo - 1] == "":       # the number column's header is often blank
        lo -= 1
    return (lo, hi), [j for j in beside if row[j] != ""]


def _candidate(rows: list[list], i: int) -> _Candidate | None:
    row = rows[i]
    found = _span(row)
    if found is None:
        return None
    span, beside = found
    mapping = header_mapping(row, "actions", span)
    return _Candidate(i, mapping, span, beside)


def _sample(rows: list[list], i: int, width: int) -> list[list]:
    """Up to EVIDENCE_ROWS rows under row ``i`` with two or more filled cells, padded to ``width``, up to
    the next row that may be a header (the next table's rows are not this one's evidence)."""
    out = []
    for row in islice(rows, i + 1, None):      # no copy of the sheet's rows for each candidate header
        if may_be_header(row):
            break
        if len(row) - row.count("") >= 2:
            out.append(row + [""] * (width - len(row)) if len(row) < width else row)
            if len(out) == EVIDENCE_ROWS:
                break
    return out


def _roles(mapping: dict[int, str], sample: list[list]) -> dict[int, str]:
    """Which column holds the wording, from what the rows carry. A Recommendation column that groups
    rows repeats its value or leaves cells blank under it (as merged cells do); one filled in on nearly
    every row with a different recommendation each time is per item: beside an agreed action and a report
    column it is the item's recommendation text (the items grouped by their report), and with no action
    column it is the wording itself. A table of findings with no action column has the finding as its
    wording."""
    by_field = {f: j for j, f in mapping.items()}
    rec = by_field.get("recommendation")
    out = dict(mapping)
    values = [row[rec] for row in sample if row[rec] != ""] if rec is not None else []
    per_item = (len(values) >= 2 and len(values) >= 0.8 * len(sample) and len(set(values)) >= 0.8 * len(values))
    if rec is not None and "report" in by_field:    # an audit follow-up: each row is an item, its report the group
        out[rec] = "recommendation_text" if "action" in by_field else "action"
    elif rec is not None and sample and per_item:
        if "action" in by_field and "report" in by_field:
            out[rec] = "recommendation_text"
        elif "action" not in by_field and sum(len(str(v)) for v in values) / len(values) >= 30:
            out[rec] = "action"
    if "action" not in out.values() and "finding" in by_field:      # a log of findings: each finding is an item
        out[by_field["finding"]] = "action"
    return out


def _fits(kind: str, value) -> bool | None:
    """Does a cell hold the kind of value its column should? None for a blank cell."""
    if value == "" or value is None:
        return None
    if kind == "date":
        if no_date_word(value):            # "Ongoing", "Complete": a timescale with no date, no evidence either way
            return None
        return parse_date(value) not in (None, UNREADABLE) or split_revision(value) is not None
    parsed = parse_completion(value)
    if parsed is not None and parsed is not UNREADABLE:
        return True
    from ..cells.progress import match_word
    return isinstance(value, str) and match_word(value).state is not None


def _evidence(mapping: dict[int, str], sample: list[list]) -> float | None:
    """The share of the checked cells under dates and progress that hold a date or a progress value;
    None when one of those columns mostly holds something else (the row is not this table's header).
    A column with fewer than three filled cells cannot say so ("TBC" under the only row's date)."""
    checked = [(j, "date") for j, f in mapping.items() if f in _DATES] + \
              [(j, "progress") for j, f in mapping.items() if f in ("completion", "progress_word", "rag")]
    shares = []
    for j, kind in checked:
        fits = [ok for row in sample if (ok := _fits(kind, row[j])) is not None]
        if fits:
            share = sum(fits) / len(fits)
            if share < 1 / 3 and len(fits) >= 3:
                return None
            shares.append(share)
    return sum(shares) / len(shares) if shares else 0.5


def _borne_out(mapping: dict[int, str], guessed: set[int], sample: list[list]) -> dict[int, str]:
    """``mapping`` without the columns named only by their words whose values are of another kind (a
    "Progress" column of long text is not a status): a guess is left out, it never refuses the table."""
    from ..cells.progress import match_word
    out = dict(mapping)
    for j in guessed:
        if mapping[j] in _DATES:
            fits = [ok for row in sample if (ok := _fits("date", row[j])) is not None]
        elif mapping[j] in ("completion", "progress_word", "rag"):      # a %, a number or a known status word
            fits = [_number_like(row[j]) or match_word(str(row[j])).state is not None for row in sample if row[j] != ""]
        else:
            continue
        if fits and sum(fits) / len(fits) < 1 / 3:
            del out[j]
    return out


def _number_like(value) -> bool:
    parsed = parse_completion(value)
    return parsed is not None and parsed is not UNREADABLE and parsed[0] != "word"


def _score(candidate: _Candidate, rows: list[list]) -> Header | None:
    sample = _sample(rows, candidate.index, candidate.span[1] + 1)
    mapping = _borne_out(candidate.mapping, by_words_only(rows[candidate.index], candidate.mapping), sample)
    mapping = _roles(mapping, sample)
    fields = set(mapping.values())
    if "action" not in fields:
        return None
    groups = sum(1 for names in GROUPS.values() if fields & set(names))
    row = rows[candidate.index]
    filled = [j for j in range(candidate.span[0], candidate.span[1] + 1) if row[j] != ""]
    share = len(mapping) / max(len(filled), 1)
    if groups < 2 and not (groups >= 1 and share >= 0.6):
        return None
    evidence = _evidence(mapping, sample)
    if evidence is None:
        return None
    left_out = tuple(j for j in filled if j not in mapping)
    return Header(candidate.index, mapping, left_out, tuple(candidate.beside), groups + 0.1 * len(mapping) + evidence)


def find_headers(rows: list[list], limit: int | None = None, repeats: dict | None = None) -> dict[int, Header]:
    """The rows that head the sheet's action tables: the best candidate, and every row that repeats its
    headings. ``limit`` stops the search for a first header after that many rows (a sheet with none in
    its first rows holds no table); ``repeats`` (bvdata.read.cells.grid.Grid.repeats) lets a run of rows alike
    be judged by its first."""
    found: list[Header] = []
    repeats = repeats or {}
    skip_to = 0
    for i, row in enumerate(rows):
        if i < skip_to:
            continue
        if limit is not None and not found and i > limit:
            break
        if not may_be_header(row):
            skip_to = i + 1 + repeats.get(i, 0)
            continue
        candidate = _candidate(rows, i)
        header = _score(candidate, rows) if candidate is not None else None
        if header is not None:
            found.append(header)
    if not found:
        return {}
    best = max(found, key=lambda h: h.score)
    return {h.index: h for h in found if h.fields == best.fields}


def best_header(rows: list[list]) -> Header | None:
    """The sheet's best header row, or None: what the mapping screen opens on."""
    headers = find_headers(rows, limit=500)
    return max(headers.values(), key=lambda h: h.score) if headers else None


def likely_table(grids) -> tuple[str, int] | None:
    """(sheet, header row number) of the table a person mapping a file by hand most likely wants: the best
    header found by evidence, else the row with the most headings (filled text cells) over other filled
    rows, on whichever sheet has it. None for a file with no such row."""
    best: tuple[float, str, int] | None = None
    for grid in grids:
        found = best_header(grid.rows)
        if found is not None:
            candidate = (100 + found.score, grid.sheet, grid.first_row + found.index)
        else:
            candidate = None
            for i, row in enumerate(grid.rows[:200]):
                texts = sum(1 for c in row if isinstance(c, str) and c.strip())
                below = sum(1 for r in grid.rows[i + 1:i + 6] if len(r) - r.count("") >= 2)
                if texts >= 2 and below and (candidate is None or texts > candidate[0]):
                    candidate = (texts, grid.sheet, grid.first_row + i)
        if candidate is not None and (best is None or candidate[0] > best[0]):
            best = candidate
    return None if best is None else (best[1], best[2])
