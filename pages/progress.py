"""Progress by group (recommendation, report…, as the file groups its items): completion per group; pick one
to list its items. The status mix and the table of counts (with its downloads) are drawn on demand."""
import pandas as pd
import streamlit as st

from bvdata.base.formats import DATE_COLUMN, PERCENT_COLUMN
from bvdata.base.labels import column_labels, labelled, short_names
from bvdata.model.status import STATUS_RULES, by_recommendation
from bvdata.papers.figures import recommendation_progress, recommendation_status_mix
from bvdata.papers.selection import next_drilldown, selected_recommendation
from pages.common.dataset import current_tracker
from pages.common.navigation import require_app
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, download_buttons, figure, md_escape, opened_expander, table

require_app(__file__)

tracker = current_tracker()
words = tracker.words
noun, group = words.noun, words.group
labels = column_labels(words)
page_header(f"Progress by {group.singular}")
df = filtered_actions()
summary = by_recommendation(df, tracker.recommendations)

if summary.empty:
    st.info(f"No {noun[1]} match the current filters.")
    st.stop()

by_share = not tracker.has_completion          # no % column: the share complete, not a mean of nothing
measure = "share_complete" if by_share else "mean_completion"
best = summary.sort_values(measure, ascending=False).iloc[0]
what = "complete" if by_share else "mean completion"
text = (f"{group.count(len(summary))}; the furthest along is at {best[measure]:.0f}% {what}."
        if pd.notna(best[measure]) else f"{group.count(len(summary))}; none has a completion value.")
can_click = len(summary) > 1
hint = f" Click a bar, or pick a {group.singular} below, to list its {noun[1]}." if can_click else ""
event = chart(figure(recommendation_progress, summary, by_share, words), "progress_chart", text + hint,
              on_select="rerun", selection_mode="points")

# Drill-down: the same list from a click on a bar or from this picker, which the keyboard reaches.
options = list(summary["recommendation"])
state = st.session_state
clicked = selected_recommendation(event.selection if event else None)
current = state.get("progress_drilldown")
state["progress_drilldown"] = next_drilldown(clicked, state.get("progress_last_click"), current if current in options else None)
state["progress_last_click"] = clicked
if len(options) == 1:
    state["progress_drilldown"] = options[0]
names = short_names(tracker.recommendations, words)
chosen = st.selectbox(f"List the {noun[1]} of", options, key="progress_drilldown", index=None,
                      format_func=lambda r: names.get(r, r), placeholder=f"Choose a {group.singular}",
                      disabled=len(options) == 1)
if chosen:
    st.subheader(md_escape(f"{words.item.titles} under this {group.singular}"))
    st.text(chosen)
    rows = df[df["recommendation"] == chosen]
    # as cards on a phone, so the wording is never off screen
    table(labelled(rows[["action_id", "status_label", "completion", "due_date", "lead_officer", "action", "notes"]],
                   words), "progress_rows", percents=[labels["completion"]], wide=[labels["action"], labels["notes"]],
          cards=True, **{labels["due_date"]: st.column_config.DateColumn(format=DATE_COLUMN)})

# secondary sections are drawn on demand: the page leads with its one key chart (and each element drawn
# before the chart's own drawing is done delays it: bench/bench_page_open.py)
if by_share and (box := opened_expander(f"Status of every {noun[0]}, by {group.singular}", "progress_open_mix")) is not None:
    mix = "; ".join(f"{r.label} {int(summary[r.key].sum())}" for r in STATUS_RULES if summary[r.key].sum())
    with box:
        chart(figure(recommendation_status_mix, summary, words), "progress_mix", f"Status of every {noun[0]}: {mix}.")

if (box := opened_expander(f"Status counts by {group.singular}, with downloads", "progress_open_counts")) is not None:
    keys = ["complete", "overdue"] + [r.key for r in STATUS_RULES if r.key not in ("complete", "overdue")]
    counts = summary[["recommendation", "actions", measure] + keys].copy()
    counts.insert(0, "short", counts["recommendation"].map(names))
    shown = counts.drop(columns=["recommendation"]).rename(columns={"short": "recommendation"})
    with box:
        st.dataframe(labelled(shown, words), hide_index=True, width="stretch", placeholder="–",
                     column_config={labels["recommendation"]: st.column_config.TextColumn(width="medium"),
                                    labels[measure]: st.column_config.ProgressColumn(
                                        format=PERCENT_COLUMN, min_value=0, max_value=100)})
        download_buttons(counts.drop(columns=["short"]), group.plural.replace(" ", "_"), "progress", group.titles,
                         "this table ", words)
