"""Themes: the seven Best Value themes scored per period against the target, and the self-assessment."""
import streamlit as st

from bvdata.base.labels import plural, score_text
from bvdata.papers.figures import theme_radar
from bvdata.read.assembly.framework import load_framework
from bvdata.read.assembly.themes import theme_change, theme_order
from pages.common.dataset import current_themes, current_tracker
from pages.common.navigation import require_app
from pages.common.sidebar import page_header
from pages.common.widgets import chart, figure, md_escape, opened_expander, table
from pages.screens.assessment import self_assessment

require_app(__file__)


@st.cache_data(max_entries=32, show_spinner=False)
def change_per_theme(frame, periods: tuple):
    """``theme_change``, once per content (the scores and the periods): it is worked out before the
    radar is drawn, so each run of it delays the page's chart."""
    return theme_change(frame, list(periods))


def radar_key(themes: list[str]) -> str:
    """The phone radar's key: each spoke's number and its theme's name."""
    return "  \n".join(f"**{i}** {md_escape(theme)}" for i, theme in enumerate(themes, start=1))


tracker = current_tracker()
page_header("Best Value themes")
scores, from_file = current_themes(tracker)

# ---- theme scores over time: the radar and the change table ---------------------------------
if scores.empty:
    st.info("This tracker has no theme self-assessment scores. Add a 'Theme scores' sheet to the tracker, "
            "upload a scores file on the Data page, or score the characteristics below.")
else:
    if from_file:
        st.caption(md_escape(f"Scores from {from_file}."))
    st.session_state.setdefault("themes_periods", list(scores.periods))
    if not set(st.session_state["themes_periods"]) <= set(scores.periods):
        st.session_state["themes_periods"] = list(scores.periods)
    periods = st.multiselect("Periods to show", options=scores.periods, key="themes_periods")
    periods = [p for p in scores.periods if p in periods]   # the file's order, whatever the click order
    if not periods:
        st.info("Pick at least one period to draw the radar.")
    else:
        order = theme_order(scores.frame)
        change = change_per_theme(scores.frame, tuple(periods))
        latest = change.dropna(subset=["last_score"])
        if latest.empty:
            summary = f"No scores are recorded for {periods[-1]}."
        else:
            weakest = latest.sort_values("last_score").iloc[0]
            below = latest[latest["gap_to_target"] < 0]
            summary = (f"In {periods[-1]} the weakest theme is {weakest.theme} ({score_text(weakest.last_score)}); "
                       f"{len(below)} of {plural(len(latest), 'theme')} {'is' if len(below) == 1 else 'are'} below target.")
        with st.container(key="wide_themes_radar"):       # the themes' names round the circle
            chart(figure(theme_radar, scores.frame, periods, scores.scale, order), "themes_radar", summary)
        with st.container(key="cards_themes_radar"):      # a phone: numbered spokes and a key, so the circle fills it
            chart(figure(theme_radar, scores.frame, periods, scores.scale, order, numbered=True), "themes_radar_phone",
                  summary)
            st.markdown(radar_key(order))
        # the change per theme is drawn on demand: the page leads with the radar
        heading = (f"Change per theme, {periods[0]} to {periods[-1]}" if len(periods) > 1
                   else f"Scores in {periods[0]}")
        if (box := opened_expander(md_escape(heading), "themes_open_change")) is not None:
            names = {"theme": "Theme", "first_score": periods[0], "last_score": periods[-1], "change": "Change",
                     "target": "Target", "gap_to_target": "Against target"}
            # what changed and how far from target first, so they are in view on a phone
            shown = (["theme", "change", "gap_to_target", "first_score", "last_score", "target"] if len(periods) > 1
                     else ["theme", "gap_to_target", "last_score", "target"])
            with box:
                table(change[shown].rename(columns=names), "themes_change", scores=[periods[0], periods[-1], "Target"],
                      signed=["Change", "Against target"], cards=True)

# ---- the statutory characteristics: drawn on demand, so the page leads with the radar -------------
if (box := opened_expander("Self-assessment against the 2020 guidance: heatmap, weakest characteristics, gaps "
                           "and the draft statement", "themes_open_assessment")) is not None:
    with box:
        self_assessment(tracker, scores, load_framework())
