"""Every page at 1440, 1024 and 390 px wide, every section opened, checked in the browser for what a
screenshot shows: no chart title over an axis label, another title or the legend, no bar label outside
its plot area, no tick labels printed over each other, no metric label cut short. Screenshots of each
go to test-artifacts/widths/."""
import pytest
from browser import ARTIFACTS, LEAD_CHARTS, PAGES, chromium_pages, need_browser, running_dashboard, wait_for_page

from pages.common.widgets import CARDS_BELOW

pytestmark = pytest.mark.browser
WIDTHS = (1440, 1024, 390)
CHARTS = LEAD_CHARTS

# Boxes of the text Plotly draws, per chart, from the SVG itself (client rectangles, in page pixels).
MEASURE = """() => {
  // each text's own rectangle, turned as the text is (rotated tick labels), as four corners on the page
  const corners = el => { const b = el.getBBox(), m = el.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]); };
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.textContent.trim(); };
  const texts = (root, sel) => [...root.querySelectorAll(sel)].filter(shown).map(e => ({text: e.textContent, poly: corners(e), box: box(e)}));
  return [...document.querySelectorAll('.js-plotly-plot')].map(plot => ({
    title: texts(plot, '.gtitle'),
    axisLabels: texts(plot, '.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .angularaxistick text, .g-x2title text, .g-x3title text, .annotation-text'),
    ticks: ['.xaxislayer-above', '.yaxislayer-above'].flatMap(layer =>
      [...plot.querySelectorAll(layer)].map(g => texts(g, '.xtick text, .ytick text'))),
    areas: [...plot.querySelectorAll('.nsewdrag')].map(box),
    titles: texts(plot, '.gtitle, .annotation-text, .g-xtitle text, .g-ytitle text, .g-x2title text, .g-x3title text'),
    legend: [...plot.querySelectorAll('.legend')].filter(e => e.getBoundingClientRect().width > 0).map(box),
    barText: texts(plot, '.bartext'),
    canvas: box(plot.querySelector('.main-svg')),
    words: texts(plot, '.gtitle, .annotation-text, .legendtext, .g-xtitle text, .g-ytitle text, .angularaxistick text'),
  }));
}"""
METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')].map(el => {
  const inner = el.querySelector('p, div') || el;
  return {text: el.textContent, cut: inner.scrollWidth > inner.clientWidth + 1};
})"""

# Tables with wording (pages.common.widgets.table(cards=True)): each drawn as a table and as cards, one
# of them shown by the screen's width; what is shown, how far right it reaches and whether it scrolls.
TABLES = """() => [...document.querySelectorAll('[class*="st-key-cards_"], [class*="st-key-wide_"]')].map(el => {
  const r = el.getBoundingClientRect();
  return {kind: [...el.classList].some(c => c.startsWith('st-key-cards_')) ? 'cards' : 'table',
          key: [...el.classList].find(c => c.startsWith('st-key-')), shown: r.width > 0 && r.height > 0,
          right: r.right, overflow: el.scrollWidth > el.clientWidth + 1};
})"""
# the pages whose wording tables turn to cards on a phone (Compare's amended actions drawn on demand)
CARDS = {"": {"overview_completed", "overview_overdue", "overview_risk"},      # the portfolio lists of one plan
         "overdue": {"overdue_table"}, "themes": {"themes_change", "themes_radar"}, "compare": {"compare_amended"},
         "actions": {"actions_table"}}


def table_defects(tables: list[dict], width: int) -> list[str]:
    """Below ``CARDS_BELOW`` (a tablet, a phone) the cards are shown, inside the screen, and the tables hidden;
    on a wider screen the other way round."""
    phone = width < CARDS_BELOW
    found = []
    for t in tables:
        if t["kind"] == "cards" and t["shown"] != phone or t["kind"] == "table" and t["shown"] == phone:
            found.append(f"{t['key']} is {'shown' if t['shown'] else 'hidden'}")
        if t["shown"] and t["kind"] == "cards" and (t["right"] > width + 1 or t["overflow"]):
            found.append(f"{t['key']} runs off the screen (to {t['right']:.0f} px)")
    return found


def overlap(a, b, slack=1.0) -> bool:
    """Do two texts' turned rectangles (four corners each) overlap by more than ``slack`` pixels?
    Separating axes: they are apart if, along some edge's normal, their shadows do not meet."""
    for poly in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y1 - y2, x2 - x1
            length = (nx * nx + ny * ny) ** 0.5 or 1.0
            nx, ny = nx / length, ny / length
            pa = [x * nx + y * ny for x, y in a]
            pb = [x * nx + y * ny for x, y in b]
            if max(pa) - slack <= min(pb) or max(pb) - slack <= min(pa):
                return False
    return True


def rect(left, top, right, bottom):
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def inside(inner, outer, slack=2.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def layout_defects(charts: list[dict]) -> list[str]:
    """What the measured boxes show wrong, one line each (empty when the page reads well)."""
    found = []
    for n, chart in enumerate(charts):
        for title in chart["title"]:
            for label in chart["axisLabels"]:
                if overlap(title["poly"], label["poly"]):
                    found.append(f"chart {n}: title {title['text'][:40]!r} over axis label {label['text'][:30]!r}")
        titles = chart.get("titles", [])
        for i, a in enumerate(titles):
            for b in titles[i + 1:]:
                if overlap(a["poly"], b["poly"]):
                    found.append(f"chart {n}: titles {a['text'][:30]!r} and {b['text'][:30]!r} run together")
            for legend in chart.get("legend", []):
                if overlap(a["poly"], rect(*legend)):
                    found.append(f"chart {n}: title {a['text'][:30]!r} over the legend")
        for bar in chart["barText"]:
            if chart["areas"] and not any(inside(bar["box"], area) for area in chart["areas"]):
                found.append(f"chart {n}: bar label {bar['text'][:30]!r} outside the plot area")
        for word in chart.get("words", []):
            if not inside(word["box"], chart["canvas"]):
                found.append(f"chart {n}: {word['text'][:40]!r} runs past the chart's edge")
        for axis in chart["ticks"]:
            for i, a in enumerate(axis):
                for b in axis[i + 1:]:
                    if overlap(a["poly"], b["poly"]):
                        found.append(f"chart {n}: tick labels {a['text'][:20]!r} and {b['text'][:20]!r} overprint")
    return found


@pytest.mark.parametrize("tables, width, found", [
    ([{"kind": "cards", "key": "c", "shown": True, "right": 380, "overflow": False},
      {"kind": "table", "key": "t", "shown": False, "right": 0, "overflow": False}], 390, 0),
    ([{"kind": "cards", "key": "c", "shown": True, "right": 520, "overflow": False}], 390, 1),     # off screen
    ([{"kind": "table", "key": "t", "shown": True, "right": 900, "overflow": True}], 390, 1),      # a table on a phone
    ([{"kind": "cards", "key": "c", "shown": True, "right": 900, "overflow": False}], 1440, 1),   # cards on a laptop
])
def test_the_table_check_finds_what_it_should(tables, width, found):
    assert len(table_defects(tables, width)) == found


def test_the_measure_finds_what_it_should():
    """The checks themselves, on shapes drawn by hand: each defect is found, and a clean chart passes."""
    def text(name, *box):
        return {"text": name, "poly": rect(*box), "box": list(box)}
    clean = {"title": [text("T", 0, 0, 100, 20)], "axisLabels": [text("A", 0, 30, 50, 45)],
             "ticks": [[text("1", 0, 100, 10, 110), text("2", 20, 100, 30, 110)]],
             "areas": [[0, 50, 300, 300]], "barText": [text("5", 10, 60, 20, 70)],
             "canvas": [0, 0, 320, 320], "words": [text("T", 0, 0, 100, 20)]}
    assert layout_defects([clean]) == []
    bad = {**clean, "axisLabels": [text("Vision", 10, 10, 60, 25)],
           "ticks": [[text("1", 0, 100, 15, 110), text("2", 10, 100, 30, 110)]],
           "barText": [text("100% · 2 actions", 250, 60, 320, 70)],
           "words": [text("Mean completion by recommendation", 0, 0, 340, 20)]}
    assert len(layout_defects([bad])) == 4
    run_together = {**clean, "titles": [text("Actions complete", 0, 0, 120, 20), text("Mean completion", 100, 0, 220, 20)],
                    "legend": [[0, 290, 100, 310]]}
    assert len(layout_defects([run_together])) == 1
    over_legend = {**clean, "titles": [text("Trend", 0, 295, 50, 305)], "legend": [[0, 290, 100, 310]]}
    assert len(layout_defects([over_legend])) == 1
    # two labels turned 45 degrees, side by side: their upright boxes overlap, the labels do not
    s = 0.5 ** 0.5
    def turned(x0):
        return [[x0, 0], [x0 + 60 * s, 60 * s], [x0 + 60 * s - 12 * s, 60 * s + 12 * s], [x0 - 12 * s, 12 * s]]
    assert overlap(turned(0), turned(20)) is False and overlap(turned(0), turned(5)) is True


def open_every_section(page, title: str) -> None:
    """Click each closed expander open (sections drawn on demand), waiting for each rerun to finish."""
    for k in range(page.locator('[data-testid="stExpander"] summary').count()):
        summary = page.locator('[data-testid="stExpander"] summary').nth(k)
        if summary.get_attribute("aria-expanded") == "true":
            continue
        summary.click()
        page.wait_for_timeout(200)
        wait_for_page(page, title)


@pytest.fixture(scope="module")
def dashboard():
    need_browser()
    (ARTIFACTS / "widths").mkdir(parents=True, exist_ok=True)
    with running_dashboard() as base:
        yield base


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_well_at_this_width(dashboard, width):
    problems = []
    with chromium_pages(1) as (page,):
        page.set_viewport_size({"width": width, "height": 1000})
        for path, title in PAGES.items():
            page.goto(f"{dashboard}/{path}")
            wait_for_page(page, title, CHARTS[path])
            open_every_section(page, title)
            page.wait_for_timeout(300)          # Plotly lays out again once the column width settles
            problems += [f"/{path} at {width}px: {p}" for p in layout_defects(page.evaluate(MEASURE))]
            problems += [f"/{path} at {width}px: metric label {m['text']!r} cut short"
                         for m in page.evaluate(METRICS) if m["cut"]]
            tables = page.evaluate(TABLES)
            keys = {t["key"].removeprefix("st-key-cards_") for t in tables if t["kind"] == "cards"}
            if keys != CARDS.get(path, set()):
                problems.append(f"/{path}: wording tables with cards {sorted(keys)}, expected {sorted(CARDS.get(path, []))}")
            problems += [f"/{path} at {width}px: {p}" for p in table_defects(tables, width)]
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
            page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})
            page.wait_for_timeout(300)
            page.screenshot(path=str(ARTIFACTS / "widths" / f"{path or 'overview'}-{width}.png"))
            page.set_viewport_size({"width": width, "height": 1000})
    assert problems == [], "\n".join(problems)


def test_a_bar_s_hover_label_stays_on_a_phone_screen(dashboard):
    """At 390 px, pointing at (tapping) each of Progress's bars shows its label whole on the screen: a
    long recommendation used to push it past the left edge, over the bars."""
    width, problems = 390, []
    with chromium_pages(1) as (page,):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{dashboard}/progress")
        wait_for_page(page, "Progress by recommendation", 1)
        bars = page.locator(".js-plotly-plot .bars .point path")
        assert bars.count() == 8
        for i in range(bars.count()):
            bars.nth(i).scroll_into_view_if_needed()
            box = bars.nth(i).bounding_box()
            page.mouse.move(box["x"] + box["width"] - 3, box["y"] + box["height"] / 2)
            label = page.locator(".hoverlayer .hovertext").first
            label.wait_for(timeout=10_000)
            shown = label.bounding_box()
            if shown["x"] < 0 or shown["x"] + shown["width"] > width + 1:
                problems.append(f"bar {i + 1}: its label runs from {shown['x']:.0f} to {shown['x'] + shown['width']:.0f} px")
            page.mouse.move(2, 2)
        page.screenshot(path=str(ARTIFACTS / "progress-hover-390.png"))
    assert problems == [], "\n".join(problems)


# each radar's circle (Plotly's polar background) as shown: its width, and whether it is in view
RADARS = """() => [...document.querySelectorAll('.js-plotly-plot g.polar > .plotbg')].map(e => {
  const r = e.getBoundingClientRect(); return {width: r.width, shown: r.width > 0 && r.right <= window.innerWidth + 1}; })"""


# at 1440 the radar is as tall as the fold of a 1440 x 900 screen allows (test_browser_fold): about 380 px across
@pytest.mark.parametrize("width, least", [(390, 0.7), (1440, 0.25)])
def test_the_radar_fills_the_screen_it_is_on(dashboard, width, least):
    """One radar is shown at each width, and its circle is not squeezed by the themes' names: on a phone
    it used to be about 150 px across in a 390 px screen (the numbered radar is about 300)."""
    with chromium_pages(1) as (page,):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{dashboard}/themes")
        wait_for_page(page, "Best Value themes", 2)
        page.wait_for_timeout(300)
        shown = [r["width"] for r in page.evaluate(RADARS) if r["shown"]]
    assert len(shown) == 1 and shown[0] >= least * width, shown
