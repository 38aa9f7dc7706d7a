"""What people see instead of field names: column headings, how to name an action, and the
words used where a value is missing. One home, shared by every page, export and report."""
from __future__ import annotations

import math

import pandas as pd

NO_LEAD_OFFICER = "No lead officer named"

# field -> the heading people know, shared by every table view and export
COLUMN_LABELS = {
    "action_id": "No.", "recommendation": "Recommendation", "action": "Action", "due_date": "Timescales",
    "lead_officer": "Lead Officer", "report_ref": "Report Ref", "service_lead": "Service Lead",
    "completion": "% Completion", "notes": "Notes", "theme": "Theme", "status_label": "Status",
    "days_overdue": "Days overdue", "ageing": "Overdue by", "source_sheet": "Source sheet",
    "source_row": "Source row", "actions": "Actions", "mean_completion": "Mean completion (%)",
    "complete": "Complete", "overdue": "Overdue", "no_update": "No update", "not_started": "Not started",
    "due_soon": "Due soon", "in_progress": "In progress", "original_due_date": "Original timescales",
    "justification": "Justification", "share_complete": "Complete (%)", "closed": "Closed", "paused": "Paused",
    "revised_due_date": "Revised timescales", "times_moved": "Times moved", "progress_word": "Status as written",
    "rag": "RAG (reported)", "priority": "Priority", "acceptance": "Acceptance", "progress": "Progress",
    # the comparison of two snapshots
    "old_action_id": "Earlier No.", "matched_by": "Matched by", "old_completion": "% Completion before",
    "new_completion": "% Completion after", "old_due_date": "Timescales before", "new_due_date": "Timescales after",
    "movement": "Movement", "old_actions": "Actions before", "new_actions": "Actions after",
    "old_mean_completion": "Mean completion before", "new_mean_completion": "Mean completion after",
    "change": "Change (points)", "old_complete": "Complete before", "new_complete": "Complete after",
    # internal-audit follow-up trackers
    "report": "Report", "recommendation_text": "Recommendation", "finding": "Finding",
    "completion_date": "Date completed", "validated": "Validated", "colour_only": "Read from a colour",
}


def column_labels(words=None) -> dict[str, str]:
    """The headings, in the file's own words (bvdata.base.words): its items, its groups and its leads."""
    from .words import words_of
    words = words_of(words)
    if words == words_of(None):
        return COLUMN_LABELS
    item, group = words.item, words.group
    return {**COLUMN_LABELS, "recommendation": group.title, "action": item.title, "lead_officer": words.person,
            "actions": item.titles, "old_actions": f"{item.titles} before", "new_actions": f"{item.titles} after"}


def is_missing(value) -> bool:
    """True for None, pandas' NA and NaT, and a float NaN: every way a blank cell reaches us."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def or_none(value):
    """The value, or None where it is missing (for JSON and for database rows)."""
    return None if is_missing(value) else value


def labelled(df: pd.DataFrame, words=None) -> pd.DataFrame:
    """The table with its headings as people know them, in the file's own words when given."""
    labels = column_labels(words)
    return df.rename(columns={c: labels.get(c, c) for c in df.columns})


def action_label(row) -> str:
    """How to name one action to a person: its number, or its sheet and row when it has none."""
    value = row.get("action_id")
    if isinstance(value, str) and value:
        return value
    return f"{row['source_sheet']} row {row['source_row']}"


def action_labels(df: pd.DataFrame) -> pd.Series:
    """``action_label`` for every row of a table, at once."""
    where = df["source_sheet"].astype("object").astype(str) + " row " + df["source_row"].astype(str)
    ids = df["action_id"].astype("object")
    return ids.where(ids.map(lambda v: isinstance(v, str) and v != ""), where)


def officer_names(officers: pd.Series) -> pd.Series:
    """Lead officers with the blanks named, for grouping and charts."""
    return officers.fillna(NO_LEAD_OFFICER)


from .words import plural  # noqa: E402,F401 - the one pluraliser, offered with the labels


def short_name(text: str, number: int, width: int = 42, letter: str = "R") -> str:
    """'R3 · Improve how the Community Planning…': a group's number and its first words, for tables and
    axes; the full text stays in the detail and the hover."""
    text = " ".join(str(text).split())
    if len(text) > width:
        text = text[:width].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
    return f"{letter}{number} · {text}"


def short_names(groups: list[str], words=None) -> dict[str, str]:
    """Each group's short name, lettered by what the file calls its groups (R for recommendations and
    reports, L for lead bodies)."""
    from .words import words_of
    letter = words_of(words).group.singular[:1].upper() or "R"
    return {r: short_name(r, i, letter=letter) for i, r in enumerate(groups, start=1)}


def progress_text(df: pd.DataFrame) -> pd.Series:
    """What the file said about each item's progress, for a table: '75%', else the status word or the
    reported colour as written, else 'No update'."""
    pct = df["completion"].map(lambda v: None if is_missing(v) else f"{v:.0f}%")
    said = pct
    for f in ("progress_word", "rag"):
        if f in df:
            said = said.where(said.notna(), df[f].astype("object"))
    return said.where(said.notna(), "No update").astype("object")


def score_text(value) -> str:
    """A self-assessment score, always to one decimal place: '2.3'; a dash when missing."""
    return "–" if is_missing(value) else f"{float(value):.1f}"


def ties(counts: pd.Series) -> tuple[list[str], int]:
    """The names sharing the largest count, and that count (counts sorted any way)."""
    if counts.empty:
        return [], 0
    top = int(counts.max())
    return [str(name) for name, n in counts.items() if n == top], top


def and_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""
