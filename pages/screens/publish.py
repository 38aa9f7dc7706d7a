"""The publish form: the date the update is for (shown, and required when the file gives none), a
label that starts from that date, never from an earlier publish, and a drop of many actions confirmed."""
from __future__ import annotations

import streamlit as st

from bvdata import store
from bvdata.base.errors import StoreError
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
    as_at = st.date_input("As at", key="data_as_at", format="DD/MM/YYYY", on_change=_follow_date, args=(checked,),
                          help="The date the update is for. Every committee figure is worked out as at this date.")
    st.caption(md_escape(f"Found in {source}." if checked.as_at_source else source[:1].upper() + source[1:] + "."))
    label = st.text_input("Label", key="data_label", max_chars=300,
                          help='For example "Audit & Scrutiny Committee, 14 Feb 2022".')
    listed = snapshot_list()
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
    problem = _problem(engine, label, as_at)
    if problem:
        st.error(md_escape(problem))
        return
    with st.spinner("Publishing…"):
        try:
            info = store.publish(engine, checked, pending["data"], label=label, published_by=who,
                                 confirm_drop=confirm, mapping_json=pending.get("mapping_json"), as_at=as_at)
        except store.NeedsConfirmation as exc:
            state["bv_publish_dropped"] = (pending["sha256"], str(exc), exc.dropped)
            st.rerun()
        except StoreError as exc:
            st.info(md_escape(str(exc)))
            return
    state["bv_publish_dropped"] = None
    use_dataset(*snapshot_dataset(engine, info.id))
    state["bv_flash"] = f"Published snapshot {info.id}: {info.label}. Every page now shows it."
    st.rerun()


def _problem(engine, label: str, as_at) -> str | None:
    if as_at is None:
        return "Give the date this update is as at: every overdue count and movement depends on it."
    if not (label or "").strip():
        return "Give the snapshot a label, such as the committee and its date."
    taken = store.label_taken(engine, label)
    if taken is not None:
        return f"Snapshot {taken.id} is already called '{taken.label}'; choose another label."
    return None
