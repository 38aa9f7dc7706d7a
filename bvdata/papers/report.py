"""The committee paper, as a Word document shaped like the seed's progress update: title and date,
summary bullets, the round-up chart, a table per recommendation, amended actions, the overdue list
and the theme radar. Charts are the dashboard's own Plotly figures rendered by Kaleido through one
Chromium kept open for all of them; each has alternative text stating its message.
"""
from __future__ import annotations

import atexit
import datetime as dt
import io
import os
import threading

import pandas as pd
from docx import Document
from docx.shared import Cm

from ..base.cleantext import clean
from ..base.errors import StoreError
from ..base.formats import day
from ..base.labels import action_label, plural, progress_text, score_text
from ..model.compare import MOVEMENTS
from ..model.history import Movement
from ..model.status import headline, overdue_list, roundup_text, summary_sentence, with_status
from ..read.assembly.themes import theme_order
from ..read.assembly.tracker import Tracker
from .docx_parts import (
    A4,
    add_footer,
    add_picture,
    add_table,
    cleaned_tracker,
    landscape_section,
    portrait_section,
    set_styles,
)
from .figures import burnup_chart, roundup_comparison, status_roundup, theme_radar

# (field, heading, width in cm): each table fills the 26.7 cm between landscape A4 margins
# column widths in cm, adding up to the landscape page's 25.7 cm between margins (wider, and LibreOffice
# shrinks every column to fit, splitting headers such as "Timescales" mid-word)
# references and progress words are never wrapped (docx_parts.NO_WRAP): their columns fit "RP0/01" and "Implemented"
ACTION_TABLE = [("action_id", "No.", 1.7), ("action", "Action", 6.0), ("due_date", "Timescales", 2.5),
                ("lead_officer", "Lead Officer", 2.5), ("report_ref", "Report Ref", 1.7),
                ("service_lead", "Service Lead", 2.3), ("progress_text", "Progress", 2.6), ("notes", "Notes", 6.4)]
OVERDUE_TABLE = [("action_id", "No.", 1.7), ("action", "Action", 7.0), ("lead_officer", "Lead Officer", 2.6),
                 ("due_date", "Timescales", 2.5), ("days_overdue", "Days overdue", 1.9),
                 ("progress_text", "Progress", 2.6), ("notes", "Latest note", 7.4)]
AMENDED_TABLE = [("action_id", "No.", 1.7), ("original", "Original action", 8.0),
                 ("amended", "Amended action", 8.0), ("justification", "Justification for change", 8.0)]


class ReportError(StoreError):
    """The report could not be produced; the message says why in one sentence."""


_server_lock = threading.Lock()
_server_started = False


def _stop_server() -> None:
    import kaleido
    kaleido.stop_sync_server(silence_warnings=True)


def _ensure_server() -> None:
    """Start Kaleido's one process-wide Chromium the first time a report needs it, and close it
    when the process exits. Never stopped between reports: two analysts preparing reports at once
    in one app process share it instead of closing it under each other."""
    global _server_started
    with _server_lock:
        if not _server_started:
            import kaleido
            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(_stop_server)
            _server_started = True


class ChartRenderer:
    """Renders Plotly figures to PNG with the process's one Chromium (Kaleido's sync server)."""

    _lock = threading.Lock()

    def __init__(self, browser: str = "/usr/bin/chromium"):
        os.environ.setdefault("BROWSER_PATH", browser)
        if not os.path.exists(os.environ["BROWSER_PATH"]):
            raise ReportError("Charts for the report need Chromium (apt-get install chromium), which is not installed here.")

    def __enter__(self) -> ChartRenderer:
        _ensure_server()
        return self

    def __exit__(self, *exc) -> None:
        """Nothing to close: the server is shared by every report in this process until it exits."""

    def png(self, fig, width: int = 820, height: int = 500) -> bytes:
        import kaleido
        with self._lock:
            return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width, "height": height, "scale": 2})


# a paper's title when neither its plan nor its file names one, by the plan's kind (store.plans.KINDS)
KIND_TITLES = {"best_value": "Best Value Audit Implementation Plan", "internal_audit": "Internal audit recommendations",
               "external_audit": "External audit recommendations", "inspection": "Inspection improvement plan"}


def report_title(tracker: Tracker, plan_name: str | None = None, kind: str | None = None) -> str:
    """The paper's title in the plan's words: its plan's name, else the file's own title, else its kind's."""
    return next((t for t in (plan_name, tracker.title) if isinstance(t, str) and t.strip()), None) or \
        KIND_TITLES.get(kind or "", f"{tracker.words.item.title} plan")


def build_report(tracker: Tracker, renderer: ChartRenderer, as_of: dt.date | None = None,
                 previous: Movement | None = None, title: str | None = None, forecast=None,
                 plan_name: str | None = None, kind: str | None = None) -> bytes:
    """The committee paper as .docx, titled in its plan's words (``report_title``; ``title`` overrides).
    ``forecast`` (bvdata.model.forecast.Forecast), when given, adds the burn-up chart and the forecast
    sentence after the round-up."""
    title = title or report_title(tracker, plan_name, kind)
    tracker, title = cleaned_tracker(tracker), clean(title)
    as_of = as_of or tracker.as_at or dt.date.today()
    df = with_status(tracker.actions, as_of)
    df["progress_text"] = progress_text(df)
    doc = Document()
    set_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = A4     # UK paper, whatever python-docx defaults to
    section.left_margin = section.right_margin = Cm(2)
    add_footer(doc, title)

    doc.add_heading(title, level=0)
    doc.add_paragraph(f"Progress Update as at {day(as_of)}").style = doc.styles["Subtitle"]
    doc.add_paragraph(f"Source: {tracker.source_name}. Prepared {day(dt.date.today())}.")

    doc.add_heading("Summary", level=1)
    for bullet in summary_bullets(df, tracker, previous):
        doc.add_paragraph(bullet, style="List Bullet")

    words = tracker.words
    _roundup_section(doc, df, previous, as_of, renderer, words)
    if forecast is not None:
        _forecast_section(doc, forecast, words, renderer)

    landscape_section(doc)
    doc.add_heading(f"Progress by {words.group.singular}", level=1)
    for number, (recommendation, rows) in enumerate(df.groupby("recommendation", sort=False), start=1):
        doc.add_heading(f"{number}. {recommendation}", level=2)
        add_table(doc, rows, in_words(ACTION_TABLE, words))

    doc.add_heading(f"Amended {words.item.plural}", level=1)
    amended = amended_actions(tracker, previous)
    if amended.empty:
        doc.add_paragraph(f"No {words.item.singular}'s wording was amended.")
    else:
        add_table(doc, amended, AMENDED_TABLE)

    doc.add_heading(f"Overdue {words.item.plural}", level=1)
    late = overdue_list(df)
    noun = words.noun
    if late.empty:
        doc.add_paragraph(f"No {noun[0]} is overdue as at {day(as_of)}.")
    else:
        doc.add_paragraph(f"{plural(len(late), noun[0], noun[1])} {'is' if len(late) == 1 else 'are'} overdue, "
                          "most overdue first.")
        add_table(doc, late, in_words(OVERDUE_TABLE, words))

    if not tracker.themes.empty:
        _themes_section(doc, tracker, renderer)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def in_words(columns: list[tuple[str, str, float]], words) -> list[tuple[str, str, float]]:
    """A table's (field, heading, width) with the headings in the file's own words."""
    labels = {"action": words.item.title, "lead_officer": words.person, "recommendation": words.group.title}
    return [(f, labels.get(f, heading), width) for f, heading, width in columns]


def _roundup_section(doc, df: pd.DataFrame, previous: Movement | None, as_of: dt.date, renderer, words) -> None:
    """The round-up chart of every item by status, against the previous update when there is one."""
    items = words.item
    doc.add_heading(f"Progress round-up of {items.all(len(df))}", level=1)
    message = roundup_text(df)
    if previous is not None:
        before = previous.old_status
        fig = roundup_comparison(before, df, f"Progress at {previous.old.when}", f"Current ({day(as_of)})", words)
        b = before["status"].value_counts()
        alt = (f"{items.titles} by status at {previous.old.when} against now. Now: {message}. Before: complete "
               f"{int(b.get('complete', 0))}, overdue {int(b.get('overdue', 0))}.")
    else:
        fig = status_roundup(df, noun=words)
        alt = f"{items.titles} by status: {message}."
    add_picture(doc, renderer.png(fig), alt)
    doc.add_paragraph(f"By status: {message}.")       # the zero counts, which the chart leaves out


def _forecast_section(doc, forecast, words, renderer) -> None:
    """The burn-up over the published updates and, at the recent rate, when the plan would be done."""
    doc.add_heading("Burn-up and forecast", level=1)
    doc.add_paragraph(forecast.sentence)
    if len(forecast.points) >= 2:
        done = "; ".join(f"{day(p.as_at)} {p.complete}" for p in forecast.points)
        add_picture(doc, renderer.png(burnup_chart(forecast, words), 900, 460),
                    f"Burn-up: {words.item.plural} complete at each update ({done}). {forecast.sentence}")


def _themes_section(doc, tracker: Tracker, renderer) -> None:
    """The theme radar, with its scores stated in the text too."""
    themes = tracker.themes
    portrait_section(doc)
    doc.add_heading("Best Value themes: self-assessment", level=1)
    order = theme_order(themes.frame)
    latest = themes.periods[-1]
    scores = themes.frame[themes.frame["period"] == latest].groupby("theme")["score"].mean()
    alt = f"Self-assessment scores by theme for {', '.join(themes.periods)} against target. In {latest}: " + \
        "; ".join(f"{t} {score_text(scores.get(t))}" for t in order if pd.notna(scores.get(t)))
    add_picture(doc, renderer.png(theme_radar(themes.frame, themes.periods, themes.scale, order), 900, 640), alt,
             width=Cm(15))
    doc.add_paragraph(alt)


def summary_bullets(df: pd.DataFrame, tracker: Tracker, previous: Movement | None) -> list[str]:
    h = headline(df)
    words = tracker.words
    bullets = [summary_sentence(df, words)]
    late = overdue_list(df)
    if len(late):
        bullets.append("Overdue: " + "; ".join(
            f"{tracker.noun[0]} {action_label(r._asdict())} ({plural(int(r.days_overdue), 'day')}, "
            f"{r.lead_officer if isinstance(r.lead_officer, str) else 'no ' + words.person.lower()})"
            for r in late.head(10).itertuples()) + ("; and more in the overdue list." if len(late) > 10 else "."))
    if h["mean_completion"] is not None:
        bullets.append(f"Mean completion across the {words.item.plural} with a value is {h['mean_completion']:.0f}%.")
    if previous is not None:
        c = {key: len(previous.comparison.movement[key]) for key, _, _ in MOVEMENTS}
        bullets.append(f"Since the update of {previous.old.when}: {words.item.count(c['completed'])} completed, "
                       f"{c['progressed']} progressed, "
                       f"{c['no_movement']} did not move and {c['went_backwards']} went backwards; "
                       f"{c['new']} new and {c['removed']} removed.")
        if previous.comparison.due_date_changed:
            bullets.append(f"{len(previous.comparison.due_date_changed)} end dates were reviewed and amended.")
    return bullets


def amended_actions(tracker: Tracker, previous: Movement | None) -> pd.DataFrame:
    """The tracker's own amended-actions table, else the wording changes found by the comparison."""
    if len(tracker.amendments):
        a = tracker.amendments
        return pd.DataFrame({"action_id": a["action_id"], "original": a["original_action"],
                             "amended": a["amended_action"], "justification": a["justification"]})
    if previous is not None and previous.comparison.wording_changed:
        return pd.DataFrame(previous.comparison.wording_changed).rename(
            columns={"id": "action_id", "old": "original", "new": "amended"})
    return pd.DataFrame(columns=["action_id", "original", "amended", "justification"])


