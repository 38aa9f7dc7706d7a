"""Data (analysts): upload a tracker, read its validation report, map its columns, publish it as a snapshot."""
import hashlib

import streamlit as st

from bvdata import TrackerError, load_theme_scores, load_tracker
from bvdata.base.labels import plural
from bvdata.papers.templates import tracker_template
from bvdata.read import formats
from bvdata.read.assembly.mapping import ColumnMapping
from bvdata.read.assembly.tracker import NoTable
from bvdata.read.assembly.validation import issue_kinds, issues_frame
from bvdata.store.mappings import saved_for, used_mapping
from pages.common.connection import app_settings, get_store
from pages.common.dataset import Dataset, current_tracker, use_dataset
from pages.common.identity import current_user, require_analyst
from pages.common.navigation import require_app
from pages.common.sidebar import page_header
from pages.common.widgets import download_buttons, md_escape, page_links
from pages.screens.history import history_screen
from pages.screens.mapping import mapping_screen
from pages.screens.publish import publish_form, reset_form

require_app(__file__, needs_data=False)      # the first upload into an empty store starts here
require_analyst()

LISTED = 100        # entries of a validation report listed on the page; the download has them all

tracker = current_tracker() if st.session_state["bv_dataset"] is not None else None
page_header("Data", per_plan=False)          # uploads go into any plan: the form says which
state = st.session_state
engine, store_problem = get_store()

st.subheader("Upload a refreshed tracker")
st.caption(f"{formats.in_words()[0].upper()}{formats.in_words()[1:]}. The file is checked first; the dashboard keeps "
           "showing the current data until you choose to use the new file.")
upload = st.file_uploader("Tracker file, or the committee paper (Word or PDF)", type=list(formats.accepted_suffixes()),
                          key="data_upload")


def validation_report(issues, key: str) -> None:
    """Grouped by kind with counts; the first entries listed; every entry in the download."""
    if not issues:
        st.caption("Nothing to report: every row and value was read.")
        return
    st.dataframe(issue_kinds(issues), hide_index=True, width="stretch", placeholder="–", key=f"{key}_kinds",
                 column_config={"First example": st.column_config.TextColumn(width="large")})
    frame = issues_frame(issues)
    shown = f"the first {LISTED} of {len(frame):,}" if len(frame) > LISTED else (f"all {len(frame):,}" if len(frame) > 1 else "the one")
    with st.expander(f"Entries: {shown}"):
        st.dataframe(frame.head(LISTED), hide_index=True, width="stretch", placeholder="–", key=key)
    download_buttons(frame, "validation_report", key, "Validation report", "the full report ")


def check_upload(name: str, data: bytes, sha256: str) -> None:
    saved = saved_for(engine, current_user(), app_settings().plan_analysts) if engine is not None else []
    once = state.get("data_mapping_once") or (None, None)
    mappings = ([ColumnMapping.from_json(once[1])] if once[0] == sha256 else []) + [s.mapping for s in saved]
    with st.status(md_escape(f"Reading {name}…"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            checked = load_tracker(data, name, progress=lambda f, m: bar.progress(f, text=m), mappings=mappings)
        except TrackerError as exc:
            status.update(label="The file was not used", state="error")
            state["bv_pending"] = {"sha256": sha256, "name": name, "data": data, "error": str(exc),
                                   "unmapped": isinstance(exc, NoTable)}
            return
        status.update(label=md_escape(f"Checked {name}: {checked.words.item.count(len(checked.actions))}"), state="complete")
    used = next((m.to_json() for m in mappings if m.name == checked.mapping), None)
    note = (saved_note.sentence() if (saved_note := used_mapping(saved, checked)) else
            "Read with the column mapping you gave for this file." if used else None)
    state["bv_pending"] = {"sha256": sha256, "name": name, "data": data, "error": None, "tracker": checked,
                           "mapping_json": used, "mapping_note": note}
    reset_form(checked)


if state.get("bv_flash"):
    st.success(md_escape(state.pop("bv_flash")))

if upload is not None:
    data = upload.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    if not state.get("bv_pending") or state["bv_pending"]["sha256"] != sha256:
        check_upload(upload.name, data, sha256)
    pending = state["bv_pending"]
    if pending["error"]:
        st.error(md_escape(pending["error"]) + "  \nThe dashboard still shows the data it had.")
    else:
        checked = pending["tracker"]
        st.success(md_escape(f"{pending['name']}: {checked.words.item.count(len(checked.actions))} under "
                             f"{checked.words.group.count(len(checked.recommendations))}, "
                             f"{plural(len(checked.warnings), 'warning')}."))
        st.markdown("**Validation report**")
        if pending.get("mapping_note"):
            st.info(md_escape(pending["mapping_note"]))
        validation_report(checked.issues, "data_report")
        if engine is None:
            st.warning(md_escape(store_problem))
        else:
            publish_form(pending, engine, current_user())
        if state["bv_dataset"] is not None and state["bv_dataset"].sha256 == pending["sha256"]:
            st.caption("This file is the one the dashboard is showing.")
        elif st.button("Look at it without publishing", key="data_use"):
            use_dataset(Dataset(pending["name"], "upload", pending["sha256"], mapping_json=pending.get("mapping_json")),
                        pending["data"])
            st.rerun()
    refused = bool(pending.get("unmapped"))
    if "data" in pending and (refused or not pending["error"]):
        opened = state.get("data_mapping_for") == pending["sha256"]
        label = "Map its columns" if refused else "Map the columns yourself (if this is not read as you expect)"
        if not opened and st.button(label, type="primary" if refused else "secondary", key="data_map"):
            state["data_mapping_for"] = opened = pending["sha256"]
        if opened:
            mapping_screen(pending, engine, current_user())

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
        st.success(md_escape(f"{scores_file.name}: {plural(scores.frame['theme'].nunique(), 'theme')} over "
                             f"{plural(len(scores.periods), 'period')}."))
        validation_report(scores.issues, "data_scores_report")
        if st.button("Use these scores", key="data_scores_use"):
            state["bv_scores"] = (scores_file.name, hashlib.sha256(data).hexdigest(), data)
            st.rerun()

if tracker is not None:
    st.subheader("Data in use")
    st.text(f"{tracker.source_name}: {tracker.words.item.count(len(tracker.actions))}; SHA-256 {tracker.sha256[:16]}…")
    st.caption(f"Its validation report: {plural(len(tracker.issues), 'entry', 'entries')}.")
    validation_report(tracker.issues, "data_current_report")

if engine is not None:
    history_screen(engine, current_user())
    st.subheader("Lead officers' updates")
    st.caption("Officers update their own actions on My actions; you review them, publish them as a snapshot "
               "and download your workbook with them written in. Officers' email addresses and the reminders "
               "are on their own page.")
    page_links([("pages/review.py", "Review updates", ":material/fact_check:"),
                ("pages/officers.py", "Officers and reminders", ":material/contact_mail:")])

st.subheader("Blank tracker template")
st.download_button("Download blank tracker (.xlsx)", tracker_template(), "best_value_tracker_template.xlsx",
                   key="data_template")
