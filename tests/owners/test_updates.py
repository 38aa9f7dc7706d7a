"""Officers' updates on both databases: own actions only, checked on the server, kept as records, and
reviewed by analysts only. Every refusal is in the audit trail."""
import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from bvdata import load_tracker, store
from bvdata.base.access import ANALYST, ANONYMOUS, VIEWER, Identity
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.owners.officers import save_officers
from bvdata.owners.updates import Proposal, all_updates, my_updates, own_actions, review, review_queue, submit
from bvdata.store import audit
from tests.conftest import SAMPLE
from tests.helpers import raw_sqlite_refuses, sqlite_store

CLAIR = Identity("clair@example.org", VIEWER, True)
JENNI = Identity("Jenni@Example.org", VIEWER, True)
NOBODY = Identity("someone@example.org", VIEWER, True)
ANA = Identity("ana@example.org", ANALYST, True)
OFFICERS = pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"},
                         {"name": "C Hepburn", "email": "clair@example.org"},
                         {"name": "Jenni Craig", "email": "jenni@example.org"}])


@pytest.fixture
def engine(store_url):
    engine = store.open_store(store_url)
    store.publish(engine, load_tracker(SAMPLE), SAMPLE.read_bytes(), label="Feb 2022", published_by="ana@example.org")
    save_officers(engine, OFFICERS, "ana@example.org", "test")
    yield engine
    engine.dispose()


def _actions(engine):
    return store.snapshot_actions_frame(engine, 1)


def _position(engine, officer: str) -> int:
    actions = _actions(engine)
    return int(actions.index[actions["lead_officer"] == officer][0])


def test_an_officer_sees_their_own_actions_by_every_spelling(engine):
    mine = own_actions(engine, CLAIR, _actions(engine))
    # the seed names Clair Hepburn on 14 actions and "C Hepburn / C Myers" on one
    assert len(mine) == 15 and set(mine["lead_officer"]) == {"Clair Hepburn", "C Hepburn / C Myers"}
    assert own_actions(engine, NOBODY, _actions(engine)).empty
    assert own_actions(engine, ANONYMOUS, _actions(engine)).empty


def test_an_update_is_a_record_of_old_and_new_values(engine):
    position = _position(engine, "Jenni Craig")
    action = _actions(engine).iloc[position]
    update_id = submit(engine, JENNI, 1, position, Proposal(completion=60, note="Survey drafted",
                                                            evidence="https://intranet.example.org/survey",
                                                            requested_due=dt.date(2023, 6, 30), due_reason="Staff"))
    row = all_updates(engine).set_index("id").loc[update_id]
    assert row["submitted_by"] == "jenni@example.org" and row["state"] == "pending"
    assert row["old_completion"] == action["completion"] and row["new_completion"] == 60
    assert row["old_due"] == action["due_date"].date() and row["requested_due"] == dt.date(2023, 6, 30)
    assert list(my_updates(engine, JENNI)["id"]) == [update_id] and my_updates(engine, CLAIR).empty
    assert audit.trail(engine)["action"].iloc[0] == "update submitted"


@pytest.mark.parametrize("who", [CLAIR, NOBODY, ANA, ANONYMOUS])
def test_a_crafted_request_for_another_officers_action_is_refused_and_recorded(engine, who):
    position = _position(engine, "Jenni Craig")
    with pytest.raises(AccessRefused, match="Refused"):
        submit(engine, who, 1, position, Proposal(completion=100))
    assert all_updates(engine).empty
    assert audit.trail(engine)["action"].iloc[0] == "refused"


def test_a_position_the_snapshot_does_not_have_is_refused(engine):
    with pytest.raises(AccessRefused):
        submit(engine, CLAIR, 1, 999, Proposal(completion=100))


@pytest.mark.parametrize("proposal, message", [
    (Proposal(completion=140), "between 0% and 100%"),
    (Proposal(word="Nearly"), "not a progress word"),
    (Proposal(requested_due=dt.date(2024, 1, 1)), "Say why"),
    (Proposal(note="x", evidence="javascript:alert(1)"), "web address"),
    (Proposal(), "changes nothing"),
])
def test_an_update_that_makes_no_sense_is_refused_in_a_sentence(engine, proposal, message):
    with pytest.raises(StoreError, match=message):
        submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), proposal)


def test_only_analysts_review_and_each_update_is_decided_once(engine):
    update_id = submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), Proposal(completion=80))
    for who in (CLAIR, JENNI):
        with pytest.raises(AccessRefused):
            review(engine, who, update_id, True)
        with pytest.raises(AccessRefused):
            review_queue(engine, who)
    assert list(review_queue(engine, ANA)["id"]) == [update_id]
    with pytest.raises(StoreError, match="Say why"):
        review(engine, ANA, update_id, False, " ")
    review(engine, ANA, update_id, False, "No evidence yet")
    with pytest.raises(StoreError, match="already rejected"):
        review(engine, ANA, update_id, True)
    row = my_updates(engine, CLAIR).iloc[0]
    assert (row["state"], row["comment"], row["reviewed_by"]) == ("rejected", "No evidence yet", "ana@example.org")


@pytest.mark.parametrize("statement", ["UPDATE updates SET new_completion = 100", "DELETE FROM updates",
                                       "UPDATE update_reviews SET decision = 'accepted'", "DELETE FROM update_reviews"])
def test_the_database_refuses_to_change_an_update_or_a_decision(engine, statement):
    update_id = submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), Proposal(completion=80))
    review(engine, ANA, update_id, False, "No")
    with pytest.raises(DatabaseError, match="never changed or deleted"):
        with engine.begin() as connection:
            connection.execute(text(statement))
    assert all_updates(engine)["new_completion"].tolist() == [80]


# --- issue 21 ------------------------------------------------------------------------------------------

def test_nobody_reviews_an_update_they_submitted(engine):
    """Finding: an analyst who is also a lead officer accepted their own update."""
    save_officers(engine, pd.concat([OFFICERS, pd.DataFrame([{"name": "Jason McDonald", "email": "ana@example.org"}])]),
                  "ana@example.org", "test")
    actions = _actions(engine)
    own = int(actions.index[actions["lead_officer"].str.contains("Clair Hepburn", na=False)][0])
    update_id = submit(engine, Identity("clair@example.org", ANALYST, True), 1, own, Proposal(completion=90))
    with pytest.raises(AccessRefused, match="submitted update .* and may not review it"):
        review(engine, Identity("Clair@Example.org", ANALYST, True), update_id, True)
    assert audit.trail(engine)["action"].iloc[0] == "refused"
    review(engine, ANA, update_id, True)                    # another analyst may


def test_a_look_alike_address_never_reaches_another_officers_actions(engine):
    """Finding: a claim with the Kelvin sign (U+212A) matched kate@… after casefolding."""
    look_alike = Identity("\u212aate@example.org", VIEWER, True)
    save_officers(engine, pd.concat([OFFICERS, pd.DataFrame([{"name": "Jenni Craig", "email": "kate@example.org"}])])
                  .drop_duplicates("name", keep="last"), "ana@example.org", "test")
    assert own_actions(engine, look_alike, _actions(engine)).empty
    assert len(own_actions(engine, Identity("Kate@Example.org", VIEWER, True), _actions(engine))) > 0
    with pytest.raises(AccessRefused):
        submit(engine, look_alike, 1, _position(engine, "Jenni Craig"), Proposal(completion=100))


@pytest.mark.parametrize("when", [dt.date(1, 1, 1), dt.date(1999, 12, 31), dt.date(2101, 1, 1)])
def test_a_due_date_outside_2000_to_2100_is_refused(engine, when):
    with pytest.raises(StoreError, match="between 01 Jan 2000 and 31 Dec 2100"):
        submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), Proposal(requested_due=when, due_reason="x"))


def test_notes_that_would_overflow_excels_cell_are_refused_with_the_room_left(engine):
    """Finding: nine long accepted notes were silently cut at Excel's 32,767-character cell limit."""
    position = _position(engine, "Clair Hepburn")
    for _ in range(8):
        submit(engine, CLAIR, 1, position, Proposal(note="x" * 4000))
    with pytest.raises(StoreError, match=r"room for only [\d,]+ more") as refused:
        submit(engine, CLAIR, 1, position, Proposal(note="y" * 4000))
    room = int(str(refused.value).split("room for only ")[1].split(" ")[0].replace(",", ""))
    assert 0 < room < 4000
    submit(engine, CLAIR, 1, position, Proposal(note="z" * room))            # exactly what fits is taken


def test_two_analysts_deciding_at_once_get_a_sentence(engine, monkeypatch):
    """Finding: the second of two analysts deciding at once got a raw IntegrityError. Here the second sees
    the update as pending (read before the first decision landed), as in a real race."""
    from bvdata.owners import updates
    update_id = submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), Proposal(completion=80))
    stale = all_updates(engine)
    review(engine, ANA, update_id, True)
    real, first = updates.all_updates, iter([stale])
    monkeypatch.setattr(updates, "all_updates", lambda e: _stale_once(first, real, e))
    with pytest.raises(StoreError, match=f"Update {update_id} was accepted by ana@example.org a moment ago"):
        review(engine, Identity("bob@example.org", ANALYST, True), update_id, False, "No")


def _stale_once(first, real, engine):
    found = next(first, None)
    return real(engine) if found is None else found


@pytest.mark.parametrize("statement", [
    "INSERT OR REPLACE INTO updates (id, snapshot_id, position, submitted_by, submitted_at, new_completion) "
    "VALUES (1, 1, 0, 'x', '2026-01-01', 100)",
    "REPLACE INTO update_reviews (id, update_id, decision, reviewed_by, reviewed_at) "
    "VALUES (1, 1, 'accepted', 'x', '2026-01-01')",
    "INSERT OR REPLACE INTO update_reviews (id, update_id, decision, reviewed_by, reviewed_at) "
    "VALUES (99, 1, 'accepted', 'x', '2026-01-01')",
])
def test_replace_never_rewrites_an_update_or_a_decision(tmp_path, statement):
    """Finding: on SQLite, INSERT OR REPLACE rewrote rows; the triggers refused only UPDATE and DELETE.
    Tried through a raw connection that never ran the app's own settings."""
    engine = sqlite_store(tmp_path / "s.sqlite", SAMPLE)
    save_officers(engine, OFFICERS, "ana@example.org", "test")
    update_id = submit(engine, CLAIR, 1, _position(engine, "Clair Hepburn"), Proposal(completion=80))
    review(engine, ANA, update_id, False, "No")
    raw_sqlite_refuses(tmp_path / "s.sqlite", statement)
    row = all_updates(engine).iloc[0]
    assert (row["new_completion"], row["state"]) == (80, "rejected")


@pytest.mark.parametrize("waiting, accepted, words", [
    (0, 1, "0 waiting, 1 accepted, not yet published"),
    (2, 0, "2 waiting"),
    (1, 3, "1 waiting, 3 accepted, not yet published"),
])
def test_the_plan_picker_counts_accepted_updates_not_yet_published(waiting, accepted, words):
    from bvdata.owners.updates import queue_words
    assert queue_words(waiting, accepted) == words
