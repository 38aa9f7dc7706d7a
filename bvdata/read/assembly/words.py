"""The words a tracker's own headings use (bvdata/vocab/words.csv): what its rows are, what groups them,
and what its lead column is called, so that the pages and papers say them instead of "actions",
"recommendations" and "Lead officer" whatever the file holds."""
from __future__ import annotations

from functools import lru_cache

from ...base.vocab import VOCAB_DIR, normalise, read_table
from ...base.words import ACTIONS, RECOMMENDATIONS, Noun, Words
from ..finding.layout import Block


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, tuple[str, str]]]:
    out: dict[str, dict[str, tuple[str, str]]] = {"item": {}, "group": {}, "person": {}}
    for r in read_table(VOCAB_DIR / "words.csv"):
        out[r["role"]][normalise(r["heading"])] = (r["singular"], r["plural"])
    return out


def heading(block: Block, field: str) -> str:
    """The heading a block's column for ``field`` was written under, without its column letter."""
    return normalise(block.headers.get(field, "").rsplit(" (", 1)[0])


def names_a_body(block: Block) -> bool:
    """Does the lead column name a body ("Lead Body") rather than an officer?"""
    return "body" in heading(block, "lead_officer")


def group_field(block: Block) -> str | None:
    """The column that groups a block's rows: its Recommendation column, else its report column."""
    return next((f for f in ("recommendation", "report") if f in block.columns), None)


def words_of(blocks: list[Block]) -> Words:
    """The file's words, from the first block that says each (a committee paper's blocks agree)."""
    table = _table()
    item, group, person, people = ACTIONS, RECOMMENDATIONS, "Lead officer", "Lead officers"
    for block in blocks:
        if "recommendation_text" in block.columns:          # an agreed action beside each recommendation
            item = RECOMMENDATIONS
            break
        if (found := table["item"].get(heading(block, "action"))) is not None:
            item = Noun(*found)
            break
    for block in blocks:
        where = group_field(block)
        if where is not None:
            found = table["group"].get(heading(block, where))
            group = Noun(*found) if found else RECOMMENDATIONS
            break
        if names_a_body(block) and all(r is None for r in block.recommendations[:1]):
            group = Noun(*table["group"]["lead body"])
            break
    for block in blocks:
        if (found := table["person"].get(heading(block, "lead_officer"))) is not None:
            person, people = found
            break
    return Words(item, group, person, people)
