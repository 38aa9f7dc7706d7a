"""The owner loop in a real browser with two people signed in through the mock OpenID Connect provider:
a lead officer submits an update with a due-date revision from a reminder's link, the analyst accepts
and publishes it, and Compare shows the action's movement and its revised date with the approver."""
import datetime as dt

import pandas as pd
import pytest
from browser import ARTIFACTS, chromium_pages, council_store, oidc_dashboard, sign_in_as, wait_for_page

from bvdata import load_tracker, store
from bvdata.owners.officers import save_officers
from bvdata.store import audit
from tests.conftest import SAMPLE

pytestmark = pytest.mark.browser
USERS = [{"sub": "analyst", "email": "analyst@council.gov.uk", "email_verified": True},
         {"sub": "clair", "email": "clair@council.gov.uk", "email_verified": True}]


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A council's own store (production: no sample) holding the seed as its 14 Feb 2022 update."""
    home, url, engine = council_store(tmp_path_factory, "owners", "council.sqlite")
    store.publish(engine, load_tracker(SAMPLE), SAMPLE.read_bytes(), label="Audit committee, 14 Feb 2022",
                  published_by="analyst@council.gov.uk", as_at=dt.date(2022, 2, 14))
    save_officers(engine, pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@council.gov.uk"}]),
                  "analyst@council.gov.uk", "test")
    engine.dispose()
    with oidc_dashboard(home, USERS, ["analyst@council.gov.uk"], env_extra={"BVDATA_DATABASE_URL": url}) as base:
        yield base, url


def test_officer_updates_analyst_accepts_and_compare_shows_it(council):
    base, url = council
    with chromium_pages(2) as (officer, analyst):
        sign_in_as(officer, base, "clair")
        officer.goto(f"{base}/my_actions?action=4")        # a reminder's link edited to name Jenni Craig's action
        wait_for_page(officer, "My actions")
        officer.get_by_text("Refused: clair@council.gov.uk asked for action 4").first.wait_for(timeout=30_000)
        officer.goto(f"{base}/my_actions?action=2")        # the link a reminder carries
        wait_for_page(officer, "My actions")
        officer.get_by_text("Clair Hepburn · due 31 Dec 2022").first.wait_for(timeout=30_000)   # action 2
        officer.get_by_role("spinbutton", name="New % complete").fill("90")
        officer.get_by_role("textbox", name="Progress note").fill("Board paper agreed")
        officer.get_by_role("group", name="Ask for a new due date (optional)").get_by_role("spinbutton").first.click()
        officer.keyboard.type("31032023")
        officer.get_by_role("heading", name="My actions").click()      # the date is taken when the field loses focus
        officer.get_by_role("textbox", name="Why the date should move").fill("Waiting for the board timetable")
        officer.get_by_role("button", name="Submit the update").click()
        officer.get_by_text("sent to the analyst for review").first.wait_for(timeout=30_000)
        officer.screenshot(path=str(ARTIFACTS / "owners-officer.png"), full_page=True)

        sign_in_as(analyst, base, "analyst")
        analyst.get_by_role("link", name="Review updates").click()
        wait_for_page(analyst, "Review updates")
        analyst.get_by_text("Update 1 on action 2, from clair@council.gov.uk").first.wait_for(timeout=30_000)
        analyst.get_by_role("button", name="Accept").click()
        analyst.get_by_text("Update 1 accepted.").first.wait_for(timeout=30_000)
        analyst.get_by_role("button", name="Publish reviewed updates").click()
        analyst.get_by_text("Published snapshot 2").first.wait_for(timeout=60_000)
        analyst.screenshot(path=str(ARTIFACTS / "owners-review.png"), full_page=True)

        analyst.get_by_role("link", name="Compare").click()
        wait_for_page(analyst, "Compare snapshots", 1)
        analyst.locator('[data-testid="stExpander"] summary', has_text="Revised due dates").click()
        analyst.get_by_text("Values from reviewed updates").first.wait_for(timeout=30_000)
        analyst.screenshot(path=str(ARTIFACTS / "owners-compare.png"), full_page=True)

    engine = store.open_store(url)
    from bvdata.model.history import compare_sides
    from bvdata.owners.reviewed import provenance
    from bvdata.store.versions import snapshot_side
    moved = compare_sides(snapshot_side(engine, 1), snapshot_side(engine, 2)).comparison
    assert {"id": "2", "old": "2022-12-31", "new": "2023-03-31"} in moved.due_date_changed
    trail = audit.trail(engine)
    assert "clair@council.gov.uk asked for action 4" in trail.loc[trail["action"] == "refused", "detail"].iloc[0]
    made = provenance(engine, 2)
    assert set(made["accepted_by"]) == {"analyst@council.gov.uk"} and "due_date" in set(made["field"])
