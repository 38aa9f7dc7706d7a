"""The floor's one chart inside the dashboard's shell (bench/bench_page_open.py): the same sidebar
(data shown, snapshot picker, status date, the two filters, Clear filters) and a navigation of as many
pages, but no page content besides the chart. It splits a page's open time into what the shell costs
and what the page itself adds."""
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pages.common.dataset import current_tracker, init_state  # noqa: E402
from pages.common.sidebar import render_sidebar  # noqa: E402

st.set_page_config(page_title="Shell", layout="wide")
init_state()


def floor_chart() -> None:
    st.title("Shell")
    fig = go.Figure(go.Bar(x=["Complete", "In progress", "Overdue", "Not started"], y=[17, 16, 2, 2]))
    fig.update_layout(title="One chart", height=480)
    st.plotly_chart(fig, theme=None)


TITLES = ["Progress by recommendation", "Overdue", "Themes", "Compare", "Actions", "My actions", "Data",
          "Review updates", "Officers and reminders"]
navigation = st.navigation([st.Page(floor_chart, title="Overview", icon=":material/home:", default=True)]
                           + [st.Page(lambda: None, title=t, url_path=f"p{i}", icon=":material/list:")
                              for i, t in enumerate(TITLES)])
render_sidebar(current_tracker())
navigation.run()
