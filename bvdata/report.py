"""The committee paper, as a Word document shaped like the seed's progress update: title and date,
summary bullets, the round-up chart, a table per recommendation, amended actions, the overdue list
and the theme radar. Charts are the dashboard's own Plotly figures rendered by Kaleido through one
Chromium kept open for all of them; each has alternative text stating its message.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import threading
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.shared import Cm

from .docx_parts import A4, add_picture, add_table, landscape_section, portrait_section, set_styles

from .compare import MOVEMENTS, Comparison
from .errors import StoreError
from .figures import roundup_comparison, status_roundup, theme_radar
from .status import STATUS_RULES, headline, overdue_list, summary_sentence, with_status
from .themes import theme_order
from .tracker import Tracker

# (field, heading, width in cm): each table fills the 26.7 cm between landscape A4 margins
ACTION_TABLE = [("action_id", "No.", 1.0), ("action", "Action", 6.5), ("due_date", "Timescales", 2.2),
                ("lead_officer", "Lead Officer", 2.6), ("report_ref", "Report Ref", 1.8),
                ("service_lead", "Service Lead", 2.6), ("completion", "% Completion", 1.7), ("notes", "Notes", 8.3)]
OVERDUE_TABLE = [("action_id", "No.", 1.0), ("action", "Action", 7.5), ("lead_officer", "Lead Officer", 2.8),
                 ("due_date", "Timescales", 2.0), ("days_overdue", "Days overdue", 1.6),
                 ("completion", "% Completion", 1.7), ("notes", "Latest note", 10.1)]
AMENDED_TABLE = [("action_id", "No.", 1.0), ("original", "Original action", 8.0),
                 ("amended", "Amended action", 8.0), ("justification", "Justification for change", 9.7)]


class ReportError(StoreError):
    """The report could not be produced; the message says why in one sentence."""


class ChartRenderer:
    """Renders Plotly figures to PNG with one Chromium for the whole report (Kaleido's sync server)."""

    _lock = threading.Lock()

    def __init__(self, browser: str = "/usr/bin/chromium"):
        os.environ.setdefault("BROWSER_PATH", browser)
        if not os.path.exists(os.environ["BROWSER_PATH"]):
            raise ReportError("Charts for the report need Chromium (apt-get install chromium), which is not installed here.")

    def __enter__(self) -> "ChartRenderer":
        import kaleido
        kaleido.start_sync_server(silence_warnings=True)
        return self

    def __exit__(self, *exc) -> None:
        import kaleido
        kaleido.stop_sync_server(silence_warnings=True)

    def png(self, fig, width: int = 820, height: int = 500) -> bytes:
        import kaleido
        with self._lock:
            return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width, "height": height, "scale": 2})


@dataclass
class Previous:
    """The snapshot the report compares against."""
    actions: pd.DataFrame
    as_at: dt.date | None
    label: str
    comparison: Comparison


def previous_snapshot(engine, tracker: Tracker, snapshot_id: int | None = None) -> Previous | None:
    """What the report compares with: the snapshot before this one, or for an unpublished file the
    latest other snapshot dated before it. None when there is none."""
    from .compare import compare
    from .store import list_snapshots, snapshot_actions_frame
    listed = list_snapshots(engine)
    if snapshot_id is not None:
        earlier = listed[listed["id"] < snapshot_id]
    else:
        earlier = listed[listed["sha256"] != tracker.sha256]
        if tracker.as_at is not None:
            earlier = earlier[earlier["as_at"] < pd.Timestamp(tracker.as_at)]
    if earlier.empty:
        return None
    row = earlier.iloc[-1]
    old = snapshot_actions_frame(engine, int(row["id"]))
    as_at = None if pd.isna(row["as_at"]) else row["as_at"].date()
    label = f"Progress at {as_at:%d/%m/%Y}" if as_at else str(row["label"])
    return Previous(old, as_at, label, compare(old, tracker.actions, tracker.amendments))


def build_report(tracker: Tracker, renderer: ChartRenderer, as_of: dt.date | None = None,
                 previous: Previous | None = None, title: str = "Best Value Audit Implementation Plan") -> bytes:
    as_of = as_of or tracker.as_at or dt.date.today()
    df = with_status(tracker.actions, as_of)
    doc = Document()
    set_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = A4     # UK paper, whatever python-docx defaults to
    section.left_margin = section.right_margin = Cm(2)

    doc.add_heading(title, level=0)
    doc.add_paragraph(f"Progress Update as at {as_of:%d %B %Y}").style = doc.styles["Subtitle"]
    doc.add_paragraph(f"Source: {tracker.source_name}. Prepared {dt.date.today():%d %B %Y}.")

    doc.add_heading("Summary", level=1)
    for bullet in summary_bullets(df, tracker, previous):
        doc.add_paragraph(bullet, style="List Bullet")

    doc.add_heading(f"Progress round-up of all {len(df)} actions", level=1)
    counts = df["status"].value_counts()
    message = "; ".join(f"{r.label} {int(counts.get(r.key, 0))}" for r in STATUS_RULES)
    if previous is not None:
        before = with_status(previous.actions, previous.as_at or as_of)
        fig = roundup_comparison(before, df, previous.label, f"Current ({as_of:%d/%m/%Y})")
        b = before["status"].value_counts()
        alt = (f"Actions by status at {previous.label} against now. Now: {message}. Before: complete "
               f"{int(b.get('complete', 0))}, overdue {int(b.get('overdue', 0))}.")
    else:
        fig = status_roundup(df)
        alt = f"Actions by status: {message}."
    add_picture(doc, renderer.png(fig), alt)

    landscape_section(doc)
    doc.add_heading("Progress by recommendation", level=1)
    for number, (recommendation, rows) in enumerate(df.groupby("recommendation", sort=False), start=1):
        doc.add_heading(f"{number}. {recommendation}", level=2)
        add_table(doc, rows, ACTION_TABLE)

    doc.add_heading("Amended actions", level=1)
    amended = amended_actions(tracker, previous)
    if amended.empty:
        doc.add_paragraph("No action's wording was amended.")
    else:
        add_table(doc, amended, AMENDED_TABLE)

    doc.add_heading("Overdue actions", level=1)
    late = overdue_list(df)
    if late.empty:
        doc.add_paragraph(f"No action is overdue as at {as_of:%d %B %Y}.")
    else:
        doc.add_paragraph(f"{len(late)} actions are overdue, most overdue first.")
        add_table(doc, late, OVERDUE_TABLE)

    themes = tracker.themes
    if not themes.empty:
        portrait_section(doc)
        doc.add_heading("Best Value themes: self-assessment", level=1)
        order = theme_order(themes.frame)
        latest = themes.periods[-1]
        scores = themes.frame[themes.frame["period"] == latest].groupby("theme")["score"].mean()
        alt = f"Self-assessment scores by theme for {', '.join(themes.periods)} against target. In {latest}: " + \
            "; ".join(f"{t} {scores.get(t):g}" for t in order if pd.notna(scores.get(t)))
        add_picture(doc, renderer.png(theme_radar(themes.frame, themes.periods, themes.scale, order), 900, 640), alt,
                 width=Cm(15))
        doc.add_paragraph(alt)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def summary_bullets(df: pd.DataFrame, tracker: Tracker, previous: Previous | None) -> list[str]:
    h = headline(df)
    bullets = [summary_sentence(df)]
    late = overdue_list(df)
    if len(late):
        bullets.append("Overdue: " + "; ".join(
            f"action {r.action_id or r.source_row} ({int(r.days_overdue):,} days, {r.lead_officer or 'no lead officer'})"
            for r in late.head(10).itertuples()) + ("; and more in the overdue list." if len(late) > 10 else "."))
    if h["mean_completion"] is not None:
        bullets.append(f"Mean completion across the actions with a value is {h['mean_completion']:.0f}%.")
    if previous is not None:
        c = {key: len(previous.comparison.movement[key]) for key, _, _ in MOVEMENTS}
        bullets.append(f"Since {previous.label}: {c['completed']} actions completed, {c['progressed']} progressed, "
                       f"{c['no_movement']} did not move and {c['went_backwards']} went backwards; "
                       f"{c['new']} new and {c['removed']} removed.")
        if previous.comparison.due_date_changed:
            bullets.append(f"{len(previous.comparison.due_date_changed)} end dates were reviewed and amended.")
    return bullets


def amended_actions(tracker: Tracker, previous: Previous | None) -> pd.DataFrame:
    """The tracker's own amended-actions table, else the wording changes found by the comparison."""
    if len(tracker.amendments):
        a = tracker.amendments
        return pd.DataFrame({"action_id": a["action_id"], "original": a["original_action"],
                             "amended": a["amended_action"], "justification": a["justification"]})
    if previous is not None and previous.comparison.wording_changed:
        return pd.DataFrame(previous.comparison.wording_changed).rename(
            columns={"id": "action_id", "old": "original", "new": "amended"})
    return pd.DataFrame(columns=["action_id", "original", "amended", "justification"])


