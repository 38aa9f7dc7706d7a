"""Compare: two snapshots of one plan, earlier to later: round-ups, movement per action, trend and burn-up."""
import dataclasses

import pandas as pd
import streamlit as st

from bvdata.base.formats import PERCENT_COLUMN, day
from bvdata.base.labels import COLUMN_LABELS, labelled, plural, short_names
from bvdata.model.compare import MOVEMENTS
from bvdata.model.history import Movement, Side, compare_sides, in_order
from bvdata.papers.figures import burnup_chart, movement_chart, status_roundup, trend_chart
from bvdata.store.versions import snapshot_side
from pages.common.connection import get_store
from pages.common.dataset import current_forecast, current_tracker, default_plan_id, shown_plan_id, snapshot_list
from pages.common.navigation import require_app
from pages.common.sidebar import narrowed, page_header, snapshot_choice
from pages.common.widgets import chart, download_buttons, figure, md_escape, opened_expander
from pages.screens.changes import changes_section

require_app(__file__)

PERCENTS = {COLUMN_LABELS[c]: st.column_config.NumberColumn(format=PERCENT_COLUMN)
            for c in ("old_completion", "new_completion", "old_mean_completion", "new_mean_completion")}


@st.cache_data(max_entries=32, show_spinner=False)
def side(snapshot_id: int) -> Side:
    """A snapshot's actions, amendments and date; snapshots never change, so their id is the cache key."""
    engine, _ = get_store()
    return snapshot_side(engine, snapshot_id)


@st.cache_data(max_entries=32, show_spinner=False)
def movement(old_id: int, new_id: int, recommendations: tuple, officers: tuple) -> Movement:
    """Two snapshots compared, as the filters narrow them: worked out before the chart, so once per
    content (snapshots never change: their ids and the filters are the key)."""
    return compare_sides(*(dataclasses.replace(s, actions=narrowed(s.actions, recommendations, officers))
                           for s in (side(old_id), side(new_id))))


page_header("Compare snapshots")
words = current_tracker().words
items = words.item
engine, problem = get_store()
# one plan's updates only: the plan shown, else (a file of no plan) the plan the dashboard opens on
plan = shown_plan_id() or default_plan_id()
listed = snapshot_list(plan=plan) if plan is not None else snapshot_list().iloc[0:0]
if engine is None or len(listed) < 2:
    st.info(md_escape(problem) if problem else "Compare needs at least two published snapshots; publish a tracker on the Data page.")
    st.stop()

history = listed.iloc[::-1].reset_index(drop=True)        # oldest first, in the order of their dates
ids = list(history["id"].astype(int))
labels = {int(r.id): snapshot_choice(r) for r in history.itertuples()}    # date and number first: never cut off
left, right = st.columns(2)
first = left.selectbox("Earlier update", ids, index=len(ids) - 2, format_func=labels.get, key="compare_old")
second = right.selectbox("Later update", ids, index=len(ids) - 1, format_func=labels.get, key="compare_new")
if first == second:
    st.info("Pick two different snapshots.")
    st.stop()
old_id, new_id, swapped = in_order(first, second, ids)
if swapped:
    st.info(md_escape(f"These two were picked the other way round; movement is always shown from the earlier "
                      f"update, {labels[old_id]}, to the later, {labels[new_id]}."))

state = st.session_state
moved = movement(old_id, new_id, tuple(state["bv_recommendations"]), tuple(state["bv_officers"]))
old_side, new_side = moved.old, moved.new
old_status, new_status, result = moved.old_status, moved.new_status, moved.comparison
counts = {key: len(result.movement[key]) for key, _, _ in MOVEMENTS}

summary = "; ".join(f"{label} {counts[key]}" for key, label, _ in MOVEMENTS)
st.subheader(md_escape(f"From {old_side.when} to {new_side.when}: {items.count(counts['completed'])} completed, "
                       f"{counts['progressed']} progressed and {counts['went_backwards']} went backwards."))

chart(figure(movement_chart, counts, MOVEMENTS, words), "compare_movement", f"Movement per {items.singular}: {summary}.")
if (box := opened_expander("Progress at each update, side by side", "compare_open_roundups")) is not None:
    col1, col2 = box.columns(2)
    y_max = int(max(old_status["status"].value_counts().max(), new_status["status"].value_counts().max()))
    for column, side_, status, name, key in ((col1, old_side, old_status, "Earlier", "old"),
                                             (col2, new_side, new_status, "Later", "new")):
        with column:
            done = int((status["status"] == "complete").sum())
            chart(figure(status_roundup, status, f"{name}: progress at {side_.when}", y_max, words), f"compare_roundup_{key}",
                  f"At {side_.when}: {done:,} of {items.count(len(status))} complete.")
for key, label, definition in MOVEMENTS:
    rows = result.actions[result.actions["movement"] == key]
    if (box := opened_expander(f"{label} ({len(rows)})", f"compare_open_{key}")) is None:
        continue
    with box:
        st.caption(definition)
        st.dataframe(labelled(rows[["action_id", "old_completion", "new_completion", "action", "recommendation",
                                    "matched_by"]], words), hide_index=True, width="stretch", placeholder="–", key=f"compare_rows_{key}",
                     column_config=PERCENTS)

if (box := opened_expander(f"Change per {words.group.singular}", "compare_open_groups")) is not None:
    names = short_names(list(result.recommendations["recommendation"]), words)
    recs = result.recommendations.assign(recommendation=result.recommendations["recommendation"].map(names))
    box.dataframe(labelled(recs[["recommendation", "change", "old_mean_completion", "new_mean_completion",
                                 "old_complete", "new_complete", "old_actions", "new_actions"]], words),
                  hide_index=True, width="stretch", placeholder="–", key="compare_recommendations",
                  column_config={**PERCENTS, COLUMN_LABELS["change"]: st.column_config.NumberColumn(format="%+.0f")})

if (box := opened_expander(f"Revised due dates and amended {items.plural}", "compare_open_changes")) is not None:
    with box:
        changes_section(result, new_id, words)

download_buttons(result.export_table(), f"comparison_{old_id}_{new_id}", "compare", "Comparison", "the comparison ")

if (box := opened_expander("Trend and burn-up across every update", "compare_open_trend")) is not None:
    last = history.iloc[-1]
    with box:
        chart(figure(trend_chart, history, words), "compare_trend",
              f"{plural(len(history), 'snapshot')} in date order; the latest, as at {day(last.as_at)}, has "
              f"{last.complete_count:,} {items.plural} complete and {last.overdue_count:,} overdue." if pd.notna(last.as_at) else
              f"{plural(len(history), 'snapshot')}; the latest has {last.complete_count:,} {items.plural} complete.")
        forecast = current_forecast(current_tracker())
        chart(figure(burnup_chart, forecast, words), "compare_burnup", forecast.sentence)
