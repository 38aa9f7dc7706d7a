"""One progress state per action, from whatever the file carried: a %, a status word or a RAG colour.

The states are complete, in_progress, not_started, closed (closed without being completed) and
paused; None means nothing was reported. Words and colours are data (vocab/progress_words.csv,
vocab/rag.csv); matching ignores case, spacing and punctuation and catches close misspellings,
but never across a negation ("Not implemented" is never read as "Implemented").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ...base.vocab import VOCAB_DIR, normalise, read_table

COMPLETE, IN_PROGRESS, NOT_STARTED, CLOSED, PAUSED = "complete", "in_progress", "not_started", "closed", "paused"
STATES = (COMPLETE, IN_PROGRESS, NOT_STARTED, CLOSED, PAUSED)
STATE_LABELS = {COMPLETE: "Complete", IN_PROGRESS: "In progress", NOT_STARTED: "Not started",
                CLOSED: "Closed without completion", PAUSED: "Paused"}
# how far along each state is, for movement between two versions
STATE_RANK = {NOT_STARTED: 0, PAUSED: 0, IN_PROGRESS: 1, CLOSED: 2, COMPLETE: 2}
# A misspelling is caught when its Damerau-Levenshtein similarity (a swapped pair of letters counts as
# one edit) reaches FUZZY_CUTOFF, and beats the best word of any other state by FUZZY_MARGIN.
FUZZY_CUTOFF = 0.85
FUZZY_MARGIN = 0.06
_NEGATIONS = frozenset({"not", "no", "non", "never", "nil"})


@dataclass(frozen=True)
class WordMatch:
    state: str | None          # None: the word is not one we know
    canonical: str | None      # the vocabulary word it was read as
    exact: bool                # False when it was read as a close misspelling
    colour: str | None = None  # the RAG colour, when the word is one


@cache
def _words() -> dict[str, str]:
    return {normalise(r["word"]): r["state"] for r in read_table(VOCAB_DIR / "progress_words.csv")}


@cache
def rag_colours() -> dict[str, dict]:
    """Normalised variant -> {colour, state, meaning, hex}."""
    return {normalise(r["variant"]): r for r in read_table(VOCAB_DIR / "rag.csv")}


@cache
def state_words() -> list[str]:
    """One word per progress state, the first the vocabulary gives for it ("Complete", "Superseded"…):
    what an officer picks from when the tracker keeps a status word."""
    first: dict[str, str] = {}
    for r in read_table(VOCAB_DIR / "progress_words.csv"):
        first.setdefault(r["state"], r["word"][:1].upper() + r["word"][1:])
    return [first[s] for s in STATES if s in first]


def vocabulary_word(text: str) -> str | None:
    """The vocabulary's own word for a status word or RAG colour ("=Complete" -> "Complete", "green" ->
    "Green"), or None when it is not one: what is written back, never the text as typed."""
    match = match_word(text)
    if match.state is None:
        return None
    word = match.colour or match.canonical
    return word[:1].upper() + word[1:]


def rag_key() -> list[dict]:
    """One row per colour, in the table's order: colour, meaning, hex."""
    seen: dict[str, dict] = {}
    for r in read_table(VOCAB_DIR / "rag.csv"):
        seen.setdefault(r["colour"], r)
    return list(seen.values())


def _negated(text: str) -> bool:
    return bool(_NEGATIONS & set(text.split())) or text.startswith(("un", "in complete"))


@lru_cache(maxsize=4096)
def match_word(text: str) -> WordMatch:
    """The progress state a status word or RAG colour means, exactly or as a close misspelling."""
    key = normalise(text)
    if not key:
        return WordMatch(None, None, True)
    colours = rag_colours()
    if key in colours:
        r = colours[key]
        return WordMatch(r["state"], r["colour"], True, r["colour"])
    words = _words()
    if key in words:
        colour = colours[key]["colour"] if key in colours else None
        return WordMatch(words[key], key, True, colour)
    if len(key) < 5:
        return WordMatch(None, None, True)
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein
    ranked = process.extract(key, list(words), scorer=DamerauLevenshtein.normalized_similarity, limit=8)
    if not ranked or ranked[0][1] < FUZZY_CUTOFF:
        return WordMatch(None, None, True)
    best, score, _ = ranked[0]
    rivals = [s for w, s, _ in ranked[1:] if words[w] != words[best]]
    if (rivals and score - rivals[0] < FUZZY_MARGIN) or _negated(key) != _negated(best):
        return WordMatch(None, None, True)
    return WordMatch(words[best], best, False)


def state_of(completion: float | None, word_match: WordMatch | None, rag_match: WordMatch | None) -> str | None:
    """The one progress state: a recognised status word first (it can say closed or paused, which a %
    cannot), then the %, then the reported colour; None when nothing was reported."""
    if word_match is not None and word_match.state is not None:
        return word_match.state
    if completion is not None:
        if completion >= 100:
            return COMPLETE
        return NOT_STARTED if completion <= 0 else IN_PROGRESS
    if rag_match is not None and rag_match.state is not None:
        return rag_match.state
    return None


def disagreement(completion: float | None, state: str | None) -> str | None:
    """A sentence when a % and a status word say different things (both are kept), else None."""
    if completion is None or state is None:
        return None
    if state == COMPLETE and completion < 100:
        return f"The status says complete but the completion is {completion:g}%; both are kept."
    if state == NOT_STARTED and completion > 0:
        return f"The status says not started but the completion is {completion:g}%; both are kept."
    if state in (IN_PROGRESS, NOT_STARTED) and completion >= 100:
        return f"The completion is 100% but the status says {STATE_LABELS[state].lower()}; both are kept."
    return None
