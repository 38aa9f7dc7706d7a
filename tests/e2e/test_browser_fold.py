"""The shared screen (issue 34, item 8): at 1440 x 900, the leadership team's projector, and at 1920 x 1080,
each page's lead chart stands whole above the fold, with every recommendation, status or theme in it."""
import pytest
from browser import ARTIFACTS, LEAD_CHARTS, PAGES, chromium_pages, need_browser, running_dashboard, wait_for_page

pytestmark = pytest.mark.browser
FIRST_CHART = """() => { const p = [...document.querySelectorAll('.js-plotly-plot')][0];
  return p ? p.getBoundingClientRect().bottom : null; }"""


@pytest.fixture(scope="module")
def dashboard():
    need_browser()
    with running_dashboard() as url:
        yield url


@pytest.mark.parametrize("width, height", [(1440, 900), (1920, 1080)])
def test_each_pages_lead_chart_is_whole_above_the_fold(dashboard, width, height):
    below = []
    with chromium_pages(1) as (page,):
        page.set_viewport_size({"width": width, "height": height})
        for path, title in PAGES.items():
            if not LEAD_CHARTS[path]:
                continue
            page.goto(f"{dashboard}/{path}")
            wait_for_page(page, title, LEAD_CHARTS[path])
            page.wait_for_timeout(300)
            bottom = page.evaluate(FIRST_CHART)
            page.screenshot(path=str(ARTIFACTS / f"fold-{path or 'overview'}-{width}.png"))
            if bottom is None or bottom > height:
                below.append(f"/{path}: the lead chart ends at {bottom} px, below the {height} px fold")
    assert below == []
