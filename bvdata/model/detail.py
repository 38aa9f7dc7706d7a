"""What the detail view of one action says: every field the file carried, in words, with the
reported colour set beside the status worked out from the dates ("Reported Green, but overdue")."""
from __future__ import annotations

import pandas as pd

from ..base.labels import is_missing
from ..base.vocab import normalise
from ..base.words import words_of
from ..read.cells.progress import rag_colours

_GOOD_STATES = {"complete", "in_progress"}


def reported_against_computed(rag: object, status_key: str, status_label: str) -> str | None:
    """'Reported Green, but overdue', or 'Reported Blue (complete)'; None without a reported colour."""
    if is_missing(rag) or not str(rag).strip():
        return None
    colour = rag_colours().get(normalise(rag))
    if colour is None:
        return f"Reported '{rag}' (not a colour the tracker knows)"
    said = colour["meaning"].lower()
    if status_key in ("overdue", "no_update") and colour["state"] in _GOOD_STATES:
        return f"Reported {colour['colour']} ({said}), but {status_label.lower()}"
    return f"Reported {colour['colour']} ({said}); the status is {status_label.lower()}"


def _date(value) -> str | None:
    return None if is_missing(value) else f"{pd.Timestamp(value):%d %b %Y}"


def action_facts(row, words=None) -> list[tuple[str, str]]:
    """(label, text) pairs for one item with its status, in the file's own words; blanks shown as a dash.
    An internal-audit item adds its recommendation, the finding, the date completed and its validation."""
    words = words_of(words)

    def text(field: str) -> str:
        value = row.get(field)
        return "–" if is_missing(value) or value == "" else str(value)

    facts = [("Wording", text("action")), ("Notes", text("notes")), (words.group.title, text("recommendation")),
             (words.person, text("lead_officer")), ("Service lead", text("service_lead")),
             ("Report ref", text("report_ref"))]
    for field, label in (("recommendation_text", "The recommendation"), ("finding", "Finding"),
                         ("completion_date", "Date completed"), ("validated", "Validated")):
        value = row.get(field)
        if not is_missing(value) and value != "":
            facts.append((label, _date(value) if field == "completion_date" else str(value)))
    if (said := reported_against_computed(row.get("rag"), row["status"], row["status_label"])) is not None:
        facts.append(("RAG", said))
    if not is_missing(row.get("progress_word")):
        facts.append(("Status as written", str(row["progress_word"])))
    moved = int(row.get("times_moved") or 0)
    if moved:
        facts.append(("Due date moved", f"{moved} time{'s' if moved != 1 else ''}: first due "
                      f"{_date(row.get('original_due_date')) or '–'}, now {_date(row.get('due_date')) or '–'}"))
    if not is_missing(row.get("colour_only")):
        said = str(row["colour_only"])
        facts.append(("Status source", said[:1].upper() + said[1:] + "."))
    if not is_missing(row.get("from_formula")):
        facts.append(("From a formula", f"The {row['from_formula'].replace('_', ' ')} shown is the text of a formula "
                      "with no saved value in the file; it was never run."))
    for field, label in (("priority", "Priority"), ("acceptance", "Acceptance")):
        if not is_missing(row.get(field)):
            facts.append((label, str(row[field])))
    return facts
