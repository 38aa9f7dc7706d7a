"""Publishing reviewed updates: the latest snapshot's own workbook with the accepted values written
into their cells, published as a new snapshot that records where every changed value came from.

The same workbook is what the analyst downloads ("the tracker with accepted updates"), so Excel stays
the master: uploading it again gives a snapshot with the same content.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select

from .access import Identity
from .audit import record
from .errors import StoreError
from .labels import and_list, is_missing
from .store_schema import update_publications, updates
from .updates import ready_to_publish
from .resave import losses
from .writeback import Change, cell_columns, target_field, write_back

UPSTREAM = "from the uploaded file"
PUBLISHED_WITHOUT = "published without"      # the audit event of a publish that accepted a loss


class WouldLose(StoreError):
    """Writing the accepted values would drop something the workbook has; ``lost`` names what."""

    def __init__(self, message: str, lost: tuple[str, ...]):
        super().__init__(message)
        self.lost = lost


@dataclass(frozen=True)
class Planned:
    update_id: int
    action_id: str | None
    field: str
    old: object
    new: object
    submitted_by: str
    accepted_by: str
    change: Change


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return f"{value:%d %b %Y}"
    if isinstance(value, float):
        return f"{value:g}%"
    return str(value)


def _note_line(u) -> str | None:
    parts = [p for p in (u["note"], u["evidence"] and f"Evidence: {u['evidence']}") if p]
    if not parts:
        return None
    return f"{u['submitted_at']:%d/%m/%Y} {u['submitted_by']}: " + " ".join(parts)


def plan(engine) -> tuple[int, str, bytes, str | None, list[Planned], list[str]]:
    """(latest snapshot id, its file name and bytes, its mapping, the changes, the updates that could not
    be placed, each in a sentence) for the accepted updates not yet published."""
    from .store import latest_snapshot_id, snapshot_actions_frame, snapshot_file, snapshot_mapping
    latest = latest_snapshot_id(engine)
    if latest is None:
        raise StoreError("Nothing has been published yet, so there is no tracker to update.")
    name, data = snapshot_file(engine, latest)
    mapping = snapshot_mapping(engine, latest)
    actions = snapshot_actions_frame(engine, latest)
    try:
        columns = cell_columns(data, name, mapping)
    except Exception as exc:        # a file that cannot be read back is reported, never a traceback
        raise StoreError(f"The latest snapshot's file {name} could not be read back ({exc}).") from None
    planned, skipped = [], []
    for u in ready_to_publish(engine).to_dict("records"):
        u = {k: None if is_missing(v) else v for k, v in u.items()}
        row = _find(actions, u, latest)
        if row is None:
            skipped.append(f"Update {u['id']} is on action {u['action_id']}, which the latest snapshot does not have.")
            continue
        action = actions.iloc[row]
        place = (action["source_sheet"], int(action["source_row"]))
        cells = columns.get(place, {})
        wanted = [("completion", "completion", u["new_completion"]), ("word", "progress_word", u["new_word"]),
                  ("notes", "notes", _note_line(u)), ("due", "due_date", u["requested_due"])]
        for target, shown_field, value in wanted:
            if value is None:
                continue
            field = target_field(cells, target)
            if field is None:
                skipped.append(f"Update {u['id']}: the tracker has no column for its {target}, so it was not written.")
                continue
            old = action[field] if field in action.index else None
            planned.append(Planned(int(u["id"]), u["action_id"], field, _text(old), _text(value),
                                   u["submitted_by"], u["reviewed_by"], Change(place[0], place[1], target, value)))
    return latest, name, data, mapping, planned, skipped


def _find(actions: pd.DataFrame, u: dict, latest: int) -> int | None:
    if int(u["snapshot_id"]) == latest and u["position"] < len(actions):
        return int(u["position"])
    same = actions.index[actions["action_id"] == u["action_id"]]
    return int(same[0]) if len(same) == 1 else None


@dataclass(frozen=True)
class Updated:
    name: str
    data: bytes                # the workbook with the accepted values in their cells
    mapping: str | None
    planned: list[Planned]
    skipped: list[str]
    lost: tuple[str, ...] = ()   # what the re-save dropped that the snapshot's workbook had ("1 text box or shape")

    def loss_sentence(self) -> str | None:
        """What the analyst is told before publishing a copy that lacks something, or None."""
        if not self.lost:
            return None
        return (f"Writing the accepted values into {self.name} drops {and_list(list(self.lost))}, which the Excel library "
                "used here cannot keep. The latest snapshot keeps its workbook whole; publish only if the new copy "
                "may go without them, or make the changes in Excel and upload that workbook on the Data page.")


def updated_workbook(engine, as_at: dt.date | None = None) -> Updated:
    """The latest snapshot's workbook with the accepted, unpublished updates in their cells, and its as-at
    title restated to ``as_at`` (default today): the date the accepted values are as at."""
    _, name, data, mapping, planned, skipped = plan(engine)
    if not planned:
        return Updated(name, data, mapping, planned, skipped)
    written = write_back(data, name, [p.change for p in planned], mapping, as_at or dt.date.today())
    lost = () if name.lower().endswith(".csv") else tuple(losses(data, written))
    return Updated(name, written, mapping, planned, skipped, lost)


def publish_reviewed(engine, person: Identity, as_at: dt.date | None = None, label: str | None = None,
                     accept_losses: bool = False):
    """A new snapshot: the latest plus the accepted updates, each changed value with its provenance.

    If writing the values drops something the workbook had (a text box, a slicer…), WouldLose is raised
    unless ``accept_losses``; a publish that accepts the loss records what went in the audit trail."""
    from .store import label_taken, publish
    from .mapping import ColumnMapping
    from .tracker import load_tracker
    from .updates import _refuse
    if not person.can_publish:
        _refuse(engine, person, f"{person.name} is not an analyst and may not publish reviewed updates")
    when = as_at or dt.date.today()
    updated = updated_workbook(engine, when)
    name, data, mapping, planned, skipped = updated.name, updated.data, updated.mapping, updated.planned, updated.skipped
    if not planned:
        raise StoreError("No accepted update is waiting to be published." + (" " + " ".join(skipped) if skipped else ""))
    if updated.lost and not accept_losses:
        raise WouldLose(updated.loss_sentence(), updated.lost)
    label = label or f"Reviewed updates, {when:%d %b %Y}"
    if label_taken(engine, label):
        label = f"{label} ({dt.datetime.now():%H:%M:%S})"
    tracker = load_tracker(data, name, mappings=[ColumnMapping.from_json(mapping)] if mapping else ())

    def provenance_rows(connection, snapshot_id: int) -> None:
        connection.execute(insert(update_publications), [
            {"snapshot_id": snapshot_id, "position": i, "update_id": p.update_id, "action_id": p.action_id,
             "field": p.field, "old_value": p.old, "new_value": p.new, "submitted_by": p.submitted_by,
             "accepted_by": p.accepted_by} for i, p in enumerate(planned)])
        if updated.lost:
            record(connection, person.name, PUBLISHED_WITHOUT, snapshot_id,
                   f"Published without {and_list(list(updated.lost))} of {name}, which the re-save could not keep.")

    return publish(engine, tracker, data, label=label, published_by=person.name, as_at=when,
                   mapping_json=mapping, also=provenance_rows, confirm_drop=True), skipped


def provenance(engine, snapshot_id: int) -> pd.DataFrame:
    """What a snapshot took from reviewed updates: action, field, old and new value, and from whom."""
    with engine.connect() as connection:
        rows = connection.execute(select(update_publications).where(update_publications.c.snapshot_id == snapshot_id)
                                  .order_by(update_publications.c.position)).mappings().all()
    frame = pd.DataFrame(rows, columns=["snapshot_id", "position", "update_id", "action_id", "field", "old_value",
                                        "new_value", "submitted_by", "accepted_by"])
    frame["source"] = [f"from update {r.update_id} by {r.submitted_by}, accepted by {r.accepted_by}"
                       for r in frame.itertuples()]
    return frame


def lineage(engine, roots: set[int]) -> set[int]:
    """``roots`` and every snapshot published from reviewed updates made on one of them, and so on: what a
    snapshot of the shipped sample becomes when a demo's officers update it is still the sample."""
    with engine.connect() as connection:
        pairs = connection.execute(select(update_publications.c.snapshot_id, updates.c.snapshot_id)
                                   .join(updates, updates.c.id == update_publications.c.update_id).distinct()).all()
    found = set(roots)
    grew = True
    while grew:
        before = len(found)
        found |= {int(new) for new, base in pairs if int(base) in found}
        grew = len(found) > before
    return found
