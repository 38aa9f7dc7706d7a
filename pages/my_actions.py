"""My actions: the signed-in lead officer's own open actions, overdue first, and an update on each.
Every request is checked on the server (bvdata.updates): a link naming another officer's action is
refused and written to the audit trail."""
import datetime as dt

import pandas as pd
import streamlit as st

from bvdata.base.errors import AccessRefused, StoreError
from bvdata.base.labels import COLUMN_LABELS, labelled
from bvdata.model.status import with_status
from bvdata.owners.updates import my_updates, own_actions, position_for, submit
from pages.common.plan import open_owner_page
from pages.common.widgets import md_escape
from pages.screens.update_form import state_text, update_form

person, engine, plan = open_owner_page(__file__, "My actions")

mine = with_status(own_actions(engine, person, plan.actions), None)
if mine.empty:
    st.info("No action in the latest update names you as a lead officer. If one should, ask the analyst "
            "to add your name as the tracker writes it, with your email address, on the Officers page."
            + (" (Sign-in is not configured here, so nobody is identified as an officer.)" if person.local else ""))
else:
    open_ = mine[~mine["progress"].isin(["complete", "closed"])]
    order = open_.assign(_late=open_["status"] != "overdue").sort_values(["_late", "due_date"])
    st.caption(f"{len(order)} open of {len(mine)} actions that name you, in '{plan.label}'. Overdue first, "
               f"as at today ({dt.date.today():%d %b %Y}).")
    st.dataframe(labelled(order[["action_id", "status_label", "completion", "due_date", "action"]]),
                 hide_index=True, width="stretch", placeholder="–", key="myactions_table", column_config={
                     COLUMN_LABELS["completion"]: st.column_config.ProgressColumn(format="%.0f%%", min_value=0,
                                                                                  max_value=100),
                     COLUMN_LABELS["due_date"]: st.column_config.DateColumn(format="DD/MM/YYYY")})
    asked = st.query_params.get("action")
    ids = list(order["action_id"].astype(str))
    try:
        if asked is not None and asked not in ids:     # a link to an action: checked against its leads
            position_for(engine, person, plan.actions, asked, plan.snapshot_id)
        chosen = st.selectbox("Action to update", ids, index=ids.index(asked) if asked in ids else 0,
                              key="myactions_action", format_func=lambda i: f"{i}: {order.set_index('action_id').loc[i, 'action'][:90]}")
        position = position_for(engine, person, plan.actions, chosen, plan.snapshot_id)
        action = plan.actions.iloc[position]
        due = "" if pd.isna(action["due_date"]) else f" · due {action['due_date']:%d %b %Y}"
        st.markdown(f"**Now:** {md_escape(action['lead_officer'])}{due}")
        proposal = update_form(action, plan.fields, "myactions")
        if proposal is not None:
            update_id = submit(engine, person, plan.snapshot_id, position, proposal)
            st.success(f"Update {update_id} sent to the analyst for review.")
    except AccessRefused as exc:
        st.error(md_escape(exc))
    except StoreError as exc:
        st.warning(md_escape(exc))

st.subheader("Your updates")
sent = my_updates(engine, person)
if sent.empty:
    st.caption("You have not submitted an update yet.")
else:
    sent = sent.assign(state_text=[state_text(r) for r in sent.itertuples()])
    st.dataframe(sent[["id", "action_id", "submitted_at", "new_completion", "new_word", "requested_due", "note",
                       "state_text"]].rename(columns={"id": "Update", "action_id": "Action", "submitted_at": "Sent",
                                                      "new_completion": "New %", "new_word": "New status",
                                                      "requested_due": "New due date asked", "note": "Note",
                                                      "state_text": "State"}),
                 hide_index=True, width="stretch", placeholder="–", key="myactions_updates", column_config={
                     "Sent": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
                     "New %": st.column_config.NumberColumn(format="%.0f%%"),
                     "New due date asked": st.column_config.DateColumn(format="DD/MM/YYYY")})
