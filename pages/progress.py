import streamlit as st

from bvdata.labels import COLUMN_LABELS, labelled
from bvdata.figures import recommendation_progress, selected_recommendation
from bvdata.status import STATUS_RULES, by_recommendation
from pages.common.dataset import current_tracker, require_app
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, download_buttons

require_app(__file__)

tracker = current_tracker()
page_header("Progress by recommendation")
df = filtered_actions(tracker)
summary = by_recommendation(df, tracker.recommendations)

if summary.empty:
    st.info("No actions match the current filters.")
    st.stop()

best = summary.sort_values("mean_completion", ascending=False).iloc[0]
text = (f"{len(summary)} recommendations; the furthest along is at {best.mean_completion:.0f}% mean completion."
        if best.mean_completion == best.mean_completion else f"{len(summary)} recommendations; none has a completion value.")
event = chart(recommendation_progress(summary), "progress_chart", text + " Click a bar to list its actions.",
              on_select="rerun", selection_mode="points")

chosen = selected_recommendation(event.selection if event else None)
if chosen:
    st.subheader("Actions under this recommendation")
    st.text(chosen)
    rows = df[df["recommendation"] == chosen]
    st.dataframe(
        labelled(rows[["action_id", "action", "due_date", "lead_officer", "completion", "status_label", "notes"]]),
        hide_index=True, width="stretch",
        column_config={COLUMN_LABELS["completion"]: st.column_config.NumberColumn(format="%.0f%%"),
                       COLUMN_LABELS["due_date"]: st.column_config.DateColumn(format="DD/MM/YYYY")},
    )
else:
    st.caption("Click a bar to list that recommendation's actions here.")

st.subheader("Status counts by recommendation")
table = summary[["recommendation", "actions", "mean_completion"] + [r.key for r in STATUS_RULES]]
st.dataframe(labelled(table), hide_index=True, width="stretch",
             column_config={COLUMN_LABELS["mean_completion"]: st.column_config.ProgressColumn(
                 format="%.0f%%", min_value=0, max_value=100)})
download_buttons(table, "recommendations", "progress", "Recommendations", "this table ")
