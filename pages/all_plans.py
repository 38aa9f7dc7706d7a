"""All plans: every plan the committee oversees on one page (the first page when there are two or more).
Per plan its items, complete, overdue and no update, its latest update and the days since, its forecast
finish and a small trend; below, what members ask across plans; and the portfolio paper."""
import datetime as dt

import pandas as pd
import streamlit as st

from bvdata.base.formats import DATE_COLUMN
from pages.common.navigation import require_app
from pages.common.portfolio import current_portfolio
from pages.common.sidebar import page_header
from pages.common.widgets import md_escape, table
from pages.screens.portfolio import LINK, plan_links, portfolio_sections
from pages.screens.portfolio_paper import paper_section

require_app(__file__)
page_header("All plans", per_plan=False)
OWN, ONE = "Each plan as at its latest update", "One date for every plan"
how = st.radio("Count overdue", [OWN, ONE], key="allplans_dating", horizontal=True,
               help="Each plan as at its latest update counts as its own Overview and report do; one date "
                    "(the committee's) applies to every plan and is named in the paper.")
as_of = st.date_input("Status as at", dt.date.today(), key="allplans_as_of", format="DD/MM/YYYY") if how == ONE else None
view = current_portfolio(as_of)
if view is None or view.summary.empty:
    st.info("No plan has been published yet.")
    st.stop()
summary = view.summary
items, complete, overdue = (int(summary[c].sum()) for c in ("items", "complete", "overdue"))
st.subheader(md_escape(f"{len(summary)} plans: {items:,} items, {complete:,} complete, {overdue:,} overdue, "
                       f"{view.as_at_words}"))
shown = pd.DataFrame({       # what the committee asks first comes first, so a narrower screen keeps it in view
    "Open": plan_links(summary).to_numpy(), "Plan": summary["plan"], "Overdue": summary["overdue"],
    "Items": summary["items"], "Complete": summary["complete"], "No update": summary["no_update"],
    "Latest update": pd.to_datetime(summary["latest_as_at"]), "Days since": summary["days_since"],
    "Forecast finish": summary["forecast"], "Kind": summary["kind"], "Body": summary["body"], "Trend": summary["trend"]})
table(shown, key="allplans_summary", cards=True, card_columns=[c for c in shown.columns if c not in ("Open", "Trend")],
      Open=LINK("Open", display_text="Open plan", width="small"),
      **{"Latest update": st.column_config.DateColumn(format=DATE_COLUMN),
         "Trend": st.column_config.LineChartColumn("Complete at each update", y_min=0)})
portfolio_sections(view, "allplans")
paper_section(view)
