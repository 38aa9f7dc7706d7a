"""Review updates in AppTest: the analyst sees a pending update beside the current values, accepts it,
downloads the workbook with it, and publishes it as a new snapshot that the dashboard then shows."""
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

import pages.common.identity as identity_module
from apptest_helpers import open_page
from bvdata import store
from bvdata.access import ANALYST, VIEWER, Identity
from bvdata.officers import save_officers
from bvdata.reviewed import provenance
from bvdata.updates import Proposal, all_updates, submit

ANA = Identity("ana@example.org", ANALYST, signed_in=True)
CLAIR = Identity("clair@example.org", VIEWER, signed_in=True)


@pytest.fixture
def with_update(monkeypatch):
    monkeypatch.setattr(identity_module, "identity_provider", lambda: ANA)
    at = open_page()
    engine = store.open_store()
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"}]), "ana", "test")
    latest = store.latest_snapshot_id(engine)
    actions = store.snapshot_actions_frame(engine, latest)
    position = int(actions.index[actions["action_id"] == "2"][0])      # Clair Hepburn's, 75% in the seed
    submit(engine, CLAIR, latest, position, Proposal(completion=90, note="Board paper <b>agreed</b>"))
    return at, engine, latest


def test_the_analyst_accepts_and_publishes_an_update(with_update):
    at, engine, latest = with_update
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    card = at.dataframe[0].value.set_index("")
    assert (card.loc["% complete", "Now"], card.loc["% complete", "Proposed"]) == ("75%", "90%")
    assert card.loc["Progress note", "Proposed"] == "Board paper <b>agreed</b>"
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
    assert at.success[0].value.startswith("Published snapshot 3")
    assert all_updates(engine).iloc[0]["published_in"] == 3
    made = provenance(engine, 3)
    assert made["field"].tolist() == ["completion", "notes"] and made["new_value"].iloc[0] == "90%"
    name, data = store.snapshot_file(engine, 3)
    sheet = load_workbook(io.BytesIO(data))["Action Plan"]
    assert sheet["G14"].value == pytest.approx(0.9)           # action 2 is row 14 of the seed's sheet


def test_a_viewer_cannot_open_the_review(with_update, monkeypatch):
    at, _, _ = with_update
    monkeypatch.setattr(identity_module, "identity_provider", lambda: CLAIR)
    at = open_page()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/review.py")
