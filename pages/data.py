import hashlib

import pandas as pd
import streamlit as st

from bvdata import TrackerError, load_theme_scores, load_tracker, store
from bvdata.errors import StoreError
from bvdata.templates import tracker_template
from pages.common.dataset import Dataset, current_tracker, get_store, require_app, snapshot_dataset, snapshot_list, use_dataset
from pages.common.identity import current_user, require_analyst
from pages.common.sidebar import page_header
from pages.common.widgets import md_escape

require_app(__file__)
require_analyst()

tracker = current_tracker()
page_header("Data")
state = st.session_state

st.subheader("Upload a refreshed tracker")
st.caption("Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV. The file is checked first; "
           "the dashboard keeps showing the current data until you choose to use the new file.")
upload = st.file_uploader("Tracker file", type=["xlsx", "xlsm", "xls", "ods", "csv"], key="data_upload")


def issues_table(issues) -> pd.DataFrame:
    return pd.DataFrame([{"Level": i.level, "Sheet": i.sheet, "Row": i.row, "Column": i.column,
                          "Value": i.value, "Message": i.message} for i in issues],
                        columns=["Level", "Sheet", "Row", "Column", "Value", "Message"])


def publish_section(pending: dict) -> None:
    """Publish the checked upload as a snapshot; a big drop in actions asks for confirmation first."""
    engine, problem = get_store()
    if engine is None:
        st.warning(md_escape(problem))
        return
    checked = pending["tracker"]
    st.markdown("**Publish as a snapshot**")
    label = st.text_input("Label", value=store.default_label(checked), key="data_label", max_chars=300,
                          help='For example "Audit & Scrutiny Committee, 14 Feb 2022".')
    confirm = False
    dropped = state.get("bv_publish_dropped")
    if dropped is not None and dropped[0] == pending["sha256"]:
        st.warning(md_escape(dropped[1]))
        st.dataframe(dropped[2], hide_index=True, width="stretch", key="data_dropped")
        confirm = st.checkbox("Yes, these actions should disappear from the plan", key="data_confirm_drop")
    if st.button("Publish snapshot", type="primary", key="data_publish"):
        with st.spinner("Publishing…"):
            try:
                info = store.publish(engine, checked, pending["data"], label=label, published_by=current_user(),
                                     confirm_drop=confirm)
            except store.NeedsConfirmation as exc:
                state["bv_publish_dropped"] = (pending["sha256"], str(exc), exc.dropped)
                st.rerun()
            except StoreError as exc:
                st.info(md_escape(str(exc)))
                return
        state["bv_publish_dropped"] = None
        snapshot_list.clear()
        use_dataset(*snapshot_dataset(engine, info.id))
        state["bv_flash"] = f"Published snapshot {info.id}: {info.label}. Every page now shows it."
        st.rerun()


if state.get("bv_flash"):
    st.success(md_escape(state.pop("bv_flash")))

if upload is not None:
    data = upload.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    pending = state.get("bv_pending")
    if not pending or pending["sha256"] != sha256:
        with st.status(f"Reading {upload.name}…", expanded=True) as status:
            bar = st.progress(0.0)
            try:
                checked = load_tracker(data, upload.name, progress=lambda f, m: bar.progress(f, text=m))
            except TrackerError as exc:
                status.update(label="The file was not used", state="error")
                state["bv_pending"] = {"sha256": sha256, "error": str(exc)}
            else:
                status.update(label=f"Checked {upload.name}: {len(checked.actions):,} actions", state="complete")
                state["bv_pending"] = {"sha256": sha256, "name": upload.name, "data": data, "error": None,
                                       "tracker": checked}
    pending = state["bv_pending"]
    if pending["error"]:
        st.error(md_escape(pending["error"]) + "  \nThe dashboard still shows the data it had.")
    else:
        checked = pending["tracker"]
        warnings = checked.warnings
        st.success(md_escape(f"{pending['name']}: {len(checked.actions):,} actions under "
                             f"{len(checked.recommendations)} recommendations, "
                             f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}."))
        st.markdown("**Validation report**")
        if checked.issues:
            st.dataframe(issues_table(checked.issues), hide_index=True, width="stretch", key="data_report")
        else:
            st.caption("Nothing to report: every row and value was read.")
        publish_section(pending)
        if state["bv_dataset"].sha256 == pending["sha256"]:
            st.caption("This file is the one the dashboard is showing.")
        elif st.button("Look at it without publishing", key="data_use"):
            use_dataset(Dataset(pending["name"], "upload", pending["sha256"]), pending["data"])
            st.rerun()

st.subheader("Theme self-assessment scores from a separate file")
scores_file = st.file_uploader("Scores file (Theme, Period, Score[, Target] or one column per period)",
                               type=["xlsx", "xlsm", "xls", "ods", "csv"], key="data_scores_upload")
if scores_file is not None:
    data = scores_file.getvalue()
    try:
        scores = load_theme_scores(data, scores_file.name)
    except TrackerError as exc:
        st.error(md_escape(str(exc)))
    else:
        st.success(md_escape(f"{scores_file.name}: {scores.frame['theme'].nunique()} themes over "
                             f"{len(scores.periods)} periods."))
        if scores.issues:
            st.dataframe(issues_table(scores.issues), hide_index=True, width="stretch", key="data_scores_report")
        if st.button("Use these scores", key="data_scores_use"):
            state["bv_scores"] = (scores_file.name, hashlib.sha256(data).hexdigest(), data)
            st.rerun()

st.subheader("Data in use")
st.text(f"{tracker.source_name}: {len(tracker.actions):,} actions; SHA-256 {tracker.sha256[:16]}…")
with st.expander(f"Validation report for the data in use ({len(tracker.issues)} entries)"):
    st.dataframe(issues_table(tracker.issues), hide_index=True, width="stretch", key="data_current_report")

st.subheader("Blank tracker template")
st.download_button("Download blank tracker (.xlsx)", tracker_template(), "best_value_tracker_template.xlsx",
                   key="data_template")
