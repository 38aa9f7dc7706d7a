"""My actions: the signed-in lead officer's own open actions in every plan (grouped by plan), overdue
first, and an update on each. A link may name the plan and action (``?plan=3&action=2.1``).
Every request is checked on the server (bvdata.updates): a link naming another officer's action is
refused and written to the audit trail."""
import datetime as dt

import pandas as pd
import streamlit as st

from bvdata.base.cleantext import whole_number
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.base.formats import DATE_COLUMN, PERCENT_COLUMN
from bvdata.base.labels import COLUMN_LABELS, labelled
from bvdata.model.status import with_status
from bvdata.owners.updates import my_updates, own_actions, position_for, submit
from pages.common.plan import open_owner_page
from pages.common.widgets import md_escape
from pages.screens.update_form import clear_update_form, state_text, update_form

person, engine, found = open_owner_page(__file__, "My actions")
if person.local:
    st.info("Sign-in is not set up on this copy, so nobody can be identified as a lead officer here. Lead "
            "officers update their actions on the signed-in dashboard; on this copy an analyst enters updates "
            "in the tracker and publishes it on the Data page.")
    st.stop()
mine = [(u, with_status(own_actions(engine, person, u.actions), None)) for u in found]
mine = [(u, m[~m["progress"].isin(["complete", "closed"])], len(m)) for u, m in mine if len(m)]
if not mine:
    st.info("No action in the latest updates names you as a lead officer. If one should, ask the analyst "
            "to add your name as the tracker writes it, with your email address, on the Officers page.")
else:
    choices: dict[str, tuple] = {}      # "plan:action" -> (the plan's latest update, the action's wording)
    for latest, open_, named in mine:
        order = open_.assign(_late=open_["status"] != "overdue").sort_values(["_late", "due_date"])
        if len(found) > 1:
            st.subheader(md_escape(latest.plan_name))
        st.caption(md_escape(f"{len(order)} open of {named} actions that name you, in '{latest.label}'. Overdue "
                             f"first, as at today ({dt.date.today():%d %b %Y})."))
        st.dataframe(labelled(order[["action_id", "status_label", "completion", "due_date", "action"]]),
                     hide_index=True, width="stretch", placeholder="–", key=f"myactions_table_{latest.plan_id}",
                     column_config={COLUMN_LABELS["completion"]: st.column_config.ProgressColumn(
                         format=PERCENT_COLUMN, min_value=0, max_value=100),
                         COLUMN_LABELS["due_date"]: st.column_config.DateColumn(format=DATE_COLUMN)})
        choices |= {f"{latest.plan_id}:{a}": (latest, w) for a, w in zip(order["action_id"].astype(str), order["action"])}
    by_plan = {u.plan_id: u for u in found}
    asked_plan = st.query_params.get("plan")
    latest_asked = by_plan.get(asked_id) if (asked_id := whole_number(asked_plan)) is not None else found[0]
    asked = st.query_params.get("action")
    asked_key = f"{latest_asked.plan_id}:{asked}" if latest_asked is not None and asked is not None else None
    keys = list(choices)
    try:
        if asked_key is not None and asked_key not in choices:     # a link to an action: checked against its leads
            position_for(engine, person, latest_asked.actions, asked, latest_asked.snapshot_id)
        several = len(mine) > 1
        chosen = st.selectbox("Action to update", keys, index=keys.index(asked_key) if asked_key in keys else 0,
                              key="myactions_action",
                              format_func=lambda k: (f"{choices[k][0].plan_name} · " if several else "")
                              + f"{k.split(':', 1)[1]}: {str(choices[k][1])[:90]}")
        latest, action_id = choices[chosen][0], chosen.split(":", 1)[1]
        position = position_for(engine, person, latest.actions, action_id, latest.snapshot_id)
        action = latest.actions.iloc[position]
        due = "" if pd.isna(action["due_date"]) else f" · due {action['due_date']:%d %b %Y}"
        st.markdown(f"**Now:** {md_escape(action['lead_officer'])}{due}")
        if (sent := st.session_state.pop("myactions_sent", None)) is not None:
            st.success(f"Update {sent} sent to the analyst for review.")
        proposal = update_form(action, latest.fields, "myactions")
        if proposal is not None:
            update_id = submit(engine, person, latest.snapshot_id, position, proposal)
            st.session_state["myactions_sent"] = update_id
            clear_update_form("myactions")
            st.rerun()
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
                     "Sent": st.column_config.DatetimeColumn(format=DATE_COLUMN + " HH:mm"),
                     "New %": st.column_config.NumberColumn(format=PERCENT_COLUMN),
                     "New due date asked": st.column_config.DateColumn(format=DATE_COLUMN)})
