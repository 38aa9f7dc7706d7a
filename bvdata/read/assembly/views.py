"""Sheets that are views of another: a workbook that keeps "Fully Implemented" or "Ongoing" sheets beside
the whole plan repeats those rows, and each action must be counted once, from the sheet that holds them all.
"""
from __future__ import annotations

from ...base.errors import Issue
from ...base.labels import plural
from ...base.vocab import normalise
from ..cells.values import format_id, format_text
from ..finding.layout import Block


def _row_keys(block: Block) -> list[tuple]:
    """(number, wording) per row, normalised, for rows that have wording."""
    columns = block.fields
    if "action" not in columns:
        return []
    a = columns.index("action")
    n = columns.index("action_id") if "action_id" in columns else None
    keys = []
    for values in block.values:
        text = format_text(values[a])
        if text:
            keys.append((format_id(values[n]) if n is not None else None, normalise(text)))
    return keys


def split_views(blocks: list[Block], issues: list[Issue]) -> tuple[list[Block], list[str]]:
    """Drop sheets that only repeat rows of another sheet's table ("Fully Implemented", "Ongoing"):
    the sheet holding them all is the source, and each view is named in the report, not counted twice."""
    by_sheet: dict[str, list[Block]] = {}
    for b in blocks:
        by_sheet.setdefault(b.sheet, []).append(b)
    if len(by_sheet) < 2:
        return blocks, []
    keys = {sheet: [k for b in bs for k in _row_keys(b)] for sheet, bs in by_sheet.items()}
    source = max(keys, key=lambda s: len(keys[s]))
    source_keys = set(keys[source])
    views = [s for s in by_sheet if s != source and keys[s] and set(keys[s]) <= source_keys]
    for sheet in views:
        rows = sum(len(b.values) for b in by_sheet[sheet])
        issues.append(Issue("info", f"Sheet '{sheet}' repeats {len(keys[sheet])} of the rows of sheet '{source}' "
                            f"(it is a view of it); its {plural(rows, 'row')} {'is' if rows == 1 else 'are'} counted once, from '{source}'.", sheet, kind="views_repeat"))
    return [b for b in blocks if b.sheet not in views], views
