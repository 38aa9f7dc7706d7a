"""Burn-up and forecast: items complete at each published update, and, at the recent rate, when the
plan would be done ("at this rate, all 40 actions complete between Q2 and Q4 2024").

The rate is read from the snapshots alone. The expected date uses the rate over the recent window (the
last ``WINDOW`` updates); the range uses the fastest and the slowest single interval in that window, so
a plan that sped up or slowed down shows it. Items closed without completion are never waited for.
When a forecast would mean nothing (one update, nothing completed lately, all done) it says so instead.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..base.labels import plural

WINDOW = 4                  # the recent rate: the last four updates (three intervals)
HORIZON_YEARS = 20          # past this, a projected date is not worth stating


@dataclass(frozen=True)
class Point:
    """One published update: its date and how many items were complete, closed, and in the plan."""

    as_at: dt.date
    complete: int
    closed: int
    items: int
    label: str = ""


@dataclass(frozen=True)
class Forecast:
    points: tuple[Point, ...]
    kind: str                          # projected, too_few, stalled, complete
    sentence: str
    expected: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None      # None with an expected date: the slowest recent interval completed nothing
    per_month: float | None = None     # items completed per month at the recent rate
    remaining: int = 0


def quarter(day: dt.date) -> str:
    """'Q2 2024': the calendar quarter a date falls in."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def _span(first: dt.date, last: dt.date) -> str:
    a, b = quarter(first), quarter(last)
    if a == b:
        return f"in {a}"
    if first.year == last.year:
        return f"between {a.split()[0]} and {b}"
    return f"between {a} and {b}"


def _rate(a: Point, b: Point) -> float:
    """Items completed per day between two updates."""
    return (b.complete - a.complete) / max((b.as_at - a.as_at).days, 1)


def _when(start: dt.date, remaining: int, per_day: float) -> dt.date | None:
    if per_day <= 0:
        return None
    days = remaining / per_day
    if days > HORIZON_YEARS * 365.25:
        return None
    return start + dt.timedelta(days=round(days))


def forecast(points: list[Point], noun: tuple[str, str] = ("action", "actions")) -> Forecast:
    """The forecast from updates in any order; several on one day count as the last published that day."""
    by_day: dict[dt.date, Point] = {}
    for p in points:
        by_day[p.as_at] = p
    ordered = tuple(by_day[d] for d in sorted(by_day))
    if len(ordered) < 2:
        return Forecast(ordered, "too_few", f"A forecast needs at least two published updates with different dates; "
                                            f"there {'is only one' if ordered else 'are none'} yet.")
    last = ordered[-1]
    target = last.items - last.closed
    remaining = max(target - last.complete, 0)
    if remaining == 0:
        return Forecast(ordered, "complete", f"All {plural(target, noun[0])} still in the plan are complete "
                                             f"as at {last.as_at:%d %B %Y}: there is nothing left to forecast.")
    recent = ordered[-WINDOW:]
    per_day = _rate(recent[0], recent[-1])
    if per_day <= 0:
        return Forecast(ordered, "stalled",
                        f"No more {noun[1]} were complete on {last.as_at:%d %B %Y} than on {recent[0].as_at:%d %B %Y}: "
                        f"at that rate the {remaining:,} still open would never be complete.",
                        per_month=0.0, remaining=remaining)
    intervals = [_rate(a, b) for a, b in zip(recent, recent[1:])]
    expected = _when(last.as_at, remaining, per_day)
    earliest = _when(last.as_at, remaining, max(intervals))
    latest = _when(last.as_at, remaining, min(intervals))
    per_month = per_day * 365.25 / 12
    intervals_named = "interval" if len(recent) == 2 else f"{len(recent) - 1} intervals"
    pace = f"at the rate of the last {intervals_named} between updates ({per_month:.1f} {noun[1]} a month)"
    if expected is None:
        return Forecast(ordered, "stalled", f"{pace[0].upper() + pace[1:]}, the {remaining:,} {noun[1]} still open would take "
                                            f"more than {HORIZON_YEARS} years.", per_month=per_month, remaining=remaining)
    if latest is None:
        sentence = (f"{pace[0].upper() + pace[1:]}, all {plural(target, noun[0])} complete around {quarter(expected)}; "
                    f"one recent interval completed none, so the latest date cannot be stated.")
    else:
        sentence = f"{pace[0].upper() + pace[1:]}, all {plural(target, noun[0])} complete {_span(earliest, latest)}."
    return Forecast(ordered, "projected", sentence, expected, earliest, latest, per_month, remaining)


def points_from_history(history: pd.DataFrame, closed: dict[int, int]) -> list[Point]:
    """Points from ``store.list_snapshots`` and the closed count per snapshot id (``store.closed_counts``);
    an update with no as-at date takes the day it was published."""
    points = []
    for r in history.itertuples():
        day = r.as_at if pd.notna(r.as_at) else pd.Timestamp(r.published_at).tz_localize(None)
        points.append(Point(pd.Timestamp(day).date(), int(r.complete_count), int(closed.get(int(r.id), 0)),
                            int(r.action_count), str(r.label)))
    return points


def tracker_point(tracker, as_at: dt.date) -> Point:
    """The tracker being shown, as one more point (it may be newer than any published update)."""
    from .status import headline, with_status
    h = headline(with_status(tracker.actions, as_at))
    return Point(as_at, h["complete"], h["closed"], h["actions"], tracker.source_name)


