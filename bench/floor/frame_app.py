"""The floor's one chart in only what issue 25 itself asks of every page (bench/bench_page_open.py): the
wide layout, the navigation of ten pages, the page's title and the filter control (a popover drawn only
when opened) with its one-line summary, drawn by the dashboard's own code. No sidebar contents, no
sample banner, no page content besides the chart: the least a page of the dashboard can be."""
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pages.common.dataset import current_tracker, init_state  # noqa: E402
from pages.common.sidebar import filter_control  # noqa: E402

st.set_page_config(page_title="Frame", layout="wide")
init_state()
st.session_state["bv_as_of"] = current_tracker().as_at


def floor_chart() -> None:
    st.title("Overview")
    filter_control()
    fig = go.Figure(go.Bar(x=["Complete", "In progress", "Overdue", "Not started"], y=[17, 16, 2, 2]))
    fig.update_layout(title="One chart", height=480)
    st.plotly_chart(fig, theme=None)


TITLES = ["Progress by recommendation", "Overdue", "Themes", "Compare", "Actions", "My actions", "Data",
          "Review updates", "Officers and reminders"]
st.navigation([st.Page(floor_chart, title="Overview", icon=":material/home:", default=True)]
              + [st.Page(lambda: None, title=t, url_path=f"p{i}", icon=":material/list:")
                 for i, t in enumerate(TITLES)]).run()
