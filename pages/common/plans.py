"""Which plan the dashboard shows, when the store holds several: the plans (cached on what the store
holds), the plan of the data shown, the sidebar's picker above the snapshot picker (only when there is
more than one plan), and deep links that carry ``?plan=``."""
from __future__ import annotations

import streamlit as st

from bvdata.base.names import name_key

from .connection import get_store
from .dataset import plan_list, shown_plan_id, snapshot_dataset, use_dataset


def use_plan(plan_id: int) -> None:
    """Show a plan: its latest snapshot, with the filters and status date afresh."""
    from bvdata import store
    engine, _ = get_store()
    latest = store.latest_snapshot_id(engine, plan=plan_id) if engine is not None else None
    if latest is not None:
        use_dataset(*snapshot_dataset(engine, latest))


def follow_plan_link() -> None:
    """A link that names a plan (``?plan=3`` or ``?plan=Best%20Value%20plan``) opens on that plan."""
    asked = st.query_params.get("plan")
    if not asked or asked == st.session_state.get("bv_plan_link"):
        return          # followed once: afterwards the sidebar (or an upload) decides what is shown
    st.session_state["bv_plan_link"] = asked
    found = next((p for p in plan_list() if str(p.id) == asked or name_key(p.name) == name_key(asked)), None)
    if found is not None and found.id != shown_plan_id():
        use_plan(found.id)


def plan_picker() -> None:
    """The sidebar's plan picker, above the snapshot picker: only when the store holds more than one plan."""
    plans = plan_list()
    if len(plans) < 2:
        return
    names = {p.id: p.name for p in plans}
    st.session_state["sidebar_plan"] = shown_plan_id() if shown_plan_id() in names else None
    st.selectbox("Plan", list(names), format_func=names.get, key="sidebar_plan", index=None,
                 placeholder="Not a published plan", on_change=_switch_plan,
                 help="Every plan the committee oversees keeps its own history; pick one to see its latest update.")


def _switch_plan() -> None:
    chosen = st.session_state["sidebar_plan"]
    if chosen is not None:
        use_plan(chosen)
        st.query_params["plan"] = st.session_state["bv_plan_link"] = str(chosen)


def leave_withdrawn_plan() -> None:
    """After a plan is withdrawn: if it was the one shown, show the plan a new visit opens on (or, with
    none left, start afresh)."""
    from .dataset import opening_snapshot
    if shown_plan_id() is None or shown_plan_id() in {p.id for p in plan_list()}:
        return
    engine, _ = get_store()
    opening = opening_snapshot(engine)
    if opening is not None:
        use_dataset(*snapshot_dataset(engine, opening))
    else:
        st.session_state["bv_dataset"] = None
