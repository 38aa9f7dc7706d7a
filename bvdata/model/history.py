"""The steps the CLI, the Compare page and the report share: take two versions of the tracker
(snapshots or files), give each its status as at its own date, and compare them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..base.formats import day
from ..read.assembly.tracker import Tracker
from .compare import Comparison, compare
from .status import with_status


@dataclass
class Side:
    """One version of the plan: its actions, amendments, the date it is as at, and what to call it."""

    actions: pd.DataFrame
    amendments: pd.DataFrame
    as_at: dt.date | None
    label: str
    snapshot_id: int | None = None

    def status(self, fallback: dt.date | None = None) -> pd.DataFrame:
        """The actions with their status as at this version's own date (else the fallback, else today)."""
        return with_status(self.actions, self.as_at or fallback or dt.date.today())

    @property
    def when(self) -> str:
        """'08/02/2021', or the snapshot's label when it has no date."""
        return day(self.as_at) if self.as_at else self.label


def tracker_side(tracker: Tracker, label: str | None = None) -> Side:
    return Side(tracker.actions, tracker.amendments, tracker.as_at, label or tracker.source_name)


@dataclass
class Movement:
    """Two versions and what moved between them, each with its status as at its own date."""

    old: Side
    new: Side
    old_status: pd.DataFrame
    new_status: pd.DataFrame
    comparison: Comparison


def compare_sides(old: Side, new: Side) -> Movement:
    old_status, new_status = old.status(), new.status()
    result = compare(old.actions, new.actions, new.amendments, old_status, new_status)
    return Movement(old, new, old_status, new_status, result)


def in_order(first: int, second: int, order: list[int]) -> tuple[int, int, bool]:
    """(earlier, later, swapped) for two snapshot ids, by their place in time order: Compare always runs
    from the earlier update to the later, whichever way round they were picked."""
    if order.index(first) <= order.index(second):
        return first, second, False
    return second, first, True
