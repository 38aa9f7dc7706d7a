"""The portfolio paper: one Word document for the committee covering every plan it oversees. A summary
table naming each plan; outstanding and overdue items by priority, the overdue ones by age, and the
items at risk (each with the rule's inputs); then for each plan its round-up, what changed since its
previous update and its overdue items. Tables only, no charts, so that fifty plans of two thousand items
make a paper in seconds (bvdata.papers.pdf turns it into a tagged PDF).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Callable

import pandas as pd
from docx import Document
from docx.shared import Cm

from ..base.cleantext import clean
from ..base.formats import day
from ..base.labels import COLUMN_LABELS, plural
from ..model.compare import MOVEMENTS
from ..model.portfolio import WHO, PortfolioView, age_band
from ..model.status import AGE_BANDS, STATUS_RULES
from .docx_parts import A4, add_table, landscape_section, set_styles

SUMMARY_TABLE = [("plan", "Plan", 6.2), ("kind", "Kind", 2.6), ("body", "Body", 3.2), ("items", "Items", 1.6),
                 ("complete", "Complete", 1.9), ("overdue", "Overdue", 1.9), ("no_update", "No update", 1.9),
                 ("latest", "Latest update", 2.6), ("days_since", "Days since", 1.8), ("forecast", "Forecast finish", 2.0)]
PRIORITY_TABLE = [("plan", "Plan", 10.0), ("priority", "Priority", 5.0), ("outstanding", "Outstanding", 3.0),
                  ("overdue", "Overdue", 3.0)]
AT_RISK_TABLE = [("plan", "Plan", 4.0), ("action_id", "No.", 1.4), ("action", "Item", 7.0),
                 ("lead_officer", "Lead", 3.0), ("due_date", "Due", 2.3), ("why", "Why it is at risk", 8.0)]
OVERDUE_TABLE = [("action_id", "No.", 1.4), ("action", "Item", 9.6), ("lead_officer", "Lead", 3.6),
                 ("priority", "Priority", 2.2), ("due_date", "Due", 2.3), ("days_overdue", "Days overdue", 2.0),
                 ("band", "How late", 3.0)]


def portfolio_docx(view: PortfolioView, title: str = "Improvement plans overseen by the committee",
                   progress: Callable[[str], None] | None = None) -> bytes:
    """The portfolio paper as .docx bytes. ``progress`` is told each step (for a progress bar)."""
    report = progress or (lambda step: None)
    doc = Document()
    set_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = Cm(2)
    summary = view.summary
    doc.add_heading(clean(title), level=0)
    doc.add_paragraph(f"Progress {view.as_at_words}").style = doc.styles["Subtitle"]
    doc.add_paragraph(f"{plural(len(summary), 'plan')}: " + "; ".join(clean(p) for p in summary["plan"]) + ". "
                      f"Prepared {day(dt.date.today())}.")
    landscape_section(doc)
    doc.add_heading("Every plan", level=1)
    doc.add_paragraph(_totals(summary))
    shown = summary.assign(latest=summary["latest_as_at"].map(lambda d: "" if d is None or pd.isna(d) else f"{d:%d %b %Y}"))
    add_table(doc, shown, SUMMARY_TABLE)
    report("summary")
    _across_plans(doc, view)
    report("across plans")
    for k, row in enumerate(summary.itertuples(), start=1):
        _plan_section(doc, view, row)
        report(f"plan {k} of {len(summary)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _totals(summary: pd.DataFrame) -> str:
    items, complete, overdue = (int(summary[c].sum()) for c in ("items", "complete", "overdue"))
    return (f"Across {plural(len(summary), 'plan')}: {items:,} items, of which {complete:,} are complete and "
            f"{overdue:,} are overdue.")


def _across_plans(doc, view: PortfolioView) -> None:
    doc.add_heading("Outstanding and overdue by priority", level=1)
    if view.has_priority:
        add_table(doc, view.priority, PRIORITY_TABLE)
    else:
        doc.add_paragraph("No plan gives its items a priority.")
    doc.add_heading("Overdue items by how long they have been overdue", level=1)
    ageing = view.ageing
    if ageing.empty:
        doc.add_paragraph(f"No item is overdue, {view.as_at_words}.")
    else:
        bands = [b for _, b in AGE_BANDS]
        doc.add_paragraph(f"By {COLUMN_LABELS[WHO].lower()}: "
                          + "; ".join(f"{b} {int(ageing[b].sum()):,}" for b in bands) + ".")
        columns = [("who", COLUMN_LABELS[WHO], 8.0)] + [(b, b, 3.4) for b in bands] + [("total", "Total", 2.4)]
        add_table(doc, ageing, columns)
    doc.add_heading("At risk", level=1)
    doc.add_paragraph("Items not yet due whose progress lags the time left: with a % at the previous update and "
                      "now, the rate since is projected to the due date and falls short of 100%; without one, "
                      "the item has not started (or has no update) and is due within 90 days.")
    if view.at_risk.empty:
        doc.add_paragraph("No item is at risk on this rule.")
    else:
        add_table(doc, view.at_risk, AT_RISK_TABLE)


def _plan_section(doc, view: PortfolioView, row) -> None:
    doc.add_heading(clean(row.plan), level=1)
    when = "no update yet" if row.latest_as_at is None or pd.isna(row.latest_as_at) else \
        f"latest update as at {day(row.latest_as_at)}"
    doc.add_paragraph(f"{row.kind}{f', {clean(row.body)}' if isinstance(row.body, str) and row.body else ''}; "
                      f"{when}; {plural(int(row.snapshots), 'update')} published. {clean(row.forecast_sentence)}")
    doc.add_heading("Round-up", level=2)
    counts = row.roundup or {}
    doc.add_paragraph(f"{int(row.items):,} items: " + "; ".join(f"{r.label} {counts[r.key]:,}"
                                                                 for r in STATUS_RULES if counts.get(r.key)) + ".")
    doc.add_heading("Since the previous update", level=2)
    changed = view.changes[view.changes["plan_id"] == row.plan_id]
    if changed.empty:
        doc.add_paragraph("This plan has only one update, so nothing to compare with.")
    else:
        c = changed.iloc[0]
        doc.add_paragraph(f"Since '{clean(c['previous'])}': " + "; ".join(
            f"{label.lower()} {int(c[key]):,}" for key, label, _ in MOVEMENTS)
            + f"; due dates moved {int(c['due_dates_moved']):,}.")
    doc.add_heading("Overdue", level=2)
    late = view.overdue[view.overdue["plan_id"] == row.plan_id]
    if late.empty:
        doc.add_paragraph(f"Nothing is overdue, {view.as_at_words}.")
    else:
        late = late.sort_values("days_overdue", ascending=False).assign(band=lambda f: f["days_overdue"].map(age_band))
        add_table(doc, late, OVERDUE_TABLE)
