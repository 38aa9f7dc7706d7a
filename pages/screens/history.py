"""The Data page's record of the store: every snapshot with who published it, withdraw (with a
reason) and restore, and the audit trail. Analysts only: the Data page checks the role on the server."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from bvdata.base.errors import StoreError
from bvdata.store import audit
from bvdata.store.withdrawals import restore, withdraw
from pages.common.connection import app_settings
from pages.common.dataset import snapshot_list
from pages.common.widgets import md_escape, table

TRAIL_ROWS = 200


def history_screen(engine, who: str) -> None:
    st.subheader("Snapshots")
    listed = snapshot_list(include_withdrawn=True)
    if listed.empty:
        st.caption("Nothing has been published yet.")
        return
    shown = pd.DataFrame({
        "Snapshot": listed["id"], "Label": listed["label"], "As at": listed["as_at"].dt.strftime("%d %b %Y"),
        "Published by": listed["published_by"], "Published": pd.to_datetime(listed["published_at"]).dt.strftime("%d %b %Y %H:%M"),
        "Withdrawn": [None if pd.isna(b) else f"by {b} on {pd.Timestamp(a):%d %b %Y}: {w}"
                      for b, a, w in zip(listed["withdrawn_by"], listed["withdrawn_at"], listed["withdrawn_why"])]})
    table(shown, "history_snapshots", wide=["Withdrawn"])
    live = listed[listed["withdrawn_by"].isna()]
    gone = listed[listed["withdrawn_by"].notna()]
    names = {int(r.id): f"{r.id}: {r.label}" for r in listed.itertuples()}
    left, right = st.columns(2)
    with left.form("history_withdraw_form", clear_on_submit=True):
        st.markdown("**Withdraw a snapshot**")
        chosen = st.selectbox("Snapshot", list(live["id"].astype(int)), format_func=names.get, index=None,
                              key="history_withdraw_id", placeholder="Choose the snapshot to withdraw")
        reason = st.text_input("Why (kept in the audit trail)", key="history_withdraw_reason", max_chars=500)
        if st.form_submit_button("Withdraw"):
            if chosen is None:
                st.warning("Choose the snapshot to withdraw first.")
            else:
                _act(lambda: withdraw(engine, chosen, who, reason, app_settings().plan_analysts),
                     f"Withdrew snapshot {chosen}. It stays in the store and can be restored.")
    with right.form("history_restore_form"):
        st.markdown("**Restore a withdrawn snapshot**")
        back = st.selectbox("Snapshot", list(gone["id"].astype(int)), format_func=names.get, index=None,
                            key="history_restore_id", placeholder="None is withdrawn" if gone.empty else "Choose")
        if st.form_submit_button("Restore"):
            if back is None:
                st.warning("Choose the snapshot to restore first.")
            else:
                _act(lambda: restore(engine, back, who, app_settings().plan_analysts), f"Restored snapshot {back}.")
    _sample_plan(engine, who)
    _rename_plan(engine, who)
    st.subheader("Audit trail")
    trail = audit.trail(engine, limit=TRAIL_ROWS)
    table(pd.DataFrame({"When": pd.to_datetime(trail["at"]).dt.strftime("%d %b %Y %H:%M"), "Who": trail["who"],
                        "What": trail["action"], "Snapshot": trail["snapshot_id"].astype("Int64"),
                        "Detail": trail["detail"]}), "history_trail", wide=["Detail"])
    st.caption(f"The latest {TRAIL_ROWS} events; `python -m bvdata audit` prints them all. The database refuses "
               "any change to this table.")


def _sample_plan(engine, who: str) -> None:
    """Withdraw the whole sample plan (or bring it back), with a trace in the audit trail."""
    from bvdata.store.plans import list_plans, restore_plan, withdraw_plan
    from pages.common.plans import leave_withdrawn_plan
    sample = next((p for p in list_plans(engine, include_withdrawn=True) if p.sample), None)
    if sample is None:
        return
    live = sample.id in {p.id for p in list_plans(engine)}
    if live and st.button("Withdraw the sample plan", key="history_withdraw_sample",
                          help="The sample that comes with the tracker is a plan of its own; withdrawing it hides "
                               "it everywhere. It stays in the store and can be brought back."):
        _act(lambda: (withdraw_plan(engine, sample.id, who, "the sample is not needed", app_settings().plan_analysts),
                      leave_withdrawn_plan()),
             f"Withdrew the plan '{sample.name}'. It stays in the store and can be brought back here.")
    if not live and st.button("Bring back the sample plan", key="history_restore_sample"):
        _act(lambda: restore_plan(engine, sample.id, who, app_settings().plan_analysts), f"Brought back the plan '{sample.name}'.")


def _rename_plan(engine, who: str) -> None:
    """Give one of the council's plans a new name, with an event (the first name stays in the record)."""
    from bvdata.store.plans import list_plans, rename_plan
    own = {p.id: p.name for p in list_plans(engine, include_withdrawn=True) if not p.sample}
    if not own:
        return
    with st.form("history_rename_form", clear_on_submit=False):
        st.markdown("**Rename a plan**")
        left, right = st.columns(2)
        chosen = left.selectbox("Plan", list(own), format_func=own.get, key="history_rename_id")
        name = right.text_input("New name", key="history_rename_name", placeholder="As the committee knows the plan")
        if st.form_submit_button("Rename"):
            _act(lambda: rename_plan(engine, chosen, name, who, app_settings().plan_analysts),
                 f"Renamed the plan '{own.get(chosen)}' to '{name.strip()}'. The audit trail keeps both names.")


def _act(do, done: str) -> None:
    try:
        do()
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state["bv_flash"] = done
    st.rerun()
