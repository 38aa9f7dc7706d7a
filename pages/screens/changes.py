"""Compare's record of what changed besides progress: revised due dates (how often each slipped, and who
asked for and approved a revision made through a reviewed update), the values a snapshot took from
reviewed updates, and amended wording."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from bvdata import store
from bvdata.base.formats import DATE_COLUMN
from bvdata.owners.reviewed import provenance
from pages.common.connection import get_store
from pages.common.widgets import table


@st.cache_data(max_entries=32, show_spinner=False)
def slips_up_to(snapshot_id: int) -> pd.Series:
    """Due-date slips over the snapshots up to this one; fixed once that snapshot exists."""
    engine, _ = get_store()
    return store.slip_counts(engine, snapshot_id)


@st.cache_data(max_entries=32, show_spinner=False)
def from_updates(snapshot_id: int) -> pd.DataFrame:
    """What a snapshot took from reviewed updates (fixed once the snapshot exists)."""
    engine, _ = get_store()
    return provenance(engine, snapshot_id)


def changes_section(result, new_id: int, words) -> None:
    """The sections under Compare's movement, for the later snapshot ``new_id``."""
    items = words.item
    st.subheader("Revised due dates")
    slips = slips_up_to(new_id)
    made = from_updates(new_id)
    if result.due_date_changed:
        revised = pd.DataFrame(result.due_date_changed).rename(columns={"id": "No.", "old": "Original", "new": "Revised"})
        revised["Times slipped"] = revised["No."].map(slips).fillna(0).astype(int)
        dates = made[made["field"].isin(["due_date", "revised_due_date"])].drop_duplicates("action_id", keep="last")
        if len(dates):
            revised["Approved by"] = revised["No."].map(dates.set_index("action_id")["accepted_by"])
            revised["Asked for by"] = revised["No."].map(dates.set_index("action_id")["submitted_by"])
        revised[["Original", "Revised"]] = revised[["Original", "Revised"]].apply(pd.to_datetime)
        st.dataframe(revised, hide_index=True, width="stretch", placeholder="–", key="compare_due_dates",
                     column_config={c: st.column_config.DateColumn(format=DATE_COLUMN) for c in ("Original", "Revised")})
    else:
        st.caption("No due date changed between these snapshots.")

    if len(made):
        st.subheader("Values from reviewed updates")
        st.caption("Every other value in the later snapshot is from the uploaded file.")
        st.dataframe(made[["action_id", "field", "old_value", "new_value", "source"]].rename(columns={
            "action_id": "No.", "field": "Field", "old_value": "Was", "new_value": "Now", "source": "Source"}),
            hide_index=True, width="stretch", placeholder="–", key="compare_provenance")

    st.subheader(f"Amended {items.plural}")
    if result.wording_changed:
        amended = pd.DataFrame(result.wording_changed).rename(columns={
            "id": "No.", "old": f"Original {items.singular}", "new": f"Amended {items.singular}",
            "justification": "Justification for change"})
        order = ["No.", f"Amended {items.singular}", f"Original {items.singular}", "Justification for change"]
        table(amended[[c for c in order if c in amended] + [c for c in amended if c not in order]], "compare_amended",
              wide=order[1:], cards=True)
    else:
        st.caption("No action's wording changed between these snapshots.")
