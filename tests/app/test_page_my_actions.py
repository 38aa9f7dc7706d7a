"""My actions in AppTest: an officer sees their own open actions and submits an update; a link naming
another officer's action is refused on the server and written to the audit trail."""
import pandas as pd
import pytest
from apptest_helpers import open_page

import pages.common.identity as identity_module
from bvdata import store
from bvdata.base.access import VIEWER, Identity
from bvdata.owners.officers import save_officers
from bvdata.owners.updates import all_updates
from bvdata.store import audit

CLAIR = Identity("clair@example.org", VIEWER, signed_in=True)
OFFICERS = pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"},
                         {"name": "Jenni Craig", "email": "jenni@example.org"}])


@pytest.fixture
def as_clair(monkeypatch):
    monkeypatch.setattr(identity_module, "identity_provider", lambda: CLAIR)


def _with_officers(at):
    engine = store.open_store()
    save_officers(engine, OFFICERS, "ana@example.org", "test")
    return engine


def test_an_officer_updates_their_own_action(as_clair):
    at = open_page()
    engine = _with_officers(at)
    at.switch_page("pages/my_actions.py").run()
    assert not at.exception, at.exception
    # the seed names Clair Hepburn alone on 14 actions; 1, 22, 25, 27, 38 and 40 are at 100%
    assert sorted(at.dataframe[0].value["No."], key=int) == ["2", "3", "24", "26", "34", "35", "36", "37"]
    assert any(c.value.startswith("8 open of 14 actions that name you") for c in at.caption)
    first = at.selectbox(key="myactions_action").value.split(":", 1)[1]      # "plan:action"
    at.number_input(key="myactions_completion").set_value(95)
    at.text_area(key="myactions_note").input("Draft shared with SLT")
    submit = next(b for b in at.button if b.label == "Submit the update")
    submit.click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Update 1 sent to the analyst")
    made = all_updates(engine).iloc[0]
    assert (made["action_id"], made["new_completion"], made["note"]) == (first, 95, "Draft shared with SLT")
    assert at.dataframe[-1].value["State"].tolist() == ["Pending review"]
    assert at.text_area(key="myactions_note").value in ("", None)            # emptied once sent


def test_a_note_over_the_limit_is_refused_in_a_sentence_and_kept_in_the_box(as_clair):
    at = open_page()
    engine = _with_officers(at)
    at.switch_page("pages/my_actions.py").run()
    pasted = " ".join(["Progress on the plan."] * 230)                       # 5,059 characters
    at.text_area(key="myactions_note").input(pasted)
    next(b for b in at.button if b.label == "Submit the update").click().run()
    assert not at.exception, at.exception
    assert "5,059 characters, more than the 4,000" in at.warning[0].value.replace("\\", "")
    assert at.text_area(key="myactions_note").value == pasted                # nothing typed is lost
    assert all_updates(engine).empty


def test_a_link_to_another_officers_action_is_refused_and_recorded(as_clair):
    at = open_page()
    engine = _with_officers(at)
    at.query_params["action"] = "4"            # Jenni Craig's action in the seed
    at.switch_page("pages/my_actions.py").run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("Refused\\: clair@example\\.org asked for action 4 of snapshot 2")
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "refused"
    assert all_updates(engine).empty


def test_someone_no_action_names_is_told_so(monkeypatch):
    monkeypatch.setattr(identity_module, "identity_provider", lambda: Identity("member@example.org", VIEWER, True))
    at = open_page()
    _with_officers(at)
    at.switch_page("pages/my_actions.py").run()
    assert at.info[0].value.startswith("No action in the latest updates names you")


@pytest.mark.parametrize("odd", ["\u00b2", "9" * 5000, "\u0663"])
def test_a_link_whose_plan_is_odd_digits_opens_the_page(as_clair, odd):
    """Issue 32, finding 12: ?plan=² (str.isdigit, then int) and a 5,000-digit value raised."""
    at = open_page()
    _with_officers(at)
    at.query_params["plan"] = odd
    at.switch_page("pages/my_actions.py").run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("8 open of 14 actions that name you") for c in at.caption)


def test_the_local_demo_can_be_tried_as_a_lead_officer(monkeypatch):
    """Issue 34, item 9: ``scripts/dashboard.sh --as-officer NAME`` (BVDATA_AS_OFFICER) in the demo."""
    monkeypatch.setenv("BVDATA_AS_OFFICER", "Clair Hepburn")
    at = open_page()
    at.switch_page("pages/my_actions.py").run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("8 open of 14 actions that name you") for c in at.caption)
    assert sorted(at.dataframe[0].value["No."], key=int) == ["2", "3", "24", "26", "34", "35", "36", "37"]


def test_trying_as_an_officer_is_refused_outside_the_demo(monkeypatch, tmp_path):
    from bvdata.base.errors import SettingsError
    from bvdata.base.settings import LOCAL_DEFAULT, Settings, demo_officer
    monkeypatch.setenv("BVDATA_AS_OFFICER", "Clair Hepburn")
    assert demo_officer(LOCAL_DEFAULT, None) == "Clair Hepburn"
    with pytest.raises(SettingsError, match="works only in the local demo"):
        demo_officer(LOCAL_DEFAULT, f"sqlite:///{tmp_path / 'production.sqlite'}")
    with pytest.raises(SettingsError, match="works only in the local demo"):
        demo_officer(Settings(auth=True), None)
