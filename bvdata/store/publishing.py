"""Publishing: a validated tracker becomes a dated, append-only snapshot, in one transaction, so a reader
never sees half a snapshot and a publish killed midway leaves nothing behind. The same file twice is
refused; a tracker that drops more than a fifth of the previous snapshot's actions needs confirming.
"""
from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..base.errors import StoreError
from ..base.labels import is_missing
from ..model.status import headline, with_status
from ..read.assembly.tracker import Tracker, load_tracker
from .audit import PUBLISH
from .audit import record as record_event
from .engine import writer
from .guard import FROM_SETTINGS, may_change
from .mappings import check_mapping_plan
from .plans import SAMPLE_PLAN, Plan, create_plan, plan_by_id, plan_for_file, plan_named
from .schema import snapshot_actions, snapshot_amendments, snapshot_themes, snapshots
from .seal import sealed_detail
from .snapshots import (
    STORED_ACTION_COLUMNS,
    SnapshotInfo,
    find_by_sha,
    latest_snapshot_id,
    snapshot_actions_frame,
    snapshot_before,
    snapshot_info,
)

DROP_SHARE = 0.2          # an upload losing more than this share of the previous actions needs confirming


class DuplicateSnapshot(StoreError):
    """The same file (byte for byte) was published before."""


class NeedsConfirmation(StoreError):
    """The new tracker drops many of the previous snapshot's actions; ``dropped`` lists them."""

    def __init__(self, message: str, dropped: pd.DataFrame):
        super().__init__(message)
        self.dropped = dropped


def dropped_actions(previous: pd.DataFrame, matching) -> pd.DataFrame:
    """The previous snapshot's actions that the new tracker no longer has (matched as in Compare)."""
    return previous.loc[previous.index[matching.removed_old_positions], ["action_id", "action", "recommendation"]]


def default_label(tracker: Tracker, as_at: dt.date | None = None) -> str:
    """'Update as at 14 Feb 2022': from the update's own date, never from an earlier publish."""
    when = as_at or tracker.as_at
    return f"Update as at {when:%d %b %Y}" if when else f"Update from {tracker.source_name}"


def publish(engine: Engine, tracker: Tracker, data: bytes, label: str | None = None,
            published_by: str | None = None, confirm_drop: bool = False,
            progress: Callable[[str], None] | None = None, mapping_json: str | None = None,
            as_at: dt.date | None = None, in_same_transaction: Callable | None = None,
            plan: Plan | int | NewPlan | None = None, plan_analysts: dict | str | None = FROM_SETTINGS,
            _again: bool = False) -> SnapshotInfo:
    """Store a validated tracker as a new snapshot of a plan, in one transaction. ``mapping_json`` is the
    column mapping the file was read with, kept so that the snapshot reads back the same; ``as_at`` is the
    date the update is for, when the analyst gives or corrects it (else the file's own).

    ``plan`` is the plan it goes into (a Plan, its id, or a NewPlan to make); without one, the plan that
    shares at least half the file's items (the sample's never counts), or a new plan named from the file
    when the store has none of its own. Everything that
    looks back (the previous update, the drop check, the label) stays inside the plan. An analyst limited
    by ``plan_analysts`` to other plans is refused (AccessRefused, and an event); so is a file two plans
    could be (``plans.Ambiguous``), unless ``plan`` says which."""
    report = progress or (lambda step: None)
    existing = find_by_sha(engine, tracker.sha256)
    if existing:
        raise DuplicateSnapshot(
            f"This file was already published as snapshot {existing.id} ('{existing.label}') of the plan "
            f"'{_plan_name(engine, existing.plan_id)}' on {existing.published_at:%d %b %Y}; nothing was added."
        )
    from ..model.compare import match_actions
    published_by = (published_by or _who())[:200]
    target = _plan_for(engine, tracker, plan)
    if target is None:
        target = NewPlan(plan_name_of(tracker))
    may_change(engine, published_by, target, "publish to", plan_analysts)
    plan_id = target.id if isinstance(target, Plan) else None
    check_mapping_plan(engine, mapping_json, plan_id)
    as_at = as_at or tracker.as_at
    previous_id = snapshot_before(engine, as_at, plan=plan_id) if plan_id is not None else None
    previous = snapshot_actions_frame(engine, previous_id) if previous_id else None
    matching = match_actions(previous, tracker.actions) if previous is not None and len(previous) else None
    if matching is not None and not confirm_drop:
        dropped = dropped_actions(previous, matching)
        if len(dropped) > DROP_SHARE * len(previous):
            raise NeedsConfirmation(
                f"This tracker drops {len(dropped)} of the {len(previous)} actions in the latest snapshot; "
                "confirm that they should disappear before publishing.", dropped)
    changed = _due_date_changed(previous, tracker.actions, matching)
    figures = headline(with_status(tracker.actions, as_at or dt.date.today()))
    row = dict(
        label=(label or default_label(tracker, as_at)).strip()[:300], as_at=as_at,
        published_by=published_by, published_at=dt.datetime.now(dt.UTC),
        filename=tracker.source_name[:300], sha256=tracker.sha256, file_bytes=data,
        action_count=len(tracker.actions), warning_count=len(tracker.warnings),
        theme_score_count=len(tracker.themes.frame), complete_count=figures["complete"],
        overdue_count=figures["overdue"], closed_count=figures["closed"], mean_completion=figures["mean_completion"],
        mapping_json=mapping_json, noun=tracker.noun[1],
    )
    again = dict(label=label, published_by=published_by, confirm_drop=confirm_drop, progress=progress,
                 mapping_json=mapping_json, as_at=as_at, in_same_transaction=in_same_transaction, plan=plan,
                 plan_analysts=plan_analysts, _again=True)
    try:
        with writer(engine) as connection:
            if plan_id is None:                        # a new plan, made with its first snapshot
                plan_id = create_plan(engine, target.name, published_by, kind=target.kind, body=target.body,
                                      noun=tracker.noun[1], connection=connection, plan_analysts=plan_analysts).id
            row["plan_id"] = plan_id
            snapshot_id = connection.execute(insert(snapshots).values(**row)).inserted_primary_key[0]
            report("snapshot recorded")
            actions = _records(tracker.actions, STORED_ACTION_COLUMNS, snapshot_id)
            for record, flag in zip(actions, changed):
                record["due_date_changed"] = bool(flag)
            if actions:
                connection.execute(insert(snapshot_actions), actions)
            report("actions stored")
            themes = _records(tracker.themes.frame, ["theme", "theme_as_written", "period", "score", "target",
                                                     "source_sheet", "source_row"], snapshot_id)
            if themes:
                connection.execute(insert(snapshot_themes), themes)
            amendments = _records(tracker.amendments, ["action_id", "original_action", "amended_action",
                                                       "justification", "source_sheet", "source_row"], snapshot_id)
            if amendments:
                connection.execute(insert(snapshot_amendments), amendments)
            record_event(connection, row["published_by"], PUBLISH, snapshot_id,
                         sealed_detail(connection, row["label"], snapshot_id, row["sha256"]), plan_id=plan_id)
            if in_same_transaction is not None:       # rows that must land with the snapshot, or not at all
                in_same_transaction(connection, snapshot_id)
            report("about to commit")
    except (IntegrityError, StoreError):
        existing = find_by_sha(engine, tracker.sha256)
        if existing:
            raise DuplicateSnapshot(f"This file was published as snapshot {existing.id} a moment ago; "
                                    "nothing was added.") from None
        if plan is None and isinstance(target, NewPlan) and not _again and plan_named(engine, target.name):
            # another publish made the store's first plan a moment ago: choose again, on the evidence
            return publish(engine, tracker, data, **again)
        raise
    return snapshot_info(engine, snapshot_id)


@dataclass(frozen=True)
class NewPlan:
    """A plan to make with the snapshot, in the same transaction (so a refused publish makes none)."""
    name: str
    kind: str = "best_value"
    body: str | None = None


def _plan_for(engine: Engine, tracker: Tracker, plan) -> Plan | NewPlan | None:
    """The plan a publish goes into: the one given; else the plan that shares at least half the file's
    items (never the sample's); else None, for a new plan named from the file (a store with no plan of its
    own yet). A file that matches none of a store's plans is refused (StoreError)."""
    if isinstance(plan, (Plan, NewPlan)):
        if isinstance(plan, NewPlan) and plan_named(engine, plan.name, include_withdrawn=True) is not None:
            raise StoreError(f"There is already a plan called '{plan.name}'.")
        return plan
    if plan is not None:
        return plan_by_id(engine, int(plan))
    found = plan_for_file(engine, tracker.actions, tracker.source_name, tracker.noun[1])
    return None if found is None else found.plan


def plan_name_of(tracker: Tracker, from_file_name: bool = True) -> str:
    """A new plan's name, from the file: its title row, else (``from_file_name``) its name without the
    extension, else "" (as a name is stored: ``base.names.display_name``, and at most 200 characters). The
    Data page offers only the title: a file name such as "h5_earlier_update" is no plan's name."""
    from ..base.names import MAX_NAME, display_name
    written = tracker.title or (Path(tracker.source_name).stem if from_file_name else "")
    return display_name(written)[:MAX_NAME].strip() if written else ("Plan" if from_file_name else "")


def _plan_name(engine: Engine, plan_id: int | None) -> str:
    return plan_by_id(engine, plan_id).name if plan_id is not None else "none"


def seed_if_empty(engine: Engine, files: list[tuple[Path, str]]) -> None:
    """Publish the given (file, label) pairs, oldest first, as the plan "Sample (illustrative)" of a store
    that has no snapshot yet."""
    if latest_snapshot_id(engine) is not None:
        return
    try:
        sample = plan_named(engine, SAMPLE_PLAN) or create_plan(engine, SAMPLE_PLAN, "sample data", sample=True,
                                                                noun="actions", plan_analysts=None)
    except StoreError:                  # another process made it at the same moment
        sample = plan_named(engine, SAMPLE_PLAN)
    for path, label in files:
        data = Path(path).read_bytes()
        try:
            publish(engine, load_tracker(data, Path(path).name), data, label=label, published_by="sample data", plan=sample,
                    confirm_drop=True, plan_analysts=None)
        except DuplicateSnapshot:  # another process seeded it at the same moment
            pass


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "local analyst"


def _records(frame: pd.DataFrame, columns: list[str], snapshot_id: int) -> list[dict]:
    out = []
    for position, values in enumerate(frame[columns].itertuples(index=False, name=None)):
        record = {"snapshot_id": snapshot_id, "position": position}
        for column, value in zip(columns, values):
            if is_missing(value):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date()
            elif hasattr(value, "item"):
                value = value.item()
            record[column] = value
        out.append(record)
    return out


def _due_date_changed(previous: pd.DataFrame | None, new: pd.DataFrame, matching) -> list[bool]:
    """Per new action: does its due date differ from the previous snapshot's for the same action?"""
    flags = [False] * len(new)
    if matching is None:
        return flags
    for old_pos, new_pos in matching.pairs:
        a, b = previous["due_date"].iloc[old_pos], new["due_date"].iloc[new_pos]
        flags[new_pos] = not ((pd.isna(a) and pd.isna(b)) or a == b)
    return flags
