"""Overview: the headline figures, the progress round-up, the burn-up and forecast, and the committee paper."""
import streamlit as st

from bvdata.model.status import STATUS_RULES, headline, roundup_text, summary_sentence
from bvdata.papers.figures import burnup_chart, status_roundup
from pages.common.dataset import as_of, current_forecast, current_tracker
from pages.common.navigation import require_app
from pages.common.portfolio import committee_plan_count, current_portfolio
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, figure, md_escape, opened_expander
from pages.screens.portfolio import portfolio_sections
from pages.screens.report import report_section

require_app(__file__)


tracker = current_tracker()
page_header("Overview")
df = filtered_actions()
h = headline(df)

words = tracker.words
noun = words.noun
st.markdown(f"**{md_escape(summary_sentence(df, words))}**")      # one line, not a heading: the chart comes first
figures = [(noun[1].capitalize(), f"{h['actions']:,}"), ("Complete", f"{h['complete']:,}"),
           ("Overdue", f"{h['overdue']:,}"), ("No update", f"{h['no_update']:,}")]
# closed without completion and paused are counted apart, never as complete (shown when there are any)
figures += [(label, f"{h[key]:,}") for key, label in (("closed", "Closed"), ("paused", "Paused")) if h[key]]
if tracker.has_completion:
    figures.append(("Mean %", "–" if h["mean_completion"] is None else f"{h['mean_completion']:.0f}%"))
row = st.container(horizontal=True, gap="medium")     # side by side, wrapping onto two rows on a phone
for label, value in figures:
    row.metric(label, value, width=100)

if df.empty:
    st.info(md_escape(f"No {noun[1]} to draw: the filters leave none."))
else:
    chart(figure(status_roundup, df, noun=words), "overview_roundup", f"{noun[1].capitalize()} by status: {roundup_text(df)}.")

if (box := opened_expander("What each status means", "overview_open_statuses")) is not None:
    box.table({"Status": [r.label for r in STATUS_RULES], "Rule": [r.definition for r in STATUS_RULES]})

# secondary sections are drawn on demand: the page leads with its one key chart
if (box := opened_expander("Burn-up and forecast", "overview_open_burnup")) is not None:
    with box:
        forecast = current_forecast(tracker)
        if forecast is None:
            st.info("The burn-up needs published snapshots of this plan; publish the tracker on the Data page.")
        elif len(forecast.points) >= 2:
            chart(figure(burnup_chart, forecast, words), "overview_burnup", forecast.sentence)
        else:
            st.info(md_escape(forecast.sentence))

if committee_plan_count() == 1 and (box := opened_expander(
        "By priority, how long overdue, and at risk", "overview_open_portfolio")) is not None:
    with box:          # with two or more plans these are on All plans, across them
        portfolio_sections(current_portfolio(as_of()), "overview", several=False)

if (box := opened_expander("Committee report (Word and PDF)", "overview_open_report")) is not None:
    with box:
        st.caption(f"A Word document (and, where LibreOffice is installed, a tagged PDF) in the shape of the committee "
                   f"paper: summary, round-up chart, a table per {words.group.singular}, amended {noun[1]}, the overdue "
                   f"list and the theme radar. It covers every {noun[0]}, whatever the filters.")
        report_section(tracker)
