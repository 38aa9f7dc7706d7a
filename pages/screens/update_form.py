"""The form a lead officer fills in for one of their actions: a new % or status (whichever the
tracker keeps), a progress note, an evidence link, and optionally a new due date with a reason."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from bvdata.owners.updates import MAX_NOTE, Proposal
from bvdata.owners.writeback import writable_targets
from bvdata.read.cells.progress import rag_key, state_words


def _word_choices(fields: frozenset) -> list[str]:
    """The words offered: RAG colours when the file keeps only a colour, else one status word per state."""
    if "progress_word" not in fields and "rag" in fields:
        return [r["colour"] for r in rag_key()]
    return state_words()


def update_form(action: pd.Series, fields: frozenset, key: str) -> Proposal | None:
    """The officer's proposal once they press Submit, else None."""
    targets = writable_targets(fields)
    # never cleared on submit, and no limit in the browser (which empties a pasted text over it): a refusal
    # leaves every field as typed; ``clear_update_form`` empties them once the update is sent
    with st.form(f"{key}_form", clear_on_submit=False, enter_to_submit=False):
        completion = word = None
        if "completion" in fields:
            now = action["completion"]
            completion = st.number_input("New % complete", min_value=0, max_value=100, step=5,
                                         value=None if pd.isna(now) else int(now), key=f"{key}_completion",
                                         placeholder="leave blank to keep")
        if "progress_word" in fields or "rag" in fields:
            choices = _word_choices(fields)
            word = st.selectbox("New status", choices, index=None, key=f"{key}_word", placeholder="keep as it is")
        note = st.text_area("Progress note", key=f"{key}_note",
                            help=f"What has been done since the last update, up to {MAX_NOTE:,} characters; "
                                 "added to the notes in the tracker.")
        evidence = st.text_input("Evidence link (optional)", key=f"{key}_evidence", placeholder="https://…")
        new_due = reason = None
        if "due" in targets:
            new_due = st.date_input("Ask for a new due date (optional)", value=None, key=f"{key}_due",
                                    min_value=dt.date(2000, 1, 1), format="DD/MM/YYYY")
            reason = st.text_input("Why the date should move", key=f"{key}_reason")
        sent = st.form_submit_button("Submit the update", type="primary")
    if not sent:
        return None
    unchanged = completion is not None and not pd.isna(action["completion"]) and completion == action["completion"]
    return Proposal(completion=None if completion is None or unchanged else float(completion), word=word,
                    note=note or None, evidence=evidence or None, requested_due=new_due, due_reason=reason or None)


FIELDS = ("completion", "word", "note", "evidence", "due", "reason")


def clear_update_form(key: str) -> None:
    """Empty the form's fields for the next run, once its update was sent."""
    for name in FIELDS:
        st.session_state.pop(f"{key}_{name}", None)


def state_text(row) -> str:
    """'Accepted by ana@… : comment' and the like, for the officer's list of their updates."""
    if row.state == "pending":
        return "Pending review"
    if row.state == "returned":
        return f"Returned, not applied: {row.returned_why} Send it again on the action as it now stands."
    text = f"{row.state.capitalize()} by {row.reviewed_by}"
    return text + (f": {row.comment}" if isinstance(row.comment, str) and row.comment else "")

