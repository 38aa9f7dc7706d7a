"""Roles in the app, with the identity check replaced (the real OIDC flow is in test_browser_auth.py)."""
import pytest

import pages.common as common
from apptest_helpers import open_page
from bvdata.access import ANONYMOUS, VIEWER, Identity


@pytest.fixture
def as_identity(monkeypatch):
    def use(identity):
        monkeypatch.setattr(common, "identity_provider", lambda: identity)
    return use


def test_anonymous_visitor_sees_only_the_sign_in(as_identity):
    as_identity(ANONYMOUS)
    at = open_page()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.get("plotly_chart")


def test_viewer_sees_the_dashboard_but_cannot_upload_or_publish(as_identity):
    as_identity(Identity("member@council.gov.uk", VIEWER, signed_in=True))
    at = open_page()
    assert {m.label: m.value for m in at.metric}["Actions"] == "40"
    assert any("member@council.gov.uk (viewer)" in t.value for t in at.sidebar.text)
    with pytest.raises(ValueError, match="Could not find a navigation page"):   # not in a viewer's navigation
        at.switch_page("pages/data.py")
    at.switch_page("pages/themes.py").run()
    assert not at.get("file_uploader")


def test_the_data_page_itself_refuses_a_viewer(as_identity, monkeypatch):
    """Defence in depth: even if the page ran for a viewer, it stops before any control."""
    as_identity(Identity("analyst@council.gov.uk", "analyst", signed_in=True))
    at = open_page()
    at.switch_page("pages/data.py")
    as_identity(Identity("member@council.gov.uk", VIEWER, signed_in=True))
    at.run()
    assert not at.get("file_uploader")


def test_analyst_can_reach_the_data_page(as_identity):
    as_identity(Identity("analyst@council.gov.uk", "analyst", signed_in=True))
    at = open_page("data")
    assert at.file_uploader(key="data_upload") is not None
