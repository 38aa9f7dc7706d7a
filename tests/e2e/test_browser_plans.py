"""Plans in a real browser (issue 24): with three plans the dashboard opens on All plans; a link with
?plan= opens that plan's page, named in its heading; the sidebar's plan picker switches the plan; and an
analyst limited to one plan is refused publishing to another, on the server."""
import datetime as dt

import pytest
from browser import ARTIFACTS, chromium_page, council_store, oidc_dashboard, sign_in_as, wait_for_page
from plans_data import plan_csv, publish_plan

from bvdata import store
from bvdata.store.plans import plan_named

pytestmark = pytest.mark.browser
USERS = [{"sub": "ian", "email": "ian@council.gov.uk", "email_verified": True}]
LIMITS = '[bvtracker.plan_analysts]\n"ian@council.gov.uk" = ["Internal audit 2022/23"]'


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    home, url, engine = council_store(tmp_path_factory, "plans")
    publish_plan(engine, "bv", 12, dt.date(2023, 1, 1), name="Best Value plan", done=3, due="31/12/2022")
    publish_plan(engine, "ia", 6, dt.date(2023, 2, 1), name="Internal audit 2022/23", due="30/06/2023")
    publish_plan(engine, "ea", 4, dt.date(2023, 3, 1), name="External audit annual report", done=1)
    ids = {p: plan_named(engine, p).id for p in ("Best Value plan", "Internal audit 2022/23", "External audit annual report")}
    engine.dispose()
    with oidc_dashboard(home, USERS, ["ian@council.gov.uk"], env_extra={"BVDATA_DATABASE_URL": url},
                        more_secrets=LIMITS) as base:
        yield base, ids, home


def test_all_plans_first_a_plan_link_and_the_picker(plans):
    base, ids, _ = plans
    with chromium_page() as page:
        sign_in_as(page, base, "ian", landing="All plans", charts=2)
        assert page.get_by_text("3 plans: 22 items").count() == 1
        page.screenshot(path=str(ARTIFACTS / "all-plans.png"), full_page=True)
        page.goto(f"{base}/overview?plan={ids['External audit annual report']}")
        wait_for_page(page, "Overview: External audit annual report", 1)
        assert page.locator('[data-testid="stException"]').count() == 0
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("Plan", exact=True).click()
        page.get_by_role("option", name="Internal audit 2022/23").click()
        wait_for_page(page, "Overview: Internal audit 2022/23", 1)


def test_an_analyst_limited_to_one_plan_is_refused_another(plans):
    base, ids, home = plans
    upload = home / "bv_update.csv"
    upload.write_bytes(plan_csv("bv", 12, dt.date(2023, 6, 1), done=6, due="31/12/2022"))
    with chromium_page() as page:
        sign_in_as(page, base, "ian", landing="All plans", charts=2)
        page.goto(f"{base}/data")
        wait_for_page(page, "Data")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(upload))
        page.get_by_text("shares 12 of its 12 actions with Best Value plan").wait_for(timeout=60_000)
        page.get_by_role("button", name="Publish snapshot").click()
        page.get_by_text("may change 'Internal audit 2022/23' only, so may not publish to the plan 'Best Value "
                         "plan'").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "plan-refused.png"), full_page=True)
    check = store.open_store(f"sqlite:///{home / 'store.sqlite'}")
    assert len(store.list_snapshots(check)) == 3
