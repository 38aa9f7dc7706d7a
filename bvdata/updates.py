"""Lead officers' updates on their own actions, the analyst's review, and publishing what was accepted.

An update is a record (who, when, the old and the new values) and never overwrites anything. A
decision is a record too. Publishing the reviewed updates writes the accepted values into the latest
snapshot's own workbook (bvdata.writeback) and publishes that as a new snapshot, with each changed
value's provenance. Every permission is checked here, on the server: a refused request raises
``AccessRefused`` and is written to the audit trail.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select

from .access import Identity
from .audit import record
from .errors import AccessRefused, StoreError
from .officers import actions_of, officer_table
from .progress import match_word
from .store_schema import update_publications, update_reviews, updates

SUBMITTED, REVIEWED, REFUSED = "update submitted", "update reviewed", "refused"
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
MAX_NOTE = 4000
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


def _refuse(engine, person: Identity, what: str) -> None:
    from .store import writer
    with writer(engine) as connection:
        record(connection, person.name, REFUSED, None, what)
    raise AccessRefused(f"Refused: {what}.")


def _email(person: Identity) -> str:
    return person.name.strip().casefold()


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
        _refuse(engine, person, f"{person.name} asked for action {str(action_id)[:40]} of snapshot {snapshot_id}, "
                "which does not name them as a lead officer")
    return int(found[0])


def _check(proposal: Proposal) -> Proposal:
    if proposal.completion is not None and not 0 <= proposal.completion <= 100:
        raise StoreError("A completion must be between 0% and 100%.")
    if proposal.word is not None and match_word(proposal.word).state is None:
        raise StoreError(f"'{proposal.word}' is not a progress word the tracker knows.")
    if proposal.requested_due is not None and not (proposal.due_reason or "").strip():
        raise StoreError("Say why the due date should move: the reason goes to the analyst with the request.")
    if proposal.evidence and not _URL.match(proposal.evidence.strip()):
        raise StoreError("The evidence link must be a web address starting http:// or https://.")
    if len(proposal.note or "") > MAX_NOTE:
        raise StoreError(f"The progress note is longer than {MAX_NOTE:,} characters; shorten it.")
    if all(v in (None, "") for v in (proposal.completion, proposal.word, proposal.note, proposal.requested_due)):
        raise StoreError("The update changes nothing: give a new % or status, a note, or a new due date.")
    return proposal


def submit(engine, person: Identity, snapshot_id: int, position: int, proposal: Proposal) -> int:
    """Record an update on one action of the latest snapshot, by one of its lead officers only."""
    from .store import latest_snapshot_id, snapshot_actions_frame, writer
    if person.role is None:
        _refuse(engine, person, "someone who is not signed in tried to submit an update")
    if snapshot_id != latest_snapshot_id(engine):
        raise StoreError("That action is from an older update of the plan; open My actions again to see the latest.")
    actions = snapshot_actions_frame(engine, snapshot_id)
    if not 0 <= position < len(actions):
        _refuse(engine, person, f"{person.name} asked to update action position {position}, which snapshot "
                f"{snapshot_id} does not have")
    action = actions.iloc[position]
    if not len(own_actions(engine, person, actions.iloc[[position]])):
        _refuse(engine, person, f"{person.name} is not a lead officer of action {action['action_id']} "
                f"('{action['lead_officer']}') and may not submit an update on it")
    _check(proposal)
    row = dict(snapshot_id=snapshot_id, position=position, action_id=action["action_id"],
               submitted_by=_email(person), submitted_at=dt.datetime.now(dt.timezone.utc),
               old_completion=_or_none(action["completion"]), new_completion=proposal.completion,
               old_word=_or_none(action["progress_word"]) or _or_none(action["rag"]),
               new_word=(proposal.word or "").strip() or None, note=(proposal.note or "").strip() or None,
               evidence=(proposal.evidence or "").strip() or None,
               old_due=_or_none(action["due_date"]), requested_due=proposal.requested_due,
               due_reason=(proposal.due_reason or "").strip() or None)
    if isinstance(row["old_due"], pd.Timestamp):
        row["old_due"] = row["old_due"].date()
    with writer(engine) as connection:
        update_id = connection.execute(insert(updates).values(**row)).inserted_primary_key[0]
        record(connection, person.name, SUBMITTED, snapshot_id, f"update {update_id} on action {action['action_id']}")
    return int(update_id)


def _or_none(value):
    from .labels import is_missing
    return None if is_missing(value) else (value.item() if hasattr(value, "item") else value)


_COLUMNS = ["id", "snapshot_id", "position", "action_id", "submitted_by", "submitted_at", "old_completion",
            "new_completion", "old_word", "new_word", "note", "evidence", "old_due", "requested_due", "due_reason",
            "state", "comment", "reviewed_by", "reviewed_at", "published_in"]


def all_updates(engine) -> pd.DataFrame:
    """Every update with its state (pending, accepted, rejected), the decision and where it was published."""
    with engine.connect() as connection:
        rows = connection.execute(select(updates).order_by(updates.c.id)).mappings().all()
        reviews = {r["update_id"]: r for r in connection.execute(select(update_reviews)).mappings().all()}
        published = dict(connection.execute(select(update_publications.c.update_id,
                                                   update_publications.c.snapshot_id)).all())
    out = []
    for r in rows:
        review = reviews.get(r["id"])
        out.append({**r, "state": review["decision"] if review else PENDING,
                    "comment": review["comment"] if review else None,
                    "reviewed_by": review["reviewed_by"] if review else None,
                    "reviewed_at": review["reviewed_at"] if review else None,
                    "published_in": published.get(r["id"])})
    return pd.DataFrame(out, columns=_COLUMNS)


def my_updates(engine, person: Identity) -> pd.DataFrame:
    """The updates this person submitted, newest first: nobody sees another officer's updates here."""
    frame = all_updates(engine)
    return frame[frame["submitted_by"] == _email(person)].iloc[::-1].reset_index(drop=True)


def review_queue(engine, person: Identity) -> pd.DataFrame:
    """Pending updates, oldest first: analysts only."""
    if not person.can_publish:
        _refuse(engine, person, f"{person.name} is not an analyst and may not see the review queue")
    frame = all_updates(engine)
    return frame[frame["state"] == PENDING].reset_index(drop=True)


def review(engine, person: Identity, update_id: int, accept: bool, comment: str = "") -> None:
    """Accept or reject one pending update, with a comment (required to reject); analysts only."""
    from .store import writer
    if not person.can_publish:
        _refuse(engine, person, f"{person.name} is not an analyst and may not review update {update_id}")
    frame = all_updates(engine).set_index("id")
    if update_id not in frame.index:
        raise StoreError(f"There is no update {update_id}.")
    if frame.loc[update_id, "state"] != PENDING:
        raise StoreError(f"Update {update_id} was already {frame.loc[update_id, 'state']}.")
    if not accept and not (comment or "").strip():
        raise StoreError("Say why the update is rejected: the officer sees your comment.")
    decision = ACCEPTED if accept else REJECTED
    with writer(engine) as connection:
        connection.execute(insert(update_reviews).values(
            update_id=update_id, decision=decision, comment=(comment or "").strip() or None,
            reviewed_by=person.name, reviewed_at=dt.datetime.now(dt.timezone.utc)))
        due = frame.loc[update_id, "requested_due"]
        record(connection, person.name, REVIEWED, int(frame.loc[update_id, "snapshot_id"]),
               f"update {update_id} {decision}" + (f", with its due date revision to {due:%d %b %Y}"
                                                   if accept and due is not None and not pd.isna(due) else ""))


def ready_to_publish(engine) -> pd.DataFrame:
    """Accepted updates not yet in a published snapshot."""
    frame = all_updates(engine)
    return frame[(frame["state"] == ACCEPTED) & frame["published_in"].isna()].reset_index(drop=True)
