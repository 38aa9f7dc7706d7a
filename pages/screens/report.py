"""The committee paper on the Overview page: prepared on request (charts are drawn in a browser, which
takes seconds), then offered as .docx and, where LibreOffice is installed, as tagged PDF."""
from __future__ import annotations

import streamlit as st

from bvdata.papers import pdf as pdf_export
from bvdata.papers.report import ChartRenderer, ReportError, build_report
from bvdata.store.versions import movement_since_previous
from pages.common.connection import get_store
from pages.common.dataset import Dataset, as_of, current_forecast, shown_plan
from pages.common.widgets import md_escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _prepare(tracker, key) -> None:
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    with st.status("Preparing the committee report…", expanded=True) as status:
        try:
            engine, _ = get_store()
            previous = None
            if engine is not None:
                st.write("Comparing with the previous snapshot")
                previous = movement_since_previous(engine, tracker, dataset.snapshot_id)
            st.write("Drawing the charts")
            with ChartRenderer() as renderer:
                st.write("Writing the document")
                plan = shown_plan()
                data = build_report(tracker, renderer, as_of(), previous, forecast=current_forecast(tracker),
                                    plan_name=None if plan is None or plan.sample else plan.name,
                                    kind=None if plan is None else plan.kind)
        except ReportError as exc:
            status.update(label="The report could not be prepared", state="error")
            st.error(md_escape(str(exc)))
            return
        state["bv_report"] = (key, data)
        state["bv_report_pdf"] = None
        status.update(label="The committee report is ready", state="complete")


def _prepare_pdf(key, docx: bytes, pdf_state: str) -> None:
    with st.status("Converting the paper to PDF with LibreOffice…", expanded=False) as status:
        try:
            pdf = pdf_export.docx_to_pdf(docx)
        except ReportError as exc:
            status.update(label="The PDF could not be made", state="error")
            st.error(md_escape(str(exc)))
            return
        st.session_state[pdf_state] = (key, pdf)
        status.update(label="The PDF is ready", state="complete")


def offer_downloads(docx: bytes, key, stem: str, prefix: str, pdf_state: str, what: str = "report") -> None:
    """The .docx to download, and a tagged PDF made from it on request (where LibreOffice is installed).
    ``key`` says what the paper is of; a PDF kept in ``pdf_state`` for another key is not offered."""
    left, right = st.columns(2)
    left.download_button(f"Download {what} (.docx)", docx, f"{stem}.docx", key=f"{prefix}_download_report",
                         on_click="ignore", type="primary", mime=DOCX)
    if pdf_export.office() is None:
        right.button("PDF (needs LibreOffice)", key=f"{prefix}_pdf_unavailable", disabled=True, help=pdf_export.INSTALL_HINT)
        right.caption(pdf_export.INSTALL_HINT)
        return
    pdf = st.session_state.get(pdf_state)
    if not (pdf and pdf[0] == key) and right.button(f"Make a PDF of the {what}", key=f"{prefix}_prepare_pdf"):
        with right:
            _prepare_pdf(key, docx, pdf_state)
        pdf = st.session_state.get(pdf_state)
    if pdf and pdf[0] == key:
        right.download_button(f"Download {what} (PDF)", pdf[1], f"{stem}.pdf", key=f"{prefix}_download_pdf",
                              on_click="ignore", mime="application/pdf")


def report_section(tracker) -> None:
    """Prepare the committee paper, then offer it for download as .docx and PDF."""
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    key = (dataset.sha256, as_of())
    if st.button("Prepare committee report", key="overview_prepare_report"):
        _prepare(tracker, key)
    ready = state.get("bv_report")
    if ready and ready[0] == key:
        offer_downloads(ready[1], key, f"committee_report_{as_of():%Y-%m-%d}", "overview", "bv_report_pdf")
