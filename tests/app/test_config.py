"""The production settings in .streamlit/config.toml."""
import tomllib

from tests.conftest import ROOT


def config():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as fh:
        return tomllib.load(fh)


def test_viewers_never_see_error_details():
    assert config()["client"]["showErrorDetails"] == "none"


def test_toolbar_in_viewer_mode():
    assert config()["client"]["toolbarMode"] == "viewer"


def test_no_table_toolbar_export():
    """Issue 32: Streamlit's own "Download as CSV" kept =HYPERLINK(...) live; the toolbar's export is off
    (the browser test downloads nothing from it), and the dashboard's own downloads neutralise formulas."""
    assert config()["client"]["disableDataExport"] is True


def test_xsrf_protection_on():
    assert config()["server"]["enableXsrfProtection"] is True


def test_upload_cap_fits_real_trackers():
    cap = config()["server"]["maxUploadSize"]
    # real trackers are well under 10 MB; a 100,000-action stress file is about 13 MB
    assert 15 <= cap <= 100


def test_no_secrets_committed():
    """Ask git itself: the secrets file is ignored, and no secrets file is tracked anywhere."""
    import subprocess
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT)
    assert ignored.returncode == 0, ".streamlit/secrets.toml is not ignored by git"
    tracked = subprocess.run(["git", "ls-files", "--", "*secrets.toml"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked == [], f"secrets files are tracked: {tracked}"


def test_no_source_watching_in_production():
    """Watching the app's source files for edits costs every new session (every page load) about 300 ms
    before its first element is sent (bench/bench_page_open.py); a running production copy is never edited."""
    assert config()["server"]["fileWatcherType"] == "none"
