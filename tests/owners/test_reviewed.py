"""Publishing reviewed updates: a new snapshot that is the latest plus the accepted values, each with
its provenance; Compare shows the movement; the workbook it was built from reads back the same."""
import datetime as dt
import io

import pandas as pd
import pytest

from bvdata import load_tracker, store
from bvdata.base.access import ANALYST, VIEWER, Identity
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.model.history import compare_sides
from bvdata.owners.officers import save_officers
from bvdata.owners.reviewed import lineage, provenance, publish_reviewed, updated_workbook
from bvdata.owners.updates import Proposal, all_updates, ready_to_publish, review, submit
from bvdata.store import audit, withdrawals
from bvdata.store.versions import snapshot_side
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
    assert list(ready_to_publish(engine)["id"]) == [accepted]      # not the rejected one, nor the pending one
    assert pending not in set(ready_to_publish(engine)["id"])

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
    with pytest.raises(StoreError, match=f"Update {update} was not applied: action 1 is no longer in the latest update"):
        publish_reviewed(engine, ANA)
    row = all_updates(engine).set_index("id").loc[update]      # returned to its officer, with why; nothing lost
    assert row["state"] == "returned" and "no longer in the latest update" in row["returned_why"]
    assert ready_to_publish(engine).empty and audit.trail(engine)["action"].iloc[0] == "update returned"


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

    from bvdata.owners.reviewed import PUBLISHED_WITHOUT, WouldLose
    from bvdata.read.door.resave import contents
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


# --- issue 21: nothing anyone types breaks the workbook, and an update lands on its own action ----------

@pytest.mark.parametrize("note", ["Pasted from Word:\x0bthe survey went out", "Start\x01of the note"])
def test_a_note_with_a_control_character_never_blocks_publishing(engine, note):
    """Finding: such a note was accepted, then 'Publish reviewed updates' raised IllegalCharacterError for
    it and for every clean update after it."""
    dirty = submit(engine, CLAIR, 1, _clairs(engine)[0], Proposal(note=note))
    clean_one = submit(engine, CLAIR, 1, _clairs(engine)[1], Proposal(completion=90))
    for update in (dirty, clean_one):
        review(engine, ANA, update, True)
    info, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 5, 1))
    notes = store.snapshot_actions_frame(engine, info.id)["notes"].iloc[_clairs(engine)[0]]
    assert notes.endswith("clair@example.org: " + note.replace("\x0b", "").replace("\x01", ""))
    assert store.snapshot_actions_frame(engine, info.id)["completion"].iloc[_clairs(engine)[1]] == 90


HEADER = ["No.", "Action", "Timescales", "Lead Officer", "% Completion", "Notes"]
PSIF = "Adopt PSIF as a corporate approach to self evaluation"
SURVEYS = "Review the content of customer satisfaction surveys"


def _plan_file(*rows) -> bytes:
    from tests.helpers import xlsx_bytes
    return xlsx_bytes({"Plan": [HEADER, *[[n, a, dt.datetime(2022, 10, 31), lead, pct, "Started"]
                                         for n, a, lead, pct in rows]]})


@pytest.fixture
def small(tmp_path):
    """A three-action plan as at 14 Feb 2022, with Clair's update on action 1 accepted."""
    engine = store.open_store(f"sqlite:///{tmp_path / 'small.sqlite'}")
    data = _plan_file((1, PSIF, "Clair Hepburn", 0.5), (2, SURVEYS, "Jenni Craig", 0.25))
    store.publish(engine, load_tracker(data, "plan.xlsx"), data, label="Feb", as_at=dt.date(2022, 2, 14))
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"},
                                        {"name": "Jenni Craig", "email": "jenni@example.org"}]), "ana", "test")
    update = submit(engine, CLAIR, 1, 0, Proposal(completion=100, note="Done"))
    review(engine, ANA, update, True)
    yield engine, update
    engine.dispose()


def _next_update(engine, *rows) -> None:
    data = _plan_file(*rows)
    store.publish(engine, load_tracker(data, "plan.xlsx"), data, label="Mar", as_at=dt.date(2022, 3, 1),
                  confirm_drop=True)


def test_an_accepted_update_follows_its_action_to_a_new_number(small):
    """Finding: updates were matched by number only, so a new action 1 inserted above, led by someone else,
    became 100% with the first officer's note. Bound to the action as the officer saw it, the update
    follows its wording to its new number and row."""
    engine, update = small
    _next_update(engine, (1, "Review the scheme of delegation", "Jenni Craig", 0.1), (2, PSIF, "Clair Hepburn", 0.5),
                 (3, SURVEYS, "Jenni Craig", 0.25))
    workbook = updated_workbook(engine)
    assert [(p.action_id, p.field, p.change.row) for p in workbook.planned] == [("2", "completion", 3), ("2", "notes", 3)]
    info, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 4, 1))
    after = store.snapshot_actions_frame(engine, info.id).set_index("action_id")
    assert after.loc["2", "completion"] == 100 and after.loc["1", "completion"] == 10
    assert after.loc["1", "notes"] == "Started" and after.loc["2", "notes"].endswith("clair@example.org: Done")


def test_an_update_whose_number_now_holds_other_wording_is_returned_with_why(small):
    engine, update = small
    _next_update(engine, (1, "Review the scheme of delegation", "Jenni Craig", 0.1), (2, SURVEYS, "Jenni Craig", 0.25))
    assert updated_workbook(engine).returned == (
        (update, f"Update {update} was not applied: action 1 is now 'Review the scheme of delegation', led by "
                 "Jenni Craig."),)
    with pytest.raises(StoreError, match="returned to their officers"):
        publish_reviewed(engine, ANA)
    row = all_updates(engine).set_index("id").loc[update]
    assert row["state"] == "returned" and pd.isna(row["published_in"]) and ready_to_publish(engine).empty
    assert store.latest_snapshot_id(engine) == 2                        # nothing published on its strength
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "update returned"


def test_an_update_whose_action_changed_lead_is_returned(small):
    engine, update = small
    _next_update(engine, (1, PSIF, "Jenni Craig", 0.5), (2, SURVEYS, "Jenni Craig", 0.25))
    assert updated_workbook(engine).returned == (
        (update, f"Update {update} was not applied: action 1 is now led by Jenni Craig, not Clair Hepburn."),)


def test_an_update_on_a_withdrawn_snapshot_cannot_be_accepted(small):
    engine, _ = small
    pending = submit(engine, CLAIR, 1, 0, Proposal(note="More"))
    withdrawals.withdraw(engine, 1, "ana@example.org", "Wrong file")
    with pytest.raises(StoreError, match="snapshot 1, which was withdrawn, so it cannot be accepted"):
        review(engine, ANA, pending, True)
    review(engine, ANA, pending, False, "Send it on the latest update")


@pytest.mark.parametrize("word", ["=Complete", "+Done", "@Blue"])
def test_a_status_typed_as_a_formula_is_written_as_the_vocabularys_word(tmp_path, word):
    """Finding: '=Complete' was stored as typed and written back as a formula."""
    from openpyxl import load_workbook

    from tests.shapes import rag_tracker
    data, name = rag_tracker(), "rag.xlsx"
    engine = store.open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    store.publish(engine, load_tracker(data, name), data, label="RAG", as_at=dt.date(2022, 2, 14))
    actions = store.snapshot_actions_frame(engine, 1)
    save_officers(engine, pd.DataFrame([{"name": actions["lead_officer"].iloc[0], "email": "clair@example.org"}]),
                  "ana", "test")
    update = submit(engine, CLAIR, 1, 0, Proposal(word=word))
    assert all_updates(engine)["new_word"].tolist() == [{"=Complete": "Complete", "+Done": "Done", "@Blue": "Blue"}[word]]
    review(engine, ANA, update, True)
    info, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 5, 1))
    book = load_workbook(io.BytesIO(store.snapshot_file(engine, info.id)[1]))
    assert not [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


# --- issue 21: the whole owner loop under hostile text -------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

_HOSTILE_PIECES = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\x0b", "\x01", "\x00", "\u200f", "\u202e",
                                   "\ufffe", "\ud800", "=HYPERLINK(\"http://x\")", "Complete", "Blue", "'=", "é"])
HOSTILE_TEXT = st.one_of(
    st.lists(st.one_of(_HOSTILE_PIECES, st.text(max_size=12)), max_size=12).map("".join),
    st.text(alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Lu", "Ll", "Po", "Sm")), max_size=60),
    st.just("x" * 40_000), st.just("=" + "y" * 3_999))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(note=HOSTILE_TEXT, word=st.one_of(st.none(), HOSTILE_TEXT, st.sampled_from(["=Complete", "@Blue", "+Done"])),
       reason=HOSTILE_TEXT, move=st.booleans(), as_csv=st.booleans())
def test_the_owner_loop_survives_any_text(tmp_path_factory, note, word, reason, move, as_csv):
    """Submit, accept, publish and read back with arbitrary Unicode: only the project's own errors, never a
    formula in the workbook, and the note given back as typed less the characters a workbook cannot hold."""
    from openpyxl import load_workbook

    from bvdata.base.cleantext import clean
    from tests.helpers import csv_bytes, xlsx_bytes
    rows = [["No.", "Action", "Timescales", "Lead Officer", "Status", "Notes"],
            ["1", PSIF, "31/10/2022", "Clair Hepburn", "Ongoing", "Started"]]
    data, name = (csv_bytes(rows), "plan.csv") if as_csv else (xlsx_bytes({"Plan": rows}), "plan.xlsx")
    engine = store.open_store(f"sqlite:///{tmp_path_factory.mktemp('loop') / 's.sqlite'}")
    try:
        store.publish(engine, load_tracker(data, name), data, label="Feb", as_at=dt.date(2022, 2, 14))
        save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "t")
        try:
            update = submit(engine, CLAIR, 1, 0, Proposal(note=note, word=word, due_reason=reason,
                                                          requested_due=dt.date(2023, 1, 31) if move else None))
        except StoreError:
            return                                    # refused in a sentence: the project's own error
        review(engine, ANA, update, True, reason)
        info, _ = publish_reviewed(engine, ANA, as_at=dt.date(2022, 5, 1))
        _, written = store.snapshot_file(engine, info.id)
        if as_csv:
            import csv
            cells = [c for row in csv.reader(io.StringIO(written.decode("utf-8-sig"), newline="")) for c in row]
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
        else:
            book = load_workbook(io.BytesIO(written))
            assert not [c.coordinate for ws in book.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]
        notes = load_tracker(written, name).actions.loc[0, "notes"]
        kept = clean(note).strip()
        if kept:
            assert notes.endswith("clair@example.org: " + kept)
    finally:
        engine.dispose()
