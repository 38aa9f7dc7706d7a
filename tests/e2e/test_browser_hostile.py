"""Tracker text that tries to be code: it must show as text on every page, in every chart label and
hover, run nothing, open no dialog, make no javascript: link and send no request off the machine."""
import pytest
from browser import ARTIFACTS, PAGES, chromium_page, need_browser, running_dashboard, wait_for_page
from helpers import csv_bytes

pytestmark = pytest.mark.browser

HOSTILE_ROWS = [
    ["Recommendation", "No.", "Action", "Timescales", "Lead Officer", "% Complete", "Notes", "Theme"],
    ['<b onmouseover="window.__pwned=1">Rec A</b>', "1", "<script>window.__pwned=2</script> Review the plan",
     "31/03/2020", "/etc/passwd", "50%", '<img src=x onerror="window.__pwned=3;alert(3)">', "Governance"],
    ["[Rec B](javascript:window.__pwned=4)", "2", "[click me](javascript:alert(4))", "31/12/2030",
     "..\\..\\windows\\system32", "", "![pixel](http://198.51.100.7/pixel.png)", "Fairness & Equality"],
    ["Rec C", "3", "=HYPERLINK(\"http://198.51.100.7\",\"x\")", "31/01/2021", "<svg onload=alert(5)>",
     "0%", "<iframe src=\"http://198.51.100.7\"></iframe>", ""],
]


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory):
    need_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    path.write_bytes(csv_bytes(HOSTILE_ROWS))
    with running_dashboard({"BVDATA_TRACKER": str(path)}) as base:
        yield base


def test_hostile_text_stays_text_on_every_page(hostile_dashboard):
    dialogs, off_machine = [], []
    with chromium_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def guard(route):
            url = route.request.url
            if url.startswith(("data:", "blob:")) or "//127.0.0.1" in url or "//localhost" in url:
                route.continue_()
            else:                        # never let a request leave the machine, and remember it
                off_machine.append(url)
                route.abort()

        page.route("**/*", guard)
        page.goto(hostile_dashboard)
        wait_for_page(page, "Overview", 1)
        for path, title in PAGES.items():
            page.goto(f"{hostile_dashboard}/{path}")
            wait_for_page(page, title)
            page.wait_for_timeout(500)
            # hover every chart's bars and points so hover labels render too
            for element in page.locator(".js-plotly-plot .point").all()[:20]:
                element.hover(force=True)
            assert page.evaluate("window.__pwned") is None, path
            assert page.locator('a[href^="javascript:" i]').count() == 0, path
            assert page.locator("iframe[src*='198.51.100.7'], img[src*='198.51.100.7']").count() == 0, path
            page.screenshot(path=str(ARTIFACTS / f"hostile-{path or 'overview'}.png"), full_page=True)
        # the text is shown as typed: the Actions page's detail view prints the action literally
        page.goto(f"{hostile_dashboard}/actions")
        wait_for_page(page, "Actions")
        # (the list's phone cards hold it too, hidden on this wide screen: the one in view is the detail's)
        page.get_by_text("<script>window.__pwned=2</script> Review the plan").filter(visible=True).first.wait_for(timeout=60_000)
    assert dialogs == []
    assert off_machine == [], off_machine


def test_a_tables_own_toolbar_offers_no_download_of_tracker_text(hostile_dashboard):
    """Issue 32, finding 6: Streamlit's "Download as CSV" wrote =HYPERLINK(...) live. The toolbar a table
    shows on hover keeps its search and full-screen buttons, and has no download (client.disableDataExport);
    the page's own Excel/CSV buttons are the downloads, and they neutralise formulas (tests/papers)."""
    with chromium_page() as page:
        page.goto(f"{hostile_dashboard}/actions")
        wait_for_page(page, "Actions")
        grid = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
        grid.wait_for(timeout=60_000)
        grid.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"]').filter(visible=True).first
        toolbar.wait_for(timeout=10_000)
        labels = [b.get_attribute("aria-label") or b.inner_text() for b in toolbar.locator("button").all()]
        assert labels, "the toolbar did not appear"
        assert not any("download" in (label or "").lower() for label in labels), labels
        assert page.get_by_role("button", name="Download as CSV").count() == 0
