"""Accessibility in a real browser: axe-core on every page finds no serious or critical violation,
and every control can be reached with the keyboard."""
import json

import pytest
from browser import ARTIFACTS, LEAD_CHARTS, PAGES, ROOT, chromium_page, need_browser, running_dashboard, wait_for_page

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHARTS = LEAD_CHARTS


@pytest.fixture(scope="module")
def dashboard():
    need_browser()
    if not AXE.exists():
        import os
        message = "axe-core is missing: run `npm ci` (scripts/test.sh does it when npm is installed)"
        pytest.fail(message) if os.environ.get("BVDATA_REQUIRE_BROWSER") == "1" else pytest.skip(message)
    ARTIFACTS.mkdir(exist_ok=True)
    with running_dashboard() as base:
        yield base


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return result


def test_no_serious_or_critical_axe_violations_on_any_page(dashboard):
    found = {}
    with chromium_page() as page:
        page.goto(dashboard)
        wait_for_page(page, "Overview", 1)
        for path, title in PAGES.items():
            page.goto(f"{dashboard}/{path}")
            wait_for_page(page, title, CHARTS[path])
            violations = serious_violations(page)
            if violations:
                found[path or "overview"] = violations
    (ARTIFACTS / "axe.json").write_text(json.dumps(found, indent=2))
    assert found == {}, json.dumps(found, indent=2)[:3000]


KEYBOARD_PAGES = {"": "Overview", "actions": "Actions", "data": "Data", "compare": "Compare snapshots"}
# Not counted: Plotly's mode bar and Streamlit's hover toolbars over tables and charts (their
# download, search and full-screen duplicate the page's own controls and text equivalents), and
# elements Streamlit itself takes out of the tab order (tabindex -1, such as a drop-down's chevron),
# and the transient "Stop" button Streamlit shows while a script run is in progress.
TAG_CONTROLS = """() => {
    const sel = 'button, input, select, textarea, a[href], [role=combobox], [role=spinbutton], [role=checkbox], [role=tab]';
    const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
        && getComputedStyle(el).visibility !== 'hidden'; };
    const controls = [...document.querySelectorAll(sel)].filter(el => visible(el) && !el.disabled
        && !el.closest('.modebar') && !el.closest('[data-testid="stElementToolbar"]')
        && !el.closest('[data-testid="stStatusWidget"]') && el.getAttribute('aria-hidden') !== 'true' && el.tabIndex !== -1
        && !(el.tagName === 'INPUT' && el.type === 'file'));
    controls.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    return controls.map(el => (el.getAttribute('aria-label') || el.innerText || el.name || el.tagName).slice(0, 60));
}"""


@pytest.mark.parametrize("path", list(KEYBOARD_PAGES))
def test_every_control_can_be_reached_with_the_keyboard(dashboard, path):
    with chromium_page() as page:
        page.goto(f"{dashboard}/{path}")
        wait_for_page(page, KEYBOARD_PAGES[path], CHARTS.get(path, 0))
        page.wait_for_timeout(1000)        # let any follow-up run settle before tagging the controls
        wait_for_page(page, KEYBOARD_PAGES[path], CHARTS.get(path, 0))
        names = page.evaluate(TAG_CONTROLS)
        reached = set()
        page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
        for _ in range(len(names) * 3 + 20):
            page.keyboard.press("Tab")
            tag = page.evaluate("() => { const el = document.activeElement; const t = el && el.closest('[data-kb]');"
                                " return t ? t.getAttribute('data-kb') : null; }")
            if tag is not None:
                reached.add(int(tag))
            if len(reached) == len(names):
                break
        missing = [names[i] for i in range(len(names)) if i not in reached]
        assert not missing, f"not reachable with Tab on /{path}: {missing}"
