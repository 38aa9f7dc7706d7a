"""What only a browser shows: every page draws its charts with no error box, and clicking a bar
lists that recommendation's actions. Screenshots go to test-artifacts/."""
import datetime as dt
import re

import pytest
from browser import (
    ARTIFACTS,
    LEAD_CHARTS,
    PAGES,
    chromium_page,
    chromium_pages,
    need_browser,
    running_dashboard,
    wait_for_page,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
CHARTS = LEAD_CHARTS


@pytest.fixture(scope="module")
def dashboard():
    need_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    with running_dashboard() as base:
        yield base


def test_every_page_renders_charts_without_errors(dashboard):
    with chromium_page() as page:
        for path, title in PAGES.items():
            page.goto(f"{dashboard}/{path}")
            wait_for_page(page, title, CHARTS[path])
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0, path
            assert page.locator(".js-plotly-plot").count() == CHARTS[path], path
            page.screenshot(path=str(ARTIFACTS / f"page-{path or 'overview'}.png"), full_page=True)


def test_a_movement_list_opens_with_its_table(dashboard):
    # drawn only when opened (Streamlit reruns the page on the click): closed, the page has none of them
    with chromium_page() as page:
        page.goto(f"{dashboard}/compare")
        wait_for_page(page, "Compare snapshots", CHARTS["compare"])
        tables = page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]')
        assert tables.count() == 0
        page.locator('[data-testid="stExpander"] summary', has_text="Completed since").click()
        expect(tables).to_have_count(1, timeout=30_000)
        expect(page.locator('[data-testid="stExpander"]', has_text="Completed since").first).to_contain_text(
            "Reached 100% since the earlier snapshot")


def test_clicking_a_bar_lists_its_actions(dashboard):
    with chromium_page() as page:
        page.goto(f"{dashboard}/progress")
        wait_for_page(page, "Progress by recommendation", 1)
        bars = page.locator(".js-plotly-plot .bars .point path")
        assert bars.count() == 8
        bars.nth(5).scroll_into_view_if_needed()
        box = bars.nth(5).bounding_box()      # the members' CPD recommendation
        # Plotly's drag layer sits over the bars, so click where the bar is, as a person would
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_role("heading", name="Actions under this recommendation").wait_for(timeout=20_000)
        wait_for_page(page, "Progress by recommendation", 1)
        page.get_by_text("Support members Continuing Professional Development", exact=False).first.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "progress-selected.png"), full_page=True)


def test_themes_self_assessment_in_the_browser(dashboard):
    with chromium_page() as page:
        page.goto(f"{dashboard}/themes")
        wait_for_page(page, "Best Value themes", 1)
        page.locator('[data-testid="stExpander"] summary', has_text="Self-assessment against the 2020 guidance").click()
        page.get_by_role("button", name="Try the illustrative sample assessment").click()
        page.get_by_text("Gaps: themes against the improvement plan").wait_for(timeout=30_000)
        wait_for_page(page, "Best Value themes", 2)
        assert page.locator(".js-plotly-plot .heatmaplayer").count() == 1
        page.get_by_text("no open action addresses it").first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        # Streamlit scrolls inside its main panel, so a tall window is what shows the whole page
        page.set_viewport_size({"width": 1400, "height": 3400})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "themes-self-assessment.png"))


def test_a_deep_link_as_the_first_request_opens_that_page():
    """The first session after a start runs in Streamlit's old pages/ mode; the link must still work."""
    need_browser()
    with running_dashboard() as base, chromium_page() as page:
        page.goto(f"{base}/overdue")
        wait_for_page(page, "Overdue actions", 1)
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def test_a_hostile_upload_leaves_other_sessions_served(dashboard, tmp_path):
    """A file that would abort the reader (a cell at XFD1048576) is refused with one message, and a
    second session keeps being served by the same server."""
    from hostile import absurd_extent
    bad = tmp_path / "huge.xlsx"
    bad.write_bytes(absurd_extent())
    with chromium_pages(2) as (uploader, other):
        uploader.goto(f"{dashboard}/data")
        wait_for_page(uploader, "Data")
        uploader.locator('input[type="file"]').first.set_input_files(str(bad))
        uploader.get_by_text("could not be read safely").first.wait_for(timeout=60_000)
        assert uploader.locator('[data-testid="stAlertContentError"]').count() == 1
        other.goto(f"{dashboard}/progress")
        wait_for_page(other, "Progress by recommendation", 1)
        uploader.goto(f"{dashboard}/")
        wait_for_page(uploader, "Overview", 1)
        uploader.get_by_text("17 of 40 actions are complete").first.wait_for(timeout=60_000)


# the focus ring's style and width: an outline, or for a select box the ring drawn round its control
# the focus ring's style and width: the element's outline, or for a text box the ring drawn round its wrapper
FOCUS_OUTLINE = """() => { const e = document.activeElement;
  if (e.tagName === 'INPUT') { const shadow = getComputedStyle(e.parentElement).boxShadow;
    const widths = [...shadow.matchAll(/0px 0px 0px ([0-9.]+)px/g)].map(m => parseFloat(m[1]));
    return [shadow === 'none' ? 'none' : 'ring', widths.length ? Math.max(...widths) - Math.min(...widths) : 0,
            e.getAttribute('aria-label')]; }
  const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth), e.getAttribute('aria-label')]; }"""


def test_the_drill_down_is_reached_with_the_keyboard_alone(dashboard):
    """Tab to the picker beside the chart, type, Enter: the same list a click on a bar gives, and the
    focus ring shows at every step (WCAG 2.4.7)."""
    with chromium_page() as page:
        page.goto(f"{dashboard}/progress")
        wait_for_page(page, "Progress by recommendation", 1)
        page.get_by_role("heading", name="Progress by recommendation").first.click()
        for _ in range(120):
            page.keyboard.press("Tab")
            style, width, label = page.evaluate(FOCUS_OUTLINE)
            if label and label.startswith("List the actions of"):
                break
        else:
            raise AssertionError("the drill-down picker was not reached with Tab")
        assert style != "none" and width >= 2, (style, width)
        page.screenshot(path=str(ARTIFACTS / "progress-keyboard-focus.png"))
        page.keyboard.type("Support members")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Actions under this recommendation").wait_for(timeout=20_000)
        page.get_by_text("Support members Continuing Professional Development", exact=False).first.wait_for(timeout=60_000)
        # the data grid draws on a canvas; its accessible cells name the five actions of that recommendation
        page.wait_for_timeout(1500)
        cells = page.evaluate("""() => [...document.querySelector('[data-testid="stDataFrame"]').querySelectorAll('td')]
                                 .map(td => [td.getAttribute('aria-colindex'), td.textContent])""")
        numbers = sorted(text for column, text in cells if column == "1")
        assert numbers == ["29", "30", "31", "32", "33"], cells[:12]


def test_a_focused_sidebar_link_differs_from_the_current_page(dashboard):
    with chromium_page() as page:
        page.goto(f"{dashboard}/progress")
        wait_for_page(page, "Progress by recommendation", 1)
        link = page.locator('[data-testid="stSidebarNav"] a').nth(2)
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        style, width, _ = page.evaluate(FOCUS_OUTLINE)
        assert style != "none" and width >= 2
        current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]').first
        assert current.evaluate("e => getComputedStyle(e).outlineStyle") == "none"


ODD = ("Ref,What we said we would do,Who,When,Where we are\n"
       "1,Refresh the plan,A Smith,31/03/2022,Complete\n2,Train members,B Jones,30/06/2022,Ongoing\n")


def test_mapping_an_undetected_file_then_the_same_layout_is_read_by_itself(tmp_path):
    """Map the columns of a file the reader cannot place, save the mapping for the store's plan, and a second
    upload of the same layout is read with it, said so in its report. Its own server and store: the mapping
    stays here (a saved mapping belongs to a plan: issue 32)."""
    need_browser()
    from plans_data import publish_plan

    from bvdata import store
    first, second = tmp_path / "odd.csv", tmp_path / "odd-later.csv"
    first.write_text(ODD)
    second.write_text(ODD.replace("Train members", "Train all members"))
    home = tmp_path / "home"
    home.mkdir()
    own = store.open_store(f"sqlite:///{home / 'bvtracker.sqlite'}")
    publish_plan(own, "bv", 4, dt.date(2022, 1, 1), name="Our Best Value plan")
    own.dispose()
    with running_dashboard({"BVDATA_HOME": str(tmp_path / "home")}) as base, chromium_page() as page:
        page.goto(f"{base}/data")
        wait_for_page(page, "Data")
        page.locator('input[type="file"]').first.set_input_files(str(first))
        page.get_by_text("No action table was found").first.wait_for(timeout=60_000)
        page.get_by_role("button", name="Map its columns").click()
        wait_for_page(page, "Data")
        for letter, field in [("A", "Number"), ("B", "Wording of the action or recommendation"), ("C", "Lead officer or body"),
                              ("D", "Due date"), ("E", "Status word")]:
            box = page.get_by_role("combobox", name=re.compile(f"^{letter}: "))
            # a rerun leaves the previous run's picker on the page for a moment, marked stale: wait for one,
            # and again if another rerun began between the count and the click
            for attempt in range(5):
                expect(box).to_have_count(1, timeout=30_000)
                try:
                    box.click(timeout=5_000)
                    break
                except PlaywrightError:
                    page.wait_for_timeout(300)
            else:
                box.click(timeout=5_000)           # the fifth failure, raised
            page.keyboard.type(field)          # the picker filters as you type, as a person would use it
            page.get_by_role("option", name=field, exact=True).click()
            wait_for_page(page, "Data")
        page.get_by_text("0 of 2 actions are complete", exact=False).or_(
            page.get_by_text("1 of 2 actions are complete", exact=False)).first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "data-mapping.png"), full_page=True)
        page.get_by_role("button", name="Save the mapping and use it").click()
        page.get_by_text("Saved the mapping").first.wait_for(timeout=30_000)
        page.get_by_text("for the plan 'Our Best Value plan'").first.wait_for(timeout=30_000)
        page.get_by_text("odd.csv: 2 actions").first.wait_for(timeout=30_000)
        page.locator('input[type="file"]').first.set_input_files(str(second))
        page.get_by_text("odd-later.csv: 2 actions").first.wait_for(timeout=60_000)
        # the report's table (drawn on a canvas; its accessible cells hold the text) says the mapping was used
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"] td')]
                                   .some(td => td.textContent.includes('saved mapping'))""", timeout=30_000)
        assert page.get_by_text("No action table was found").count() == 0


def test_a_workbook_whose_table_is_not_on_the_first_sheet_opens_the_mapping_screen_there(tmp_path):
    """Issue 23: the mapping screen opened on the first sheet ("Start"), not on the sheet with the table."""
    need_browser()
    from helpers import xlsx_bytes
    book = tmp_path / "book.xlsx"
    book.write_bytes(xlsx_bytes({"Start": [["Recommendation tracking workbook"]], "Menu": [["Tracker"], ["Metrics"]],
                                 "Tracker": [["Our recommendations"], [], ["Ref", "What we said we would do", "Who", "When"],
                                             ["1", "Refresh the plan", "A Smith", "31/03/2022"],
                                             ["2", "Train members", "B Jones", "30/06/2022"]]}))
    with running_dashboard({"BVDATA_HOME": str(tmp_path / "home")}) as base, chromium_page() as page:
        page.goto(f"{base}/data")
        wait_for_page(page, "Data")
        page.locator('input[type="file"]').first.set_input_files(str(book))
        page.get_by_role("button", name="Map its columns").click()
        wait_for_page(page, "Data")
        sheet = page.get_by_role("combobox", name="Sheet")
        expect(sheet).to_have_value("Tracker", timeout=30_000)
        expect(page.get_by_role("combobox", name="Header row")).to_have_value(re.compile(r"^Row 3: Ref"), timeout=30_000)
        expect(page.get_by_role("combobox", name=re.compile("^B: What we said"))).to_have_count(1, timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "data-mapping-second-sheet.png"), full_page=True)
