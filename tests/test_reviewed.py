"""Publishing reviewed updates: a new snapshot that is the latest plus the accepted values, each with
its provenance; Compare shows the movement; the workbook it was built from reads back the same."""
import datetime as dt

import pandas as pd
import pytest

from bvdata import audit, load_tracker, store
from bvdata.access import ANALYST, VIEWER, Identity
from bvdata.errors import AccessRefused, StoreError
from bvdata.history import compare_sides, snapshot_side
from bvdata.officers import save_officers
from bvdata.reviewed import lineage, provenance, publish_reviewed, updated_workbook
from bvdata.updates import Proposal, all_updates, ready_to_publish, review, submit
from tests.conftest import SAMPLE

CLAIR = Identity("clair@example.org", VIEWER, True)
ANA = Identity("ana@example.org", ANALYST, True)


@pytest.fixture
def engine(store_url):
    engine = store.open_store(store_url)
    store.publish(engine, load_tracker(SAMPLE), SAMPLE.read_bytes(), label="Feb 2022", published_by="ana@example.org",
                  as_at=dt.date(2022, 2, 14))
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "test")
    yield engine
    engine.dispose()


def _clairs(engine) -> list[int]:
    actions = store.snapshot_actions_frame(engine, 1)
    return [int(i) for i in actions.index[actions["lead_officer"] == "Clair Hepburn"]]


def test_accepted_updates_become_a_snapshot_with_their_provenance(engine):
    first, second, third = _clairs(engine)[:3]       # actions 1, 2 and 3 of the seed
    accepted = submit(engine, CLAIR, 1, second, Proposal(completion=90, requested_due=dt.date(2023, 6, 30),
                                                         due_reason="Waiting for the new survey"))
    rejected = submit(engine, CLAIR, 1, third, Proposal(completion=100))
    pending = submit(engine, CLAIR, 1, first, Proposal(note="Draft shared"))
    review(engine, ANA, accepted, True, "Agreed at SLT")
    review(engine, ANA, rejected, False, "Evidence needed")
    assert list(ready_to_publish(engine)["id"]) == [accepted]

    info, skipped = publish_reviewed(engine, ANA, as_at=dt.date(2022, 5, 1))
    assert skipped == [] and info.as_at == dt.date(2022, 5, 1) and info.published_by == "ana@example.org"
    made = provenance(engine, info.id)
    assert made[["action_id", "field", "old_value", "new_value"]].values.tolist() == [
        ["2", "completion", "75%", "90%"], ["2", "due_date", "31 Dec 2022", "30 Jun 2023"]]
    assert set(made["source"]) == {f"from update {accepted} by clair@example.org, accepted by ana@example.org"}
    assert ready_to_publish(engine).empty
    assert all_updates(engine).set_index("id").loc[accepted, "published_in"] == info.id

    movement = compare_sides(snapshot_side(engine, 1), snapshot_side(engine, info.id))
    assert movement.comparison.due_date_changed == [{"id": "2", "old": "2022-12-31", "new": "2023-06-30"}]
    moved = movement.comparison.actions.set_index("action_id")
    assert (moved.loc["2", "old_completion"], moved.loc["2", "new_completion"]) == (75, 90)
    assert (moved.loc["3", "old_completion"], moved.loc["3", "new_completion"]) == (75, 75)   # rejected: unchanged
    events = audit.trail(engine)
    assert events["action"].tolist()[:1] == ["publish"] and "update reviewed" in set(events["action"])


def test_the_published_workbook_reads_back_to_the_same_snapshot(engine):
    update = submit(engine, CLAIR, 1, _clairs(engine)[0], Proposal(completion=95))
    review(engine, ANA, update, True)
    downloaded = updated_workbook(engine)
    assert [p.update_id for p in downloaded.planned] == [update]
    info, _ = publish_reviewed(engine, ANA)
    name, published = store.snapshot_file(engine, info.id)
    assert name == SAMPLE.name         # the same workbook the analyst downloads (openpyxl stamps the save time)
    assert load_tracker(published, name).actions.equals(load_tracker(downloaded.data, name).actions)
    again = load_tracker(published, name).actions
    assert again.drop(columns=["due_date_changed"], errors="ignore").equals(
        store.snapshot_actions_frame(engine, info.id).drop(columns=["due_date_changed"], errors="ignore")
        .astype(again.dtypes.to_dict()))
    assert again.loc[0, "completion"] == 95


def test_only_analysts_publish_and_nothing_accepted_is_said_plainly(engine):
    with pytest.raises(AccessRefused):
        publish_reviewed(engine, CLAIR)
    with pytest.raises(StoreError, match="No accepted update is waiting"):
        publish_reviewed(engine, ANA)


def test_an_update_on_an_action_a_later_upload_dropped_is_named_not_lost(engine):
    update = submit(engine, CLAIR, 1, _clairs(engine)[0], Proposal(completion=95))
    review(engine, ANA, update, True)
    tracker = load_tracker(SAMPLE)
    tracker.actions = tracker.actions.iloc[1:].reset_index(drop=True)       # action 1 gone from the plan
    tracker.sha256 = "0" * 64
    store.publish(engine, tracker, SAMPLE.read_bytes(), label="May 2022", as_at=dt.date(2022, 5, 1), confirm_drop=True)
    with pytest.raises(StoreError, match=f"Update {update} is on action 1, which the latest snapshot does not have"):
        publish_reviewed(engine, ANA)


def test_lineage_follows_snapshots_published_from_reviewed_updates(engine):
    update = submit(engine, CLAIR, 1, _clairs(engine)[0], Proposal(completion=95))
    review(engine, ANA, update, True)
    first, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 5, 1))
    second_update = submit(engine, CLAIR, first.id, _clairs(engine)[1], Proposal(completion=99))
    review(engine, ANA, second_update, True)
    second, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 6, 1))
    assert lineage(engine, {1}) == {1, first.id, second.id}
    assert lineage(engine, {first.id}) == {first.id, second.id} and lineage(engine, set()) == set()


def test_a_publish_that_would_drop_a_text_box_says_so_and_needs_accepting(engine):
    from helpers import with_text_box
    from bvdata.resave import contents
    from bvdata.reviewed import PUBLISHED_WITHOUT, WouldLose
    boxed = with_text_box(SAMPLE.read_bytes())
    latest = store.publish(engine, load_tracker(boxed, SAMPLE.name), boxed, label="Feb 2022 with its key",
                           published_by="ana@example.org", as_at=dt.date(2022, 2, 14)).id
    update = submit(engine, CLAIR, latest, _clairs(engine)[0], Proposal(completion=95))
    review(engine, ANA, update, True)
    workbook = updated_workbook(engine)
    assert workbook.lost == ("1 text box or shape",)
    assert workbook.loss_sentence().startswith(f"Writing the accepted values into {SAMPLE.name} drops 1 text box or shape,")
    with pytest.raises(WouldLose, match="drops 1 text box or shape") as refused:
        publish_reviewed(engine, ANA)
    assert refused.value.lost == ("1 text box or shape",)
    assert store.latest_snapshot_id(engine) == latest and list(ready_to_publish(engine)["id"]) == [update]

    info, _ = publish_reviewed(engine, ANA, accept_losses=True)
    assert info.id != latest and contents(store.snapshot_file(engine, latest)[1])["text box or shape"] == 1
    events = audit.trail(engine)
    said = events[events["action"] == PUBLISHED_WITHOUT]
    assert said["snapshot_id"].tolist() == [info.id] and "1 text box or shape" in said["detail"].iloc[0]


def test_a_workbook_openpyxl_keeps_whole_publishes_without_asking(engine):
    update = submit(engine, CLAIR, 1, _clairs(engine)[0], Proposal(completion=95))
    review(engine, ANA, update, True)
    assert updated_workbook(engine).lost == () and updated_workbook(engine).loss_sentence() is None
