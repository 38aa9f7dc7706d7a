"""Sign-in and roles in a real browser against a local mock OpenID Connect provider: an anonymous
visitor sees only the sign-in, a viewer cannot publish, an allowlisted analyst can."""
import pytest
from browser import ARTIFACTS, chromium_page, need_browser, oidc_dashboard, running_dashboard, sign_in_as, wait_for_page

pytestmark = pytest.mark.browser
USERS = [{"sub": "analyst", "email": "Analyst@Council.gov.uk", "email_verified": True},
         {"sub": "member", "email": "member@council.gov.uk", "email_verified": True},
         # an analyst's address that the provider has not verified: must never be matched
         {"sub": "unverified", "email": "analyst@council.gov.uk", "email_verified": False}]


@pytest.fixture(scope="module")
def signed_in_dashboard(tmp_path_factory):
    need_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    with oidc_dashboard(tmp_path_factory.mktemp("auth"), USERS, ["analyst@council.gov.uk"]) as base:
        yield base


def test_anonymous_visitor_sees_only_the_sign_in(signed_in_dashboard):
    with chromium_page() as page:
        page.goto(signed_in_dashboard)
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert page.get_by_role("heading", name="Overview").count() == 0
        assert page.locator(".js-plotly-plot").count() == 0
        page.goto(f"{signed_in_dashboard}/data")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "auth-anonymous.png"))


def test_a_viewer_sees_the_dashboard_but_cannot_publish(signed_in_dashboard):
    with chromium_page() as page:
        sign_in_as(page, signed_in_dashboard, "member")
        page.get_by_text("member@council.gov.uk (viewer)").first.wait_for(timeout=60_000)
        assert page.get_by_role("link", name="Data").count() == 0
        page.goto(f"{signed_in_dashboard}/data")
        page.wait_for_timeout(3000)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_role("button", name="Publish snapshot").count() == 0
        page.screenshot(path=str(ARTIFACTS / "auth-viewer.png"))


def test_an_allowlisted_analyst_can_publish(signed_in_dashboard):
    with chromium_page() as page:
        sign_in_as(page, signed_in_dashboard, "analyst")
        page.get_by_text("Analyst@Council.gov.uk (analyst)").first.wait_for(timeout=60_000)
        page.get_by_role("link", name="Data").click()
        wait_for_page(page, "Data")
        page.screenshot(path=str(ARTIFACTS / "auth-analyst.png"))
        page.get_by_text("Tracker file").first.wait_for(timeout=30_000)
        assert page.locator('input[type="file"]').count() >= 1


def test_an_unverified_email_gets_viewer_rights(signed_in_dashboard):
    with chromium_page() as page:
        sign_in_as(page, signed_in_dashboard, "unverified")
        page.get_by_text("analyst@council.gov.uk (viewer)").first.wait_for(timeout=60_000)
        page.get_by_text("does not say this email address is verified").first.wait_for(timeout=10_000)
        assert page.get_by_role("link", name="Data").count() == 0
        page.goto(f"{signed_in_dashboard}/data")
        page.wait_for_timeout(3000)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "auth-unverified.png"))


def test_a_malformed_secrets_file_stops_the_app(tmp_path):
    """One typo in secrets.toml must not switch sign-in off: the app refuses to run and says why."""
    need_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://127.0.0.1/oauth2callback"\ncookie_secret = "x"\n'
                       '[bvtracker\nanalysts = ["analyst@council.gov.uk"]\n')
    with running_dashboard(args=["--secrets.files", str(secrets)]) as base, chromium_page() as page:
        for path in ("", "/data"):
            page.goto(base + path)
            page.get_by_text("could not be read").first.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            assert page.get_by_text(str(secrets)).count() >= 1
            assert page.locator('[data-testid="stFileUploader"]').count() == 0
            assert page.get_by_role("link", name="Data").count() == 0
            assert page.locator(".js-plotly-plot").count() == 0
        page.screenshot(path=str(ARTIFACTS / "auth-broken-secrets.png"))
