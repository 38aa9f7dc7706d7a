"""One pending update beside the action's current values, with Accept and Reject."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from bvdata.base.formats import day
from pages.common.widgets import md_escape


def _shown(value, kind: str = "") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if kind == "%":
        return f"{value:.0f}%"
    if kind == "date":
        return day(value)
    return str(value)


def review_card(row, actions: pd.DataFrame) -> tuple[bool, str] | None:
    """(accept, comment) once the analyst decides, else None."""
    same = actions[actions["action_id"] == row.action_id]
    now = same.iloc[0] if len(same) else None
    with st.container(border=True):
        st.markdown(md_escape(f"Update {row.id} on action {row.action_id}, from {row.submitted_by}, "
                              f"{row.submitted_at:%d %b %Y %H:%M}"))
        if now is not None:
            st.caption(md_escape(str(now["action"])[:300]))
        table = pd.DataFrame([
            ("% complete", _shown(now["completion"] if now is not None else None, "%"), _shown(row.new_completion, "%")),
            ("Status", _shown(row.old_word), _shown(row.new_word)),
            ("Due date", _shown(row.old_due, "date"), _shown(row.requested_due, "date")),
            ("Why the date moves", "–", _shown(row.due_reason)),
            # the notes the action carries now; the proposed note is added under them
            ("Progress note", _shown(now["notes"] if now is not None and "notes" in now else None)[:300],
             _shown(row.note)),
            ("Evidence", "–", _shown(row.evidence)),
        ], columns=["", "Now", "Proposed"])
        st.dataframe(table[table["Proposed"] != "–"], hide_index=True, width="stretch", key=f"review_table_{row.id}")
        comment = st.text_input("Comment for the officer (required to reject)", key=f"review_comment_{row.id}")
        left, right = st.columns(2)
        if left.button("Accept", key=f"review_accept_{row.id}", type="primary"):
            return True, comment
        if right.button("Reject", key=f"review_reject_{row.id}"):
            return False, comment
    return None
