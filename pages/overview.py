import streamlit as st

from bvdata.figures import status_roundup
from bvdata.history import movement_since_previous
from bvdata.report import ChartRenderer, ReportError, build_report
from bvdata.status import STATUS_RULES, headline, summary_sentence
from pages.common.dataset import Dataset, as_of, current_tracker, get_store, require_app
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, md_escape

require_app(__file__)


def report_section(tracker) -> None:
    """Prepare the committee paper (it takes a few seconds: charts are drawn in a browser), then
    offer it for download."""
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    key = (dataset.sha256, as_of())
    if st.button("Prepare committee report (.docx)", key="overview_prepare_report"):
        with st.status("Preparing the committee report…", expanded=True) as status:
            try:
                engine, _ = get_store()
                previous = None
                if engine is not None:
                    st.write("Comparing with the previous snapshot")
                    previous = movement_since_previous(engine, tracker, dataset.snapshot_id)
                st.write("Drawing the charts")
                with ChartRenderer() as renderer:
                    st.write("Writing the document")
                    data = build_report(tracker, renderer, as_of(), previous)
            except ReportError as exc:
                status.update(label="The report could not be prepared", state="error")
                st.error(md_escape(str(exc)))
                return
            state["bv_report"] = (key, data)
            status.update(label="The committee report is ready", state="complete")
    ready = state.get("bv_report")
    if ready and ready[0] == key:
        st.download_button("Download committee report", ready[1], f"committee_report_{as_of():%Y-%m-%d}.docx",
                           key="overview_download_report", on_click="ignore", type="primary",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")



tracker = current_tracker()
page_header("Overview")
df = filtered_actions(tracker)
h = headline(df)

noun = tracker.noun
st.subheader(md_escape(summary_sentence(df, noun)))
figures = [(noun[1].capitalize(), f"{h['actions']:,}"), ("Complete", f"{h['complete']:,}"),
           ("Overdue", f"{h['overdue']:,}"), ("No update", f"{h['no_update']:,}")]
# closed without completion and paused are counted apart, never as complete (shown when there are any)
figures += [(label, f"{h[key]:,}") for key, label in (("closed", "Closed"), ("paused", "Paused")) if h[key]]
if tracker.has_completion:
    figures.append(("Mean %", "–" if h["mean_completion"] is None else f"{h['mean_completion']:.0f}%"))
for column, (label, value) in zip(st.columns(len(figures)), figures):
    column.metric(label, value)

counts = df["status"].value_counts()
roundup_text = "; ".join(f"{rule.label} {int(counts.get(rule.key, 0))}" for rule in STATUS_RULES)
chart(status_roundup(df, noun=noun), "overview_roundup", f"{noun[1].capitalize()} by status: {roundup_text}.")

with st.expander("What each status means"):
    st.table({"Status": [r.label for r in STATUS_RULES], "Rule": [r.definition for r in STATUS_RULES]})

st.subheader("Committee report")
st.caption("A Word document in the shape of the committee paper: summary, round-up chart, a table per "
           "recommendation, amended actions, the overdue list and the theme radar. It covers every action, "
           "whatever the filters.")
report_section(tracker)
