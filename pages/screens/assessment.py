"""The Themes page's second part, drawn when opened: the statutory characteristics of the 2020 guidance,
scored in a self-assessment workbook (blank one offered, scored one uploaded, or the illustrative sample):
the heatmap, a theme's drill-down, the weakest characteristics, the gaps against the improvement plan
and the draft Annual Statement of Compliance."""
import pandas as pd
import streamlit as st

from bvdata import TrackerError
from bvdata.base.labels import score_text
from bvdata.model.gaps import latest_scores, theme_coverage
from bvdata.papers.figures import characteristic_heatmap
from bvdata.papers.statement import build_statement
from bvdata.papers.templates import self_assessment_template
from bvdata.read.assembly.framework import load_self_assessment
from pages.common.connection import ROOT
from pages.common.dataset import as_of
from pages.common.identity import current_identity
from pages.common.sidebar import filtered_actions
from pages.common.widgets import chart, figure, md_escape, table

SAMPLE_ASSESSMENT = ROOT / "sample_data" / "self_assessment_2022-23_ILLUSTRATIVE.xlsx"


def self_assessment(tracker, scores, framework) -> None:
    st.caption(f"{len(framework.characteristics)} characteristics across the seven themes, from the guidance's "
               "lists of what a local authority 'will be able to demonstrate'.")
    left, right = st.columns(2)
    left.download_button("Download blank self-assessment workbook", lambda: self_assessment_template(framework),
                         "best_value_self_assessment.xlsx", key="themes_template", on_click="ignore")
    upload = (right.file_uploader("Scored self-assessment workbook", type=["xlsx", "xlsm", "ods"], key="themes_upload")
              if current_identity().can_publish else None)
    if upload is not None:
        try:
            st.session_state["bv_assessment"] = (upload.name, load_self_assessment(upload.getvalue(), upload.name, framework))
        except TrackerError as exc:
            st.error(md_escape(str(exc)) + "  \nThe assessment shown before is kept.")
    elif st.session_state["bv_assessment"] is None and st.button("Try the illustrative sample assessment", key="themes_sample"):
        st.session_state["bv_assessment"] = (SAMPLE_ASSESSMENT.name,
                                              load_self_assessment(SAMPLE_ASSESSMENT.read_bytes(), SAMPLE_ASSESSMENT.name, framework))

    loaded = st.session_state["bv_assessment"]
    if loaded is None:
        st.info("Download the blank workbook, score it, and upload it here to see the heatmap, the weakest "
                "characteristics and the gaps in the improvement plan.")
        return

    name, assessment = loaded
    theme_means = assessment.theme_scores()
    scored = int(theme_means["scored"].sum())
    st.subheader(md_escape(f"{name}: {assessment.period}, {scored} of {int(theme_means['total'].sum())} characteristics scored"))
    warnings = [i for i in assessment.issues if i.level == "warning"]
    if warnings:
        with st.expander(f"{len(warnings)} score(s) could not be used"):
            table(pd.DataFrame([{"Sheet": i.sheet, "Row": i.row, "Value": i.value, "Message": i.message}
                                for i in warnings]), "themes_warnings")

    low, high = assessment.scale
    heat_summary = "; ".join(f"{r.theme} {score_text(r.score)} ({r.coverage})" if r.score == r.score
                             else f"{r.theme} not scored" for r in theme_means.itertuples())
    chart(figure(characteristic_heatmap, assessment.characteristics, assessment.scale), "themes_heatmap",
          f"Mean score by theme: {heat_summary}.")
    table(theme_means.rename(columns={"theme": "Theme", "score": "Mean score", "coverage": "Coverage"})
          [["Theme", "Mean score", "Coverage"]], "themes_means", scores=["Mean score"])

    st.subheader("Drill down into a theme")
    theme = st.selectbox("Theme", framework.themes, key="themes_drilldown")
    rows = assessment.characteristics[assessment.characteristics["theme"] == theme]
    table(rows[["ref", "score", "characteristic", "evidence", "action_refs"]].rename(columns={
        "ref": "Ref", "characteristic": "Characteristic", "score": "Score", "evidence": "Evidence",
        "action_refs": "Related actions"}), "themes_drill", scores=["Score"], wide=["Characteristic"])

    st.subheader("Weakest characteristics")
    weakest = assessment.characteristics.dropna(subset=["score"]).sort_values(["score", "theme"]).head(10)
    table(weakest[["ref", "score", "theme", "characteristic", "evidence"]].rename(columns={
        "ref": "Ref", "theme": "Theme", "characteristic": "Characteristic", "score": "Score", "evidence": "Evidence"}),
        "themes_weakest", scores=["Score"], wide=["Characteristic"])

    st.subheader("Gaps: themes against the improvement plan")
    targets = scores.frame.groupby("theme")["target"].max() if not scores.empty else None
    assessed = assessment.as_theme_scores(targets)
    basis = latest_scores(assessed.frame, assessed.periods)
    coverage = theme_coverage(filtered_actions(), basis, high)
    if tracker.actions["theme"].isna().all():
        st.caption("This tracker has no Theme column, so no action is linked to a theme; add one to see coverage.")
    for flag in coverage["flag"].dropna():
        st.warning(md_escape(flag))
    table(coverage.drop(columns=["flag"]).rename(columns={
        "theme": "Theme", "score": f"Score ({assessment.period})", "target": "Target", "open_actions": "Open actions",
        "open_mean_completion": "Their mean completion", "below_target": "Below target"}),
        "themes_gaps", scores=[f"Score ({assessment.period})", "Target"], percents=["Their mean completion"])

    st.subheader("Draft Annual Statement of Compliance")
    st.download_button("Download draft statement (.docx)",
                       lambda: build_statement(tracker, scores, assessment, as_of()),
                       f"statement_of_compliance_{assessment.period.replace('/', '-')}.docx", key="themes_statement",
                       on_click="ignore", mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
