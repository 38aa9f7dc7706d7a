"""The floor's one chart inside the dashboard's shell (bench/bench_page_open.py): the same sidebar
(data shown, the plan and snapshot pickers, who is signed in), the same page header (title, the
sample's banner, the filter control and its one-line summary) and a navigation of as many pages, but
no page content besides the chart. It splits a page's open time into what the shell costs and what the
page itself adds."""
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pages.common.dataset import current_tracker, init_state  # noqa: E402
from pages.common.sidebar import page_header, render_sidebar  # noqa: E402

st.set_page_config(page_title="Shell", layout="wide")
init_state()


def floor_chart() -> None:
    page_header("Shell")
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
