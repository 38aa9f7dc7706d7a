"""Roles in the app, with the identity check replaced (the real OIDC flow is in test_browser_auth.py),
and a broken secrets file, which must stop the app rather than open it."""
import pytest
from apptest_helpers import TIMEOUT, open_page
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

import pages.common.identity as identity_module
from bvdata.base.access import ANONYMOUS, VIEWER, Identity
from tests.conftest import ROOT

ANALYST_ID = Identity("analyst@council.gov.uk", "analyst", signed_in=True)
VIEWER_ID = Identity("member@council.gov.uk", VIEWER, signed_in=True)


@pytest.fixture
def as_identity(monkeypatch):
    def use(person):
        monkeypatch.setattr(identity_module, "identity_provider", lambda: person)
    return use


@pytest.fixture
def secrets_file(tmp_path):
    """Point Streamlit's secrets.files at a file of the test's own, and put the option back after."""
    before = st_config.get_option("secrets.files")
    path = tmp_path / "secrets.toml"
    st_config.set_option("secrets.files", [str(path)])
    yield path
    st_config.set_option("secrets.files", before)


def test_anonymous_visitor_sees_only_the_sign_in(as_identity):
    as_identity(ANONYMOUS)
    at = open_page()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.get("plotly_chart")


def test_viewer_sees_the_dashboard_but_cannot_upload_or_publish(as_identity):
    as_identity(VIEWER_ID)
    at = open_page()
    assert {m.label: m.value for m in at.metric}["Actions"] == "40"
    assert any("member@council.gov.uk (viewer)" in t.value for t in at.sidebar.text)
    with pytest.raises(ValueError, match="Could not find a navigation page"):   # not in a viewer's navigation
        at.switch_page("pages/data.py")
    at.switch_page("pages/themes.py").run()
    assert not at.get("file_uploader")


# The Data page run on its own, as a crafted request for it would run it: the shared state is in
# place, so require_app lets it through, and only require_analyst stands between a viewer and upload.
DATA_PAGE_ALONE = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
from pages.common.dataset import init_state
init_state()
runpy.run_path({str(ROOT / "pages" / "data.py")!r}, run_name="__main__")
"""


@pytest.mark.parametrize("person, may_upload", [(VIEWER_ID, False), (ANALYST_ID, True)])
def test_the_data_page_itself_checks_the_role(as_identity, person, may_upload):
    as_identity(person)
    at = AppTest.from_string(DATA_PAGE_ALONE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert bool(at.get("file_uploader")) is may_upload
    refused = [e.value for e in at.error if "Only analysts" in e.value]
    assert bool(refused) is not may_upload


def test_analyst_can_reach_the_data_page(as_identity):
    as_identity(ANALYST_ID)
    at = open_page("data")
    assert at.file_uploader(key="data_upload") is not None


@pytest.mark.parametrize("text, words", [
    ('[auth]\nredirect_uri = "http://x/oauth2callback"\ncookie_secret = "s"\n[bvtracker\nanalysts = ["a@x"]\n',
     "could not be read"),
    ('[auth]\nredirect_uri = "http://x/oauth2callback"\ncookie_secret = "s"\n[bvtracker]\nanalysts = "a@x"\n',
     "analysts must be a list"),
    ('[auth]\ncookie_secret = "s"\n[bvtracker]\nanalysts = ["a@x"]\n', "[auth] has no redirect_uri"),
])
def test_a_broken_secrets_file_stops_the_app(secrets_file, text, words):
    secrets_file.write_text(text)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    messages = " ".join(e.value for e in at.error).replace("\\", "")
    assert words in messages and str(secrets_file) in messages
    # nothing else runs: no sidebar, no figures, no page, no upload
    assert not at.get("file_uploader") and not at.metric and not at.sidebar.text and not at.button


def test_no_secrets_file_is_the_local_analyst(secrets_file):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert any("runs for one local analyst" in c.value for c in at.sidebar.caption)
