"""Header synonyms and theme-name variants, loaded from the CSV tables in vocab/ (the progress words and
RAG colours are read by bvdata.read.cells.progress, the optional fields' words by bvdata.read.assembly.assemble).

The tables are the single place to teach the reader a new wording; no code here knows any header.
"""
from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

VOCAB_DIR = Path(__file__).resolve().parent.parent / "vocab"   # the tables, at bvdata/vocab/

_PUNCT = re.compile(r"[^\w%#✓✔☑✗✘☒ ]+")       # ticks and crosses are words: a tracker's status
_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"\([^)]*\)")
_THEME_NUMBER = re.compile(r"^(theme\s*)?\d+\s*")


def pd_na():
    """pandas' NA, without importing pandas for the many callers that never meet it."""
    import sys
    pandas = sys.modules.get("pandas")
    return pandas.NA if pandas is not None else None


def read_table(path: Path | str) -> list[dict]:
    """The rows of one of the project's CSV tables; lines starting with '#' are comments."""
    with open(path, newline="", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _rows(name: str) -> list[dict]:
    return read_table(VOCAB_DIR / name)


@lru_cache(maxsize=65536)
def _normalise_text(s: str) -> str:
    s = s.replace("&", " and ").replace("_", " ").lower()
    s = _PUNCT.sub(" ", s)
    return _SPACE.sub(" ", s).strip()


def normalise(text: object) -> str:
    """Lower case, '&' -> 'and', punctuation (other than %, # and ticks or crosses) dropped, spaces collapsed."""
    if text is None or text is pd_na():
        return ""
    return _normalise_text(text if isinstance(text, str) else str(text))


@cache
def header_synonyms(table: str) -> dict[str, str]:
    """Normalised header -> field, for one table kind ('actions', 'amendments', 'themes')."""
    return {normalise(r["synonym"]): r["field"] for r in _rows("columns.csv") if r["table"] == table}


@cache
def canonical_headers(table: str) -> dict[str, str]:
    """Field -> the heading to write for it (its first synonym in the table, as written there)."""
    out: dict[str, str] = {}
    for r in _rows("columns.csv"):
        if r["table"] == table:
            out.setdefault(r["field"], r["synonym"])
    return out


@cache
def _heading_words() -> dict[str, list[tuple[str, int]]]:
    """A word or two-word phrase of a heading -> the fields it is evidence of, with their weights."""
    out: dict[str, list[tuple[str, int]]] = {}
    for r in _rows("heading_words.csv"):
        out.setdefault(normalise(r["word"]), []).append((r["field"], int(r["weight"])))
    return out


MIN_WORD_WEIGHT = 2


@lru_cache(maxsize=8192)
def field_from_words(header: str) -> str | None:
    """The field an action table's heading names by the words in it ("Task Description" -> action, "Final
    Resp. Due Date" -> due date), from vocab/heading_words.csv: the field with the most weight, if it has at
    least MIN_WORD_WEIGHT (one word of it alone) and more than any other; words the table does not know count
    for nothing."""
    words = normalise(_PAREN.sub(" ", str(header))).split()
    found = _heading_words()
    scores: dict[str, int] = {}
    strongest: dict[str, int] = {}
    for phrase in words + [" ".join(pair) for pair in zip(words, words[1:])]:
        for f, weight in found.get(phrase, ()):
            scores[f] = scores.get(f, 0) + weight
            strongest[f] = max(strongest.get(f, 0), weight)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_WORD_WEIGHT or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    # weak words alone ("What Recommendation holds") name nothing: one word must be a field's own
    return ranked[0][0] if strongest[ranked[0][0]] >= MIN_WORD_WEIGHT else None


def field_for_header(header: object, table: str = "actions") -> str | None:
    """The field a header cell names, or None. Falls back to the header without a bracketed aside."""
    synonyms = header_synonyms(table)
    key = normalise(header)
    if not key:
        return None
    if key in synonyms:
        return synonyms[key]
    bare = normalise(_PAREN.sub(" ", str(header)))
    return synonyms.get(bare)


@cache
def _theme_table() -> tuple[dict[str, str], tuple[str, ...]]:
    variants: dict[str, str] = {}
    ordered: dict[int, str] = {}
    for r in _rows("themes.csv"):
        variants[normalise(r["variant"])] = r["theme"]
        ordered[int(r["order"])] = r["theme"]
    return variants, tuple(ordered[k] for k in sorted(ordered))


def canonical_themes() -> tuple[str, ...]:
    """The seven themes in the guidance's order."""
    return _theme_table()[1]


def canonical_theme(name: object) -> str | None:
    """The guidance's name for a theme as written by an analyst, or None if it is not one of the seven."""
    variants = _theme_table()[0]
    key = normalise(name)
    if key in variants:
        return variants[key]
    key = _THEME_NUMBER.sub("", key).strip()
    return variants.get(key)


@cache
def age_bands() -> tuple[tuple[int | None, str], ...]:
    """(last day overdue, or None for the open last band; its label), from ``vocab/age_bands.csv``."""
    return tuple((int(r["last_day"]) if r["last_day"] else None, r["label"]) for r in _rows("age_bands.csv"))


@cache
def title_prefix_pattern() -> re.Pattern:
    prefixes = sorted((r["prefix"] for r in _rows("title_prefixes.csv")), key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in prefixes)
    # "Recommendation:", "Audit Recommendation 3 -", "Recommendation 2a:" all open a title
    return re.compile(rf"^\s*(?:{alternation})\s*(?:\d+[a-z]?|[ivx]+)?\s*[:\-–]\s*", re.IGNORECASE)
