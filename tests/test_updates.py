"""Officers' updates on both databases: own actions only, checked on the server, kept as records, and
reviewed by analysts only. Every refusal is in the audit trail."""
import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from bvdata import audit, load_tracker, store
from bvdata.access import ANALYST, ANONYMOUS, VIEWER, Identity
from bvdata.errors import AccessRefused, StoreError
from bvdata.officers import save_officers
from bvdata.updates import Proposal, all_updates, my_updates, own_actions, review, review_queue, submit
from tests.conftest import SAMPLE

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
