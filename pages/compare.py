import pandas as pd
import streamlit as st

from bvdata import store
import dataclasses

from bvdata.compare import MOVEMENTS
from bvdata.figures import movement_chart, status_roundup, trend_chart
from bvdata.history import Side, compare_sides, snapshot_side
from pages.common.dataset import get_store, require_app, snapshot_list
from pages.common.sidebar import apply_filters, filter_note
from pages.common.widgets import chart, download_buttons, md_escape

require_app(__file__)


@st.cache_data(max_entries=32, show_spinner=False)
def side(snapshot_id: int) -> Side:
    """A snapshot's actions, amendments and date; snapshots never change, so their id is the cache key."""
    engine, _ = get_store()
    return snapshot_side(engine, snapshot_id)


@st.cache_data(max_entries=32, show_spinner=False)
def slips_up_to(snapshot_id: int) -> pd.Series:
    """Due-date slips over the snapshots up to this one; fixed once that snapshot exists."""
    engine, _ = get_store()
    return store.slip_counts(engine, snapshot_id)


st.title("Compare snapshots")
engine, problem = get_store()
listed = snapshot_list()
if engine is None or len(listed) < 2:
    st.info(md_escape(problem) if problem else "Compare needs at least two published snapshots; publish a tracker on the Data page.")
    st.stop()

history = listed.iloc[::-1]                      # oldest first
ids = list(history["id"].astype(int))
labels = {int(r.id): f"{r.id}: {r.label}" for r in history.itertuples()}
left, right = st.columns(2)
old_id = left.selectbox("Earlier snapshot", ids, index=len(ids) - 2, format_func=labels.get, key="compare_old")
new_id = right.selectbox("Later snapshot", ids, index=len(ids) - 1, format_func=labels.get, key="compare_new")
if old_id == new_id:
    st.info("Pick two different snapshots.")
    st.stop()
if old_id > new_id:
    st.caption("The earlier snapshot was published after the later one; movement is shown from the first pick to the second.")

old_side, new_side = (dataclasses.replace(s, actions=apply_filters(s.actions)) for s in (side(old_id), side(new_id)))
if filter_note():
    st.info(md_escape(filter_note()))
moved = compare_sides(old_side, new_side)
old_status, new_status, result = moved.old_status, moved.new_status, moved.comparison
counts = {key: len(result.movement[key]) for key, _, _ in MOVEMENTS}

summary = "; ".join(f"{label} {counts[key]}" for key, label, _ in MOVEMENTS)
st.subheader(md_escape(f"{counts['completed']} actions completed since snapshot {old_id}, "
                       f"{counts['progressed']} progressed and {counts['went_backwards']} went backwards."))

col1, col2 = st.columns(2)
y_max = int(max(old_status["status"].value_counts().max(), new_status["status"].value_counts().max()))
with col1:
    when = old_side.when
    chart(status_roundup(old_status, f"Progress at {when}", y_max), "compare_roundup_old",
          f"At {when}: {(old_status['status'] == 'complete').sum()} of {len(old_status)} actions complete.")
with col2:
    when = new_side.when
    chart(status_roundup(new_status, f"Current progress ({when})", y_max), "compare_roundup_new",
          f"At {when}: {(new_status['status'] == 'complete').sum()} of {len(new_status)} actions complete.")

chart(movement_chart(counts, MOVEMENTS), "compare_movement", f"Movement per action: {summary}.")
for key, label, definition in MOVEMENTS:
    rows = result.actions[result.actions["movement"] == key]
    with st.expander(f"{label} ({len(rows)})"):
        st.caption(definition)
        st.dataframe(rows[["action_id", "action", "recommendation", "old_completion", "new_completion", "matched_by"]]
                     .rename(columns={"action_id": "No.", "action": "Action", "recommendation": "Recommendation",
                                      "old_completion": "Before (%)", "new_completion": "After (%)",
                                      "matched_by": "Matched by"}),
                     hide_index=True, width="stretch", key=f"compare_rows_{key}")

st.subheader("Change per recommendation")
recs = result.recommendations.rename(columns={
    "recommendation": "Recommendation", "old_actions": "Actions before", "new_actions": "Actions after",
    "old_mean_completion": "Mean before (%)", "new_mean_completion": "Mean after (%)", "change": "Change (points)",
    "old_complete": "Complete before", "new_complete": "Complete after"})
st.dataframe(recs, hide_index=True, width="stretch", key="compare_recommendations",
             column_config={"Change (points)": st.column_config.NumberColumn(format="%+.0f")})

st.subheader("Revised due dates")
slips = slips_up_to(max(old_id, new_id))
if result.due_date_changed:
    revised = pd.DataFrame(result.due_date_changed).rename(columns={"id": "No.", "old": "Original", "new": "Revised"})
    revised["Times slipped"] = revised["No."].map(slips).fillna(0).astype(int)
    st.dataframe(revised, hide_index=True, width="stretch", key="compare_due_dates")
else:
    st.caption("No due date changed between these snapshots.")

st.subheader("Amended actions")
if result.wording_changed:
    amended = pd.DataFrame(result.wording_changed).rename(columns={
        "id": "No.", "old": "Original action", "new": "Amended action", "justification": "Justification for change"})
    st.dataframe(amended, hide_index=True, width="stretch", key="compare_amended")
else:
    st.caption("No action's wording changed between these snapshots.")

download_buttons(result.actions.rename(columns={"old_completion": "completion_before", "new_completion": "completion_after"}),
                 f"comparison_{old_id}_{new_id}", "compare", "Comparison", "the comparison ")

st.subheader("Trend across all snapshots")
last = history.iloc[-1]
chart(trend_chart(history), "compare_trend",
      f"{len(history)} snapshots; the latest has {last.complete_count} actions complete and {last.overdue_count} overdue.")
