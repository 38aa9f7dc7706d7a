"""The portfolio paper on All plans: one Word document covering every plan (bvdata.papers.portfolio),
prepared on request with a step for each plan, then offered as .docx and tagged PDF."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from bvdata.model.portfolio import PortfolioView
from bvdata.papers.portfolio import portfolio_docx
from bvdata.papers.report import ReportError
from pages.common.widgets import md_escape

from .report import offer_downloads


def paper_section(view: PortfolioView) -> None:
    st.subheader("Committee paper for every plan")
    st.caption("One paper: a summary table naming every plan, overdue items by priority and age, the items at "
               "risk, then each plan's round-up, what changed since its previous update and its overdue items.")
    key = (tuple(view.summary["plan_id"]), tuple(view.summary["snapshots"]), view.as_of)
    if st.button("Prepare the paper for every plan", key="allplans_prepare_report"):
        with st.status("Preparing the paper…", expanded=True) as status:
            bar = st.progress(0.0)
            steps, done = len(view.summary) + 2, 0

            def step(name: str) -> None:
                nonlocal done
                done += 1
                bar.progress(min(done / steps, 1.0), text=f"Written: {name}")
            try:
                st.session_state["bv_portfolio_report"] = (key, portfolio_docx(view, progress=step))
                st.session_state["bv_portfolio_pdf"] = None
                status.update(label="The paper is ready", state="complete")
            except ReportError as exc:
                status.update(label="The paper could not be prepared", state="error")
                st.error(md_escape(exc))
    ready = st.session_state.get("bv_portfolio_report")
    if ready and ready[0] == key:
        offer_downloads(ready[1], key, f"all_plans_{view.as_of or dt.date.today():%Y-%m-%d}", "allplans", "bv_portfolio_pdf", "paper")
