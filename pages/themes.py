import streamlit as st

from bvdata.figures import theme_radar
from bvdata.themes import theme_change, theme_order
from pages.common import chart, current_themes, current_tracker, md_escape, page_header

tracker = current_tracker()
page_header("Best Value themes", tracker)
scores, from_file = current_themes(tracker)

if scores.empty:
    st.info("This tracker has no theme self-assessment scores. Add a 'Theme scores' sheet to the tracker, "
            "or upload a scores file on the Data page.")
    st.stop()
if from_file:
    st.caption(md_escape(f"Scores from {from_file}."))

st.session_state.setdefault("themes_periods", list(scores.periods))
if not set(st.session_state["themes_periods"]) <= set(scores.periods):
    st.session_state["themes_periods"] = list(scores.periods)
periods = st.multiselect("Periods to show", options=scores.periods, key="themes_periods")
periods = [p for p in scores.periods if p in periods]   # keep the file's order, whatever the click order

if not periods:
    st.info("Pick at least one period to draw the radar.")
    st.stop()

order = theme_order(scores.frame)
change = theme_change(scores.frame, periods)
latest = change.dropna(subset=["last_score"])
if latest.empty:
    summary = f"No scores are recorded for {periods[-1]}."
else:
    weakest = latest.sort_values("last_score").iloc[0]
    below = latest[latest["gap_to_target"] < 0]
    summary = (f"In {periods[-1]} the weakest theme is {weakest.theme} ({weakest.last_score:g}); "
               f"{len(below)} of {len(latest)} themes are below target.")
chart(theme_radar(scores.frame, periods, scores.scale, order), "themes_radar", summary)

st.subheader(md_escape(f"Change per theme, {periods[0]} to {periods[-1]}" if len(periods) > 1 else f"Scores in {periods[0]}"))
names = {"theme": "Theme", "first_score": periods[0], "last_score": periods[-1], "change": "Change",
         "target": "Target", "gap_to_target": "Against target"}
shown = list(names) if len(periods) > 1 else ["theme", "last_score", "target", "gap_to_target"]
table = change[shown].rename(columns=names)
st.dataframe(table, hide_index=True, width="stretch",
             column_config={"Change": st.column_config.NumberColumn(format="%+.1f"),
                            "Against target": st.column_config.NumberColumn(format="%+.1f")})
