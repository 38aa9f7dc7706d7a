"""A draft Annual Statement of Compliance: per Best Value theme, the score and its trend, the evidence
lines from the self-assessment, and the related improvement actions with their progress."""
from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
from docx import Document

from ..base.formats import day
from ..base.labels import score_text
from ..base.vocab import canonical_themes
from ..model.status import with_status
from ..read.assembly.framework import SelfAssessment
from ..read.assembly.themes import ThemeScores
from ..read.assembly.tracker import Tracker
from .docx_parts import A4, add_table, cleaned_tracker, set_styles

ACTIONS_TABLE = [("action_id", "No.", 1.2), ("action", "Action", 9.0), ("due_date", "Timescales", 2.2),
                 ("completion", "% Completion", 1.8), ("status_label", "Status", 2.8)]


def related_actions(theme: str, actions: pd.DataFrame, assessment: SelfAssessment | None) -> pd.DataFrame:
    """Actions whose Theme column names the theme, and those the self-assessment cites for it."""
    cited: set[str] = set()
    if assessment is not None:
        for refs in assessment.characteristics.loc[assessment.characteristics["theme"] == theme, "action_refs"].dropna():
            cited.update(x.strip() for x in re.split(r"[,;/ ]+", str(refs)) if x.strip())
    mask = (actions["theme"] == theme).fillna(False) | actions["action_id"].isin(cited)
    return actions[mask]


def build_statement(tracker: Tracker, themes: ThemeScores, assessment: SelfAssessment | None = None,
                    as_of: dt.date | None = None, body: str = "the Integration Joint Board") -> bytes:
    tracker = cleaned_tracker(tracker)
    as_of = as_of or tracker.as_at or dt.date.today()
    actions = with_status(tracker.actions, as_of)
    doc = Document()
    set_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    doc.add_heading("Annual Statement of Compliance: Best Value", level=0)
    doc.add_paragraph(f"DRAFT for review, prepared {day(dt.date.today())}; improvement actions as at {day(as_of)}.")
    doc.add_paragraph(
        f"This statement sets out, theme by theme of the Best Value: Revised Statutory Guidance 2020, the evidence of "
        f"how {body} has complied with its Best Value duty: the self-assessed score and its trend, the evidence "
        "recorded against each characteristic, and the improvement actions under way.")
    theme_means = assessment.theme_scores().set_index("theme") if assessment is not None else None
    for number, theme in enumerate(canonical_themes(), start=1):
        doc.add_heading(f"Theme {number}: {theme}", level=1)
        doc.add_paragraph(score_line(theme, themes, assessment, theme_means))
        if assessment is not None:
            rows = assessment.characteristics[(assessment.characteristics["theme"] == theme)
                                              & assessment.characteristics["evidence"].notna()]
            if len(rows):
                doc.add_paragraph("Evidence", style="Heading 3")
                for r in rows.itertuples():
                    score = "not scored" if pd.isna(r.score) else f"score {score_text(r.score)}"
                    doc.add_paragraph(f"{r.ref} ({score}): {r.evidence}", style="List Bullet")
            else:
                doc.add_paragraph("No evidence has been recorded against this theme's characteristics yet.")
        related = related_actions(theme, actions, assessment)
        if len(related):
            doc.add_paragraph("Related improvement actions", style="Heading 3")
            add_table(doc, related, ACTIONS_TABLE)
        else:
            doc.add_paragraph("No improvement action is linked to this theme.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def score_line(theme: str, themes: ThemeScores, assessment: SelfAssessment | None, theme_means) -> str:
    parts = []
    if not themes.empty:
        rows = themes.frame[themes.frame["theme"] == theme]
        for period in themes.periods:
            value = rows.loc[rows["period"] == period, "score"].mean()
            if pd.notna(value):
                parts.append(f"{period}: {score_text(value)}")
        target = rows["target"].max()
        if pd.notna(target):
            parts.append(f"target {score_text(target)}")
    if assessment is not None and theme_means is not None and theme in theme_means.index:
        t = theme_means.loc[theme]
        value = "not scored" if pd.isna(t["score"]) else f"{t['score']:.1f}"
        parts.append(f"self-assessment {assessment.period}: {value} ({t['coverage']})")
    return "Score and trend: " + ("; ".join(parts) if parts else "no scores recorded") + "."
