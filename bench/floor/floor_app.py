"""The floor for a page open: a minimal Streamlit app with one Plotly chart (bench/bench_page_open.py)."""
import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
fig = go.Figure(go.Bar(x=["Complete", "In progress", "Overdue", "Not started"], y=[17, 16, 2, 2]))
fig.update_layout(title="One chart", height=480)
st.plotly_chart(fig, theme=None)
