"""Lead officers' updates on their own actions, the analyst's review, and publishing what was accepted.

An update is a record (who, when, the old and the new values, and the action as the officer saw it:
its number, wording and lead) and never overwrites anything. A decision is a record too, and so is an
update returned unapplied because its action changed. Publishing the reviewed updates writes the
accepted values into the latest snapshot's own workbook (bvdata.owners.writeback) and publishes that as a
new snapshot, with each changed value's provenance. Every permission is checked here, on the server:
a refused request raises ``AccessRefused`` and is written to the audit trail. Nobody reviews an
update they submitted.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from ..base.access import Identity, address_key
from ..base.cleantext import EXCEL_CELL_LIMIT, clean_optional
from ..base.errors import AccessRefused, StoreError
from ..read.cells.progress import vocabulary_word
from ..store.audit import REFUSED, RETURNED, REVIEWED, SUBMITTED, record
from ..store.guard import FROM_SETTINGS, may_change
from ..store.schema import snapshots, update_publications, update_returns, update_reviews, updates
from .officers import actions_of, officer_table

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
MAX_NOTE = 4000
EARLIEST_DUE, LATEST_DUE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Proposal:
    """What an officer asks to change; None leaves a value as it is."""
    completion: float | None = None
    word: str | None = None
    note: str | None = None
    evidence: str | None = None
    requested_due: dt.date | None = None
    due_reason: str | None = None


def refuse(engine, person: Identity, what: str) -> None:
    """Write the refusal to the audit trail, then raise AccessRefused with it."""
    from ..store.engine import writer
    with writer(engine) as connection:
        record(connection, person.name, REFUSED, None, what)
    raise AccessRefused(f"Refused: {what}.")


def _email(person: Identity) -> str:
    """The person as updates record and compare them; '' for a name that can never match (bvdata.base.access)."""
    return address_key(person.name) or ""


def own_actions(engine, person: Identity, actions: pd.DataFrame) -> pd.DataFrame:
    """The actions that name this person as a lead, by the officer table."""
    if person.role is None:
        return actions.iloc[0:0]
    return actions[actions_of(actions, _email(person), officer_table(engine))]


def position_for(engine, person: Identity, actions: pd.DataFrame, action_id: str, snapshot_id: int) -> int:
    """Where this person's action ``action_id`` is in the snapshot; a request for an action that is not
    theirs (a link edited to name another officer's) is refused and written to the audit trail."""
    mine = own_actions(engine, person, actions)
    found = mine.index[mine["action_id"] == str(action_id)]
    if not len(found):
        refuse(engine, person, f"{person.name} asked for action {str(action_id)[:40]} of snapshot {snapshot_id}, "
                "which does not name them as a lead officer")
    return int(found[0])


def _check(proposal: Proposal) -> Proposal:
    """The proposal as it is kept: text cleaned of characters a workbook cannot hold, the status as the
    vocabulary's own word (never as typed), and every value within range; StoreError in a sentence."""
    word = clean_optional(proposal.word)
    proposal = Proposal(completion=proposal.completion, word=word and (vocabulary_word(word) or word),
                        note=clean_optional(proposal.note), evidence=clean_optional(proposal.evidence),
                        requested_due=proposal.requested_due, due_reason=clean_optional(proposal.due_reason))
    if proposal.completion is not None and not 0 <= proposal.completion <= 100:
        raise StoreError("A completion must be between 0% and 100%.")
    if proposal.word is not None and vocabulary_word(proposal.word) is None:
        raise StoreError(f"'{proposal.word[:60]}' is not a progress word the tracker knows.")
    if proposal.requested_due is not None and not EARLIEST_DUE <= proposal.requested_due <= LATEST_DUE:
        raise StoreError(f"A due date must lie between {EARLIEST_DUE:%d %b %Y} and {LATEST_DUE:%d %b %Y}.")
    if proposal.requested_due is not None and not proposal.due_reason:
        raise StoreError("Say why the due date should move: the reason goes to the analyst with the request.")
    if proposal.evidence and not _URL.match(proposal.evidence):
        raise StoreError("The evidence link must be a web address starting http:// or https://.")
    if len(proposal.note or "") > MAX_NOTE:
        raise StoreError(f"The progress note is {len(proposal.note):,} characters, more than the {MAX_NOTE:,} an "
                         "update can carry; nothing was sent, and the note is still in the box: shorten it and "
                         "send again.")
    if all(v is None for v in (proposal.completion, proposal.word, proposal.note, proposal.requested_due)):
        raise StoreError("The update changes nothing: give a new % or status, a note, or a new due date.")
    return proposal


def note_line(submitted_at, submitted_by: str, note: str | None, evidence: str | None) -> str | None:
    """The line an update adds under the action's notes: '01/12/2026 kate@…: note Evidence: link'."""
    parts = [p for p in (note, evidence and f"Evidence: {evidence}") if p]
    if not parts:
        return None
    return f"{submitted_at:%d/%m/%Y} {submitted_by}: " + " ".join(parts)


def _check_room(engine, action: pd.Series, snapshot_id: int, position: int, line: str | None) -> None:
    """Refuse a note that, with the notes already waiting for the same action, would overflow the one
    Excel cell the tracker keeps them in: the analyst's workbook must never be cut."""
    if line is None:
        return
    notes = action["notes"]
    used = 0 if notes is None or (not isinstance(notes, str) and pd.isna(notes)) else len(str(notes).rstrip())
    waiting = all_updates(engine)
    waiting = waiting[(waiting["snapshot_id"] == snapshot_id) & (waiting["position"] == position)
                      & waiting["state"].isin([PENDING, ACCEPTED]) & waiting["published_in"].isna()]
    for u in waiting.itertuples():
        other = note_line(u.submitted_at, u.submitted_by, _or_none(u.note), _or_none(u.evidence))
        used += len(other) + 1 if other else 0
    room = EXCEL_CELL_LIMIT - used - 1 - (len(line) - len(line.split(": ", 1)[-1]))
    needed = len(line.split(": ", 1)[-1])
    if needed > room:
        raise StoreError(f"This note is {needed:,} characters, but the action's notes cell has room for only "
                         f"{max(room, 0):,} more (one Excel cell holds {EXCEL_CELL_LIMIT:,}, and updates already "
                         "waiting add to it); shorten it.")


def submit(engine, person: Identity, snapshot_id: int, position: int, proposal: Proposal) -> int:
    """Record an update on one action of the latest snapshot, by one of its lead officers only."""
    from ..store.engine import writer
    from ..store.snapshots import latest_snapshot_id, snapshot_actions_frame, snapshot_info
    if person.role is None:
        refuse(engine, person, "someone who is not signed in tried to submit an update")
    if snapshot_id != latest_snapshot_id(engine, plan=snapshot_info(engine, snapshot_id).plan_id):
        raise StoreError("That action is from an older update of the plan; open My actions again to see the latest.")
    actions = snapshot_actions_frame(engine, snapshot_id)
    if not 0 <= position < len(actions):
        refuse(engine, person, f"{person.name} asked to update action position {position}, which snapshot "
                f"{snapshot_id} does not have")
    action = actions.iloc[position]
    if not len(own_actions(engine, person, actions.iloc[[position]])):
        refuse(engine, person, f"{person.name} is not a lead officer of action {action['action_id']} "
                f"('{action['lead_officer']}') and may not submit an update on it")
    proposal = _check(proposal)
    submitted_at = dt.datetime.now(dt.UTC)
    _check_room(engine, action, snapshot_id, position,
                note_line(submitted_at, _email(person), proposal.note, proposal.evidence))
    row = dict(snapshot_id=snapshot_id, position=position, action_id=action["action_id"],
               action_text=_or_none(action["action"]), lead_officer=_or_none(action["lead_officer"]),
               submitted_by=_email(person), submitted_at=submitted_at,
               old_completion=_or_none(action["completion"]), new_completion=proposal.completion,
               old_word=_or_none(action["progress_word"]) or _or_none(action["rag"]),
               new_word=proposal.word, note=proposal.note, evidence=proposal.evidence,
               old_due=_or_none(action["due_date"]), requested_due=proposal.requested_due,
               due_reason=proposal.due_reason)
    if isinstance(row["old_due"], pd.Timestamp):
        row["old_due"] = row["old_due"].date()
    with writer(engine) as connection:
        update_id = connection.execute(insert(updates).values(**row)).inserted_primary_key[0]
        record(connection, person.name, SUBMITTED, snapshot_id, f"update {update_id} on action {action['action_id']}")
    return int(update_id)


def _or_none(value):
    from ..base.labels import is_missing
    return None if is_missing(value) else (value.item() if hasattr(value, "item") else value)


_COLUMNS = ["id", "snapshot_id", "position", "action_id", "action_text", "lead_officer", "submitted_by",
            "submitted_at", "old_completion", "new_completion", "old_word", "new_word", "note", "evidence", "old_due",
            "requested_due", "due_reason", "state", "comment", "reviewed_by", "reviewed_at", "published_in",
            "returned_why", "plan_id"]


def all_updates(engine) -> pd.DataFrame:
    """Every update with its state (pending, accepted, rejected, or returned: accepted, but not applied
    because its action changed), the decision, where it was published and why it was returned."""
    with engine.connect() as connection:
        rows = connection.execute(select(updates).order_by(updates.c.id)).mappings().all()
        reviews = {r["update_id"]: r for r in connection.execute(select(update_reviews)).mappings().all()}
        published = dict(connection.execute(select(update_publications.c.update_id,
                                                   update_publications.c.snapshot_id)).all())
        returned = dict(connection.execute(select(update_returns.c.update_id, update_returns.c.reason)).all())
        plan_of = dict(connection.execute(select(snapshots.c.id, snapshots.c.plan_id)).all())
    out = []
    for r in rows:
        review = reviews.get(r["id"])
        state = review["decision"] if review else PENDING
        out.append({**r, "state": RETURNED_STATE if r["id"] in returned else state,
                    "comment": review["comment"] if review else None,
                    "reviewed_by": review["reviewed_by"] if review else None,
                    "reviewed_at": review["reviewed_at"] if review else None,
                    "published_in": published.get(r["id"]), "returned_why": returned.get(r["id"]),
                    "plan_id": plan_of.get(r["snapshot_id"])})
    return pd.DataFrame(out, columns=_COLUMNS)


RETURNED_STATE = "returned"


def my_updates(engine, person: Identity) -> pd.DataFrame:
    """The updates this person submitted, newest first: nobody sees another officer's updates here."""
    frame = all_updates(engine)
    return frame[frame["submitted_by"] == _email(person)].iloc[::-1].reset_index(drop=True)


def review_queue(engine, person: Identity, plan: int | None = None) -> pd.DataFrame:
    """Pending updates (on one plan, or all), oldest first: analysts only."""
    if not person.can_publish:
        refuse(engine, person, f"{person.name} is not an analyst and may not see the review queue")
    frame = all_updates(engine)
    frame = frame[frame["state"] == PENDING]
    return (frame if plan is None else frame[frame["plan_id"] == plan]).reset_index(drop=True)


def review(engine, person: Identity, update_id: int, accept: bool, comment: str = "",
           plan_analysts: dict | str | None = FROM_SETTINGS) -> None:
    """Accept or reject one pending update, with a comment (required to reject); analysts only, and
    of the plans they may change (``store.guard``), never the person who submitted it. An update on a
    withdrawn snapshot cannot be accepted."""
    from ..store.audit import withdrawn
    from ..store.engine import writer
    if not person.can_publish:
        refuse(engine, person, f"{person.name} is not an analyst and may not review update {update_id}")
    frame = all_updates(engine).set_index("id")
    if update_id not in frame.index:
        raise StoreError(f"There is no update {update_id}.")
    plan_id = frame.loc[update_id, "plan_id"]
    may_change(engine, person.name, None if pd.isna(plan_id) else int(plan_id), f"review update {update_id} of",
               plan_analysts)
    if _email(person) and frame.loc[update_id, "submitted_by"] == _email(person):
        refuse(engine, person, f"{person.name} submitted update {update_id} and may not review it: another "
                "analyst must")
    if frame.loc[update_id, "state"] != PENDING:
        raise StoreError(f"Update {update_id} was already {frame.loc[update_id, 'state']}.")
    comment = clean_optional(comment)
    if not accept and not comment:
        raise StoreError("Say why the update is rejected: the officer sees your comment.")
    snapshot_id = int(frame.loc[update_id, "snapshot_id"])
    if accept and snapshot_id in withdrawn(engine):
        raise StoreError(f"Update {update_id} is on snapshot {snapshot_id}, which was withdrawn, so it cannot be "
                         "accepted; reject it, and the officer can send it again on the latest update.")
    decision = ACCEPTED if accept else REJECTED
    try:
        with writer(engine) as connection:
            connection.execute(insert(update_reviews).values(
                update_id=update_id, decision=decision, comment=comment,
                reviewed_by=person.name, reviewed_at=dt.datetime.now(dt.UTC)))
            due = frame.loc[update_id, "requested_due"]
            record(connection, person.name, REVIEWED, snapshot_id,
                   f"update {update_id} {decision}" + (f", with its due date revision to {due:%d %b %Y}"
                                                       if accept and due is not None and not pd.isna(due) else ""))
    except DBAPIError:              # another analyst decided it in the same moment: theirs stands
        now = all_updates(engine).set_index("id")
        state = now.loc[update_id, "state"] if update_id in now.index else "decided"
        raise StoreError(f"Update {update_id} was {state} by {now.loc[update_id, 'reviewed_by'] or 'another analyst'} "
                         "a moment ago; your decision was not recorded.") from None


def return_updates(connection, who: str, returned: list[tuple[int, str]]) -> None:
    """Record, inside the caller's transaction, accepted updates that were not applied and why: each
    goes back to its officer ("action 1 is now 'Review the scheme of delegation', led by Jenni Craig")."""
    now = dt.datetime.now(dt.UTC)
    for update_id, reason in returned:
        connection.execute(insert(update_returns).values(update_id=update_id, reason=reason[:2000],
                                                         returned_by=who[:200], returned_at=now))
        record(connection, who, RETURNED, None, f"update {update_id} returned: {reason}")


def queue_words(waiting: int, accepted: int) -> str:
    """'2 waiting, 1 accepted, not yet published': what a plan holds for the analyst, nothing left out."""
    words = f"{waiting:,} waiting"
    return words + (f", {accepted:,} accepted, not yet published" if accepted else "")


def ready_to_publish(engine, plan: int | None = None) -> pd.DataFrame:
    """Accepted updates (on one plan, or all) not yet in a published snapshot (nor returned)."""
    frame = all_updates(engine)
    frame = frame[(frame["state"] == ACCEPTED) & frame["published_in"].isna()]
    return (frame if plan is None else frame[frame["plan_id"] == plan]).reset_index(drop=True)
