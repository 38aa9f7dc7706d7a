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

from ..base.access import Identity
from ..base.errors import StoreError
from ..base.labels import and_list, is_missing
from ..read.door.resave import losses
from ..store.audit import PUBLISHED_WITHOUT, record
from ..store.guard import FROM_SETTINGS, may_change
from ..store.schema import update_publications, updates
from .officers import name_key
from .updates import note_line, ready_to_publish, return_updates
from .writeback import Change, cell_columns, target_field, write_back

UPSTREAM = "from the uploaded file"


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


@dataclass(frozen=True)
class Plan:
    """What publishing the accepted updates would do: the latest snapshot, its workbook and mapping, the
    values to write, the fields that have no column (sentences), and the updates to return unapplied
    because their action changed: (update id, the reason in a sentence)."""
    snapshot_id: int
    name: str
    data: bytes
    mapping: str | None
    planned: list[Planned]
    skipped: list[str]
    returned: list[tuple[int, str]]


def _as_seen(engine, u: dict, seen_cache: dict) -> tuple[str | None, str | None]:
    """(wording, lead) of the action as the officer saw it: recorded with the update, else (an update
    from before they were recorded) read from the snapshot it was made on."""
    if u.get("action_text") is not None:
        return u["action_text"], u.get("lead_officer")
    from ..store.snapshots import snapshot_actions_frame
    if u["snapshot_id"] not in seen_cache:
        seen_cache[u["snapshot_id"]] = snapshot_actions_frame(engine, int(u["snapshot_id"]))
    frame = seen_cache[u["snapshot_id"]]
    if 0 <= u["position"] < len(frame):
        row = frame.iloc[int(u["position"])]
        return (None if is_missing(row["action"]) else row["action"]), (None if is_missing(row["lead_officer"]) else row["lead_officer"])
    return None, None


def bind(actions: pd.DataFrame, action_id: str | None, wording: str | None, lead: str | None) -> tuple[int | None, str | None]:
    """(the row of ``actions`` an update on this action belongs to, None) or (None, why it belongs to none).

    Found as Compare matches actions: by number where the wording is still that action's (a close
    rewording counts), else by wording under another number. It applies only where the lead is the same."""
    from ..model.compare import match_actions, same_wording
    number = action_id or "without a number"
    same_number = actions.index[actions["action_id"] == action_id] if action_id else actions.index[:0]
    rows = [r for r in same_number if wording is None or same_wording(wording, actions.iloc[r]["action"])]
    if not rows and wording is not None:           # renumbered: the same wording under another number
        seen = pd.DataFrame({"action_id": pd.array([None], dtype=actions["action_id"].dtype),
                             "action": pd.array([wording], dtype=actions["action"].dtype)})
        rows = [j for _, j in match_actions(seen, actions).pairs]
    if not rows:
        if len(same_number):
            now = actions.iloc[same_number[0]]
            return None, (f"action {number} is now '{str(now['action'])[:120]}', led by "
                          f"{_lead_text(now['lead_officer'])}")
        return None, f"action {number} is no longer in the latest update"
    row = rows[0]
    now_lead = actions.iloc[row]["lead_officer"]
    if name_key(lead or "") != name_key("" if is_missing(now_lead) else now_lead):
        return None, f"action {number} is now led by {_lead_text(now_lead)}, not {lead or 'nobody named'}"
    return int(row), None


def _lead_text(lead) -> str:
    return "nobody named" if is_missing(lead) else str(lead)


def plan(engine, plan_id: int | None = None) -> Plan:
    """What publishing the accepted, unpublished updates on a plan (the store's only one, by default) would
    do, into that plan's latest snapshot (see Plan)."""
    from ..store.snapshots import latest_snapshot_id, snapshot_actions_frame, snapshot_file, snapshot_mapping
    plan_id = _the_plan(engine, plan_id)
    latest = latest_snapshot_id(engine, plan=plan_id)
    if latest is None:
        raise StoreError("Nothing has been published yet, so there is no tracker to update.")
    name, data = snapshot_file(engine, latest)
    mapping = snapshot_mapping(engine, latest)
    actions = snapshot_actions_frame(engine, latest)
    try:
        columns = cell_columns(data, name, mapping)
    except Exception as exc:        # a file that cannot be read back is reported, never a traceback
        raise StoreError(f"The latest snapshot's file {name} could not be read back ({exc}).") from None
    planned, skipped, returned = [], [], []
    seen_cache: dict = {}
    for u in ready_to_publish(engine, plan_id).to_dict("records"):
        u = {k: None if is_missing(v) else v for k, v in u.items()}
        wording, lead = _as_seen(engine, u, seen_cache)
        row, why = bind(actions, u["action_id"], wording, lead)
        if row is None:
            returned.append((int(u["id"]), f"Update {u['id']} was not applied: {why}."))
            continue
        action = actions.iloc[row]
        place = (action["source_sheet"], int(action["source_row"]))
        cells = columns.get(place, {})
        wanted = [("completion", "completion", u["new_completion"]), ("word", "progress_word", u["new_word"]),
                  ("notes", "notes", note_line(u["submitted_at"], u["submitted_by"], u["note"], u["evidence"])),
                  ("due", "due_date", u["requested_due"])]
        for target, shown_field, value in wanted:
            if value is None:
                continue
            field = target_field(cells, target)
            if field is None:
                skipped.append(f"Update {u['id']}: the tracker has no column for its {target}, so it was not written.")
                continue
            old = action[field] if field in action.index else None
            planned.append(Planned(int(u["id"]), action["action_id"], field, _text(old), _text(value),
                                   u["submitted_by"], u["reviewed_by"], Change(place[0], place[1], target, value)))
    return Plan(latest, name, data, mapping, planned, skipped, returned)


@dataclass(frozen=True)
class Updated:
    name: str
    data: bytes                # the workbook with the accepted values in their cells
    mapping: str | None
    planned: list[Planned]
    skipped: list[str]
    lost: tuple[str, ...] = ()   # what the re-save dropped that the snapshot's workbook had ("1 text box or shape")
    returned: tuple[tuple[int, str], ...] = ()   # updates that go back unapplied, with why

    def loss_sentence(self) -> str | None:
        """What the analyst is told before publishing a copy that lacks something, or None."""
        if not self.lost:
            return None
        return (f"Writing the accepted values into {self.name} drops {and_list(list(self.lost))}, which the Excel library "
                "used here cannot keep. The latest snapshot keeps its workbook whole; publish only if the new copy "
                "may go without them, or make the changes in Excel and upload that workbook on the Data page.")


def updated_workbook(engine, as_at: dt.date | None = None, plan_id: int | None = None) -> Updated:
    """The plan's latest snapshot's workbook with the accepted, unpublished updates in their cells, and its
    as-at title restated to ``as_at`` (default today): the date the accepted values are as at."""
    found = plan(engine, plan_id)
    name, data, mapping, planned, skipped = found.name, found.data, found.mapping, found.planned, found.skipped
    if not planned:
        return Updated(name, data, mapping, planned, skipped, returned=tuple(found.returned))
    written = write_back(data, name, [p.change for p in planned], mapping, as_at or dt.date.today())
    lost = () if name.lower().endswith(".csv") else tuple(losses(data, written))
    return Updated(name, written, mapping, planned, skipped, lost, tuple(found.returned))


def publish_reviewed(engine, person: Identity, as_at: dt.date | None = None, label: str | None = None,
                     accept_losses: bool = False, plan_id: int | None = None,
                     plan_analysts: dict | str | None = FROM_SETTINGS):
    """A new snapshot: the latest plus the accepted updates, each changed value with its provenance; only
    by an analyst who may change the plan (``store.guard``, checked before anything is written).

    If writing the values drops something the workbook had (a text box, a slicer…), WouldLose is raised
    unless ``accept_losses``; a publish that accepts the loss records what went in the audit trail."""
    from ..read.assembly.mapping import ColumnMapping
    from ..read.assembly.tracker import load_tracker
    from ..store.publishing import publish
    from ..store.snapshots import label_taken
    from .updates import refuse
    if not person.can_publish:
        refuse(engine, person, f"{person.name} is not an analyst and may not publish reviewed updates")
    when = as_at or dt.date.today()
    plan_id = _the_plan(engine, plan_id)
    may_change(engine, person.name, plan_id, "publish reviewed updates to", plan_analysts)
    updated = updated_workbook(engine, when, plan_id)
    name, data, mapping, planned, skipped = updated.name, updated.data, updated.mapping, updated.planned, updated.skipped
    if not planned:
        if updated.returned:            # nothing to write, but the returns are decisions: record them
            from ..store.engine import writer
            with writer(engine) as connection:
                return_updates(connection, person.name, list(updated.returned))
            raise StoreError("No accepted update could be published; returned to their officers: "
                             + " ".join(why for _, why in updated.returned))
        raise StoreError("No accepted update is waiting to be published." + (" " + " ".join(skipped) if skipped else ""))
    if updated.lost and not accept_losses:
        raise WouldLose(updated.loss_sentence(), updated.lost)
    label = label or f"Reviewed updates, {when:%d %b %Y}"
    if label_taken(engine, label, plan=plan_id):
        label = f"{label} ({dt.datetime.now():%H:%M:%S})"
    tracker = load_tracker(data, name, mappings=[ColumnMapping.from_json(mapping)] if mapping else ())

    def provenance_rows(connection, snapshot_id: int) -> None:
        return_updates(connection, person.name, list(updated.returned))
        connection.execute(insert(update_publications), [
            {"snapshot_id": snapshot_id, "position": i, "update_id": p.update_id, "action_id": p.action_id,
             "field": p.field, "old_value": p.old, "new_value": p.new, "submitted_by": p.submitted_by,
             "accepted_by": p.accepted_by} for i, p in enumerate(planned)])
        if updated.lost:
            record(connection, person.name, PUBLISHED_WITHOUT, snapshot_id,
                   f"Published without {and_list(list(updated.lost))} of {name}, which the re-save could not keep.")

    return publish(engine, tracker, data, label=label, published_by=person.name, as_at=when,
                   mapping_json=mapping, in_same_transaction=provenance_rows, confirm_drop=True, plan=plan_id,
                   plan_analysts=plan_analysts), skipped


def _the_plan(engine, plan_id: int | None) -> int | None:
    """The plan reviewed updates go into: the one named, else the store's only plan with a snapshot."""
    if plan_id is not None:
        return plan_id
    from ..store.snapshots import list_snapshots
    plans = list_snapshots(engine)["plan_id"].dropna().unique()
    if len(plans) > 1:
        raise StoreError("This store holds several plans; say which plan's reviewed updates to publish.")
    return int(plans[0]) if len(plans) else None


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
