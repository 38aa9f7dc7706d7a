"""Review updates in AppTest: the analyst sees a pending update beside the current values, accepts it,
downloads the workbook with it, and publishes it as a new snapshot that the dashboard then shows."""
import datetime as dt
import io

import pandas as pd
import pytest
from apptest_helpers import open_page, open_sections, table_with
from openpyxl import load_workbook

import pages.common.identity as identity_module
from bvdata import load_tracker, store
from bvdata.base.access import ANALYST, VIEWER, Identity
from bvdata.owners.officers import save_officers
from bvdata.owners.reviewed import provenance
from bvdata.owners.updates import Proposal, all_updates, submit
from tests.conftest import SAMPLE

ANA = Identity("ana@example.org", ANALYST, signed_in=True)
CLAIR = Identity("clair@example.org", VIEWER, signed_in=True)


@pytest.fixture
def with_update(monkeypatch):
    """A council's own store (not the demo: Compare never mixes the sample with a council's snapshots)
    holding the seed as its update of 14 Feb 2022, and Clair Hepburn's update on action 2."""
    return _store_with_update(monkeypatch, SAMPLE.read_bytes())


def _store_with_update(monkeypatch, data: bytes):
    monkeypatch.setenv("BVDATA_DEMO", "0")
    monkeypatch.setattr(identity_module, "identity_provider", lambda: ANA)
    engine = store.open_store()
    store.publish(engine, load_tracker(data, SAMPLE.name), data, label="Feb 2022", published_by="ana@example.org",
                  as_at=dt.date(2022, 2, 14))
    at = open_page()
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "test")
    latest = store.latest_snapshot_id(engine)
    actions = store.snapshot_actions_frame(engine, latest)
    position = int(actions.index[actions["action_id"] == "2"][0])      # Clair Hepburn's, 75% in the seed
    submit(engine, CLAIR, latest, position, Proposal(completion=90, note="Board paper <b>agreed</b>",
                                                     requested_due=dt.date(2023, 3, 31), due_reason="Board timetable"))
    return at, engine, latest


def test_the_analyst_accepts_and_publishes_an_update(with_update):
    at, engine, latest = with_update
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    card = at.dataframe[0].value.set_index("")
    assert (card.loc["% complete", "Now"], card.loc["% complete", "Proposed"]) == ("75%", "90%")
    assert card.loc["Progress note", "Proposed"] == "Board paper <b>agreed</b>"
    actions_now = store.snapshot_actions_frame(engine, latest)
    now_note = str(actions_now.loc[actions_now["action_id"] == "2", "notes"].iloc[0])[:300]
    assert card.loc["Progress note", "Now"] == now_note != ""        # the notes it carries now, never blank
    at.text_input(key="review_comment_1").input("Agreed at SLT")
    at.button(key="review_accept_1").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Update 1 accepted\\."
    changes = at.dataframe[0].value
    assert changes[["Action", "Field", "Was", "Now"]].values.tolist()[0] == ["2", "completion", "75%", "90%"]
    download = at.get("download_button")[0]
    assert download.proto.label == "Download the tracker with accepted updates"
    at.button(key="review_publish").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Published snapshot 2")
    assert all_updates(engine).iloc[0]["published_in"] == 2
    made = provenance(engine, 2)
    assert made["field"].tolist() == ["completion", "notes", "due_date"] and made["new_value"].iloc[0] == "90%"
    name, data = store.snapshot_file(engine, 2)
    sheet = load_workbook(io.BytesIO(data))["Action Plan"]
    assert sheet["G14"].value == pytest.approx(0.9)           # action 2 is row 14 of the seed's sheet
    assert sheet["C14"].value == dt.datetime(2023, 3, 31)

    at.switch_page("pages/compare.py").run()                  # the new snapshot against the one before it
    open_sections(at, "compare_open_changes")
    revised = table_with(at, "Approved by").set_index("No.")
    assert (revised.loc["2", "Original"], revised.loc["2", "Revised"]) == (pd.Timestamp("2022-12-31"), pd.Timestamp("2023-03-31"))
    assert (revised.loc["2", "Approved by"], revised.loc["2", "Asked for by"]) == ("ana@example.org", "clair@example.org")
    sources = table_with(at, "Source")
    assert set(sources["Source"]) == {"from update 1 by clair@example.org, accepted by ana@example.org"}


def test_a_viewer_cannot_open_the_review(with_update, monkeypatch):
    at, _, _ = with_update
    monkeypatch.setattr(identity_module, "identity_provider", lambda: CLAIR)
    at = open_page()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/review.py")


def test_the_action_detail_says_where_each_value_came_from(with_update):
    at, engine, latest = with_update
    at.switch_page("pages/review.py").run()
    at.button(key="review_accept_1").click().run()
    at.button(key="review_publish").click().run()
    at.switch_page("pages/actions.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="actions_detail").set_value(1).run()             # action 2, the second row
    texts = [t.value for t in at.text]
    assert "90% — from update 1 by clair@example.org, accepted by ana@example.org" in texts
    assert "31 Mar 2023 — from update 1 by clair@example.org, accepted by ana@example.org" in texts


def test_in_the_demo_compare_shows_reviewed_updates_on_the_sample(monkeypatch):
    """The demo's reviewed snapshot is built on the shipped sample, so Compare pairs it with the sample's
    snapshots (it never mixes the sample with a council's own)."""
    monkeypatch.setattr(identity_module, "identity_provider", lambda: ANA)
    at = open_page()
    engine = store.open_store()
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "test")
    latest = store.latest_snapshot_id(engine)
    actions = store.snapshot_actions_frame(engine, latest)
    submit(engine, CLAIR, latest, int(actions.index[actions["action_id"] == "2"][0]), Proposal(completion=90))
    at.switch_page("pages/review.py").run()
    at.button(key="review_accept_1").click().run()
    at.button(key="review_publish").click().run()
    at.switch_page("pages/compare.py").run()
    open_sections(at, "compare_open_changes")
    assert table_with(at, "Source")["Source"].tolist() == ["from update 1 by clair@example.org, accepted by ana@example.org"]


def test_a_text_box_the_copy_would_lose_is_named_and_must_be_accepted(monkeypatch):
    from helpers import with_text_box

    from bvdata.store import audit
    at, engine, latest = _store_with_update(monkeypatch, with_text_box(SAMPLE.read_bytes()))
    at.switch_page("pages/review.py").run()
    at.button(key="review_accept_1").click().run()
    assert not at.exception, at.exception
    assert "drops 1 text box or shape" in at.warning[0].value
    at.button(key="review_publish").click().run()               # not ticked: refused, in the same words
    assert "drops 1 text box or shape" in at.error[0].value and store.latest_snapshot_id(engine) == latest
    at.checkbox(key="review_accept_losses").check().run()
    at.button(key="review_publish").click().run()
    assert not at.exception, at.exception
    assert store.latest_snapshot_id(engine) != latest
    assert "published without" in set(audit.trail(engine)["action"])
