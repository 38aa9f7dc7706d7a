"""The floor's one chart on a page of a two-page app, opened at that page's own address (/chart), for
bench/bench_page_open.py. A page other than the first is opened at an address of its own, and
Streamlit's front end first looks for its server under that address (/chart/_stcore/health: 404),
then waits 100 ms before it tries the root: every page but the Overview pays it on a fresh open. This
row measures that on the floor's own chart, with no navigation drawn."""
import plotly.graph_objects as go
import streamlit as st


def floor_chart() -> None:
    st.title("Floor")
    fig = go.Figure(go.Bar(x=["Complete", "In progress", "Overdue", "Not started"], y=[17, 16, 2, 2]))
    fig.update_layout(title="One chart", height=480)
    st.plotly_chart(fig, theme=None)


def home() -> None:
    floor_chart()


st.navigation([st.Page(home, title="Home", default=True), st.Page(floor_chart, title="Chart", url_path="chart")],
              position="hidden").run()
