import streamlit as st

from bvdata.figures import status_roundup
from bvdata.status import STATUS_RULES, headline, summary_sentence
from pages.common import require_app, chart, current_tracker, filtered_actions, md_escape, page_header, report_section

require_app()

tracker = current_tracker()
page_header("Overview", tracker)
df = filtered_actions(tracker)
h = headline(df)

st.subheader(md_escape(summary_sentence(df)))
cols = st.columns(5)
cols[0].metric("Actions", f"{h['actions']:,}")
cols[1].metric("Complete", f"{h['complete']:,}")
cols[2].metric("Overdue", f"{h['overdue']:,}")
cols[3].metric("No update", f"{h['no_update']:,}")
cols[4].metric("Mean completion", "–" if h["mean_completion"] is None else f"{h['mean_completion']:.0f}%")

counts = df["status"].value_counts()
roundup_text = "; ".join(f"{rule.label} {int(counts.get(rule.key, 0))}" for rule in STATUS_RULES)
chart(status_roundup(df), "overview_roundup", f"Actions by status: {roundup_text}.")

with st.expander("What each status means"):
    st.table({"Status": [r.label for r in STATUS_RULES], "Rule": [r.definition for r in STATUS_RULES]})

st.subheader("Committee report")
st.caption("A Word document in the shape of the committee paper: summary, round-up chart, a table per "
           "recommendation, amended actions, the overdue list and the theme radar. It covers every action, "
           "whatever the filters.")
report_section(tracker)
