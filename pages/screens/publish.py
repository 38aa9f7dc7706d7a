"""The publish form: the plan the file goes into (preselected by evidence: the plan whose latest update
shares at least half its items; else a new plan, named here), the date the update is for (shown, and
required when the file gives none), a label that starts from that date, never from an earlier publish,
and a drop of many actions confirmed. Whether this analyst may publish to the plan is checked by
bvdata.store on the server."""
from __future__ import annotations

import streamlit as st

from bvdata import store
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.store import audit
from bvdata.store.plans import KINDS, SHARE, Plan
from bvdata.store.publishing import NewPlan, plan_name_of
from pages.common.connection import app_settings
from pages.common.dataset import snapshot_dataset, snapshot_list, use_dataset
from pages.common.widgets import md_escape


def reset_form(checked) -> None:
    """Fresh values for a newly checked upload (the widgets would otherwise keep the previous file's)."""
    st.session_state["data_as_at"] = checked.as_at
    st.session_state["data_label"] = store.default_label(checked)
    st.session_state["data_label_for"] = checked.as_at


def _follow_date(checked) -> None:
    """A label still on its default follows a corrected date; one the analyst typed is left alone."""
    state = st.session_state
    if state.get("data_label", "") in ("", store.default_label(checked, state.get("data_label_for"))):
        state["data_label"] = store.default_label(checked, state.get("data_as_at"))
    state["data_label_for"] = state.get("data_as_at")


def publish_form(pending: dict, engine, who: str) -> None:
    """Publish the checked upload as a snapshot; a big drop in actions asks for confirmation first."""
    state = st.session_state
    checked = pending["tracker"]
    st.markdown("**Publish as a snapshot**")
    source = checked.as_at_source or "the tracker names no date: give the date this update is for"
    if state.get("data_as_at_for") != pending["sha256"]:      # a reopened upload: its own date, or blank
        state["data_as_at"], state["data_as_at_for"] = state.get("data_as_at", checked.as_at), pending["sha256"]
    # blank, never today, until the file or the analyst gives the date (value=None: Streamlit's default is today)
    as_at = st.date_input("As at", value=None, key="data_as_at", format="DD/MM/YYYY", on_change=_follow_date, args=(checked,),
                          help="The date the update is for. Every committee figure is worked out as at this date.")
    st.caption(md_escape(f"Found in {source}." if checked.as_at_source else source[:1].upper() + source[1:] + "."))
    label = st.text_input("Label", key="data_label", max_chars=300,
                          help='For example "Audit & Scrutiny Committee, 14 Feb 2022".')
    plan = plan_choice(pending, engine)
    listed = snapshot_list(plan=plan.id) if isinstance(plan, Plan) else snapshot_list().iloc[0:0]
    if as_at is not None and not listed.empty and listed["as_at"].notna().any():
        latest = listed.iloc[0]         # newest first
        if latest["as_at"] == latest["as_at"] and as_at < latest["as_at"].date():
            st.info(md_escape(f"This update is dated before snapshot {latest['id']} ({latest['label']}); "
                              "it will appear before it in the history."))
    confirm = False
    dropped = state.get("bv_publish_dropped")
    if dropped is not None and dropped[0] == pending["sha256"]:
        st.warning(md_escape(dropped[1]))
        st.dataframe(dropped[2], hide_index=True, width="stretch", placeholder="–", key="data_dropped")
        confirm = st.checkbox("Yes, these actions should disappear from the plan", key="data_confirm_drop")
    if not st.button("Publish snapshot", type="primary", key="data_publish"):
        return
    problem = _problem(engine, label, as_at, plan)
    if problem:
        st.error(md_escape(problem))
        return
    with st.spinner("Publishing…"):
        try:
            info = store.publish(engine, checked, pending["data"], label=label, published_by=who,
                                 confirm_drop=confirm, mapping_json=pending.get("mapping_json"), as_at=as_at,
                                 plan=plan, plan_analysts=app_settings().plan_analysts)
        except store.NeedsConfirmation as exc:
            state["bv_publish_dropped"] = (pending["sha256"], str(exc), exc.dropped)
            st.rerun()
        except AccessRefused as exc:
            st.error(md_escape(exc))
            return
        except StoreError as exc:
            st.info(md_escape(str(exc)))
            return
    state["bv_publish_dropped"] = None
    use_dataset(*snapshot_dataset(engine, info.id))
    state["bv_flash"] = f"Published snapshot {info.id}: {info.label}. Every page now shows it."
    st.rerun()


def _problem(engine, label: str, as_at, plan) -> str | None:
    if as_at is None:
        return "Give the date this update is as at: every overdue count and movement depends on it."
    if not (label or "").strip():
        return "Give the snapshot a label, such as the committee and its date."
    if plan is None:
        return "Choose the plan this file goes into."
    if isinstance(plan, NewPlan) and not plan.name.strip():
        return "Give the new plan a name."
    taken = store.label_taken(engine, label, plan=plan.id) if isinstance(plan, Plan) else None
    if taken is not None:
        return f"Snapshot {taken.id} is already called '{taken.label}'; choose another label."
    return None


NEW = -1        # the plan chooser's entry for a new plan


def plan_choice(pending: dict, engine) -> Plan | NewPlan | None:
    """The plan the file goes into: the analyst's choice, preselected by the evidence (worked out once
    per upload and store version), with what the file shares with it in words."""
    from bvdata.store.plans import Ambiguous, evidence, qualifying
    checked, noun = pending["tracker"], pending["tracker"].noun[1]
    version = audit.version(engine)
    if pending.get("evidence_for") != version:
        pending["evidence"], pending["evidence_for"] = evidence(engine, checked.actions), version
    found = {e.plan.id: e for e in pending["evidence"]}
    candidates = qualifying(pending["evidence"])
    best = candidates[0] if len(candidates) == 1 else None
    options = [*found, NEW]
    if st.session_state.get("data_plan_for") != (pending["sha256"], version):      # a new upload: the evidence's choice
        st.session_state["data_plan"] = best.plan.id if best else (None if candidates else NEW)
        st.session_state["data_plan_for"] = (pending["sha256"], version)
        st.session_state["data_plan_name"] = plan_name_of(checked, from_file_name=False)
    names = {i: e.plan.name for i, e in found.items()} | {NEW: "A new plan"}
    chosen = st.selectbox("Plan", options, format_func=names.get, key="data_plan", placeholder="Choose the plan",
                          help="Every plan keeps its own history; Compare, the burn-up and the drop check stay inside it.")
    if len(candidates) > 1:            # two plans could be its own: the analyst says which, never the store
        st.warning(md_escape(str(Ambiguous(candidates, "This file", noun))))
    if chosen is None:
        return None
    if chosen != NEW:
        e = found[chosen]
        said = f"This file {e.sentence(noun)}."
        (st.caption if e.share >= SHARE else st.warning)(md_escape(said if e.share >= SHARE else said + (
            " That is less than half, so it may be another plan: publishing it here would look like most of "
            "the plan's items had gone.")))
        return e.plan
    st.caption(md_escape("It shares fewer than half its " + noun + " with every plan, so it starts a new one." if found
                         else "This is the store's first plan of your own."))
    left, middle, right = st.columns(3)
    name = left.text_input("New plan's name", key="data_plan_name", placeholder="For example: Best Value plan 2022",
                           help="The file's own title when it has one; a name as the committee knows the plan.")
    kind = middle.selectbox("Kind", list(KINDS), format_func=KINDS.get, key="data_plan_kind")
    body = right.text_input("Body it belongs to (optional)", key="data_plan_body", max_chars=200)
    return NewPlan(name or "", kind, body or None)
