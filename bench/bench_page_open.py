"""Benchmark (issue 12): a warm page open, from a fresh page load to the first chart drawn, for each
dashboard page against a minimal one-chart Streamlit app (bench/floor/floor_app.py), in the same run,
interleaved, in the same headless Chromium. Prints medians and each page's ratio to the floor.

    .venv/bin/python bench/bench_page_open.py [--repeats 9]

Targets (issue 25): the shell at most 1.15x the floor; Overview, Progress, Overdue and Themes at most
1.5x; Compare at most 2x. The shell app (bench/floor/shell_app.py: the floor's chart inside the
dashboard's sidebar, page header and navigation) shows how much of a page's time is the shell. Two
reference rows show what no page can avoid: ``floor-page``, the floor's chart opened at a page's own
address (bench/floor/subpath_app.py: Streamlit's front end looks for its server there first), and
``frame``, the floor's chart with only what the issue asks of every page (bench/floor/frame_app.py:
the wide layout, ten pages' navigation, the title and the filter control). The
servers are warmed first (their caches loaded and the browser's copy of Streamlit's scripts fetched), so
what is measured is the open itself. A cold first open is measured too: a new server process for each
of ``--cold`` rounds, the Overview's first open against the floor app's first open in a new process.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

PAGES = ["", "progress", "overdue", "themes", "compare"]
REFERENCES = {"floor-page": "the floor's chart opened at a page's own address, as every page but the Overview is",
              "frame": "the floor's chart with the wide layout, ten pages' navigation, a title and the filter control"}


# Stamps, inside the page, the moment the first chart's SVG is added: milliseconds from the start of the
# navigation (performance.now() counts from it). Installed before any of the page's own scripts run.
FIRST_CHART_STAMP = """
window.__bvFirstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('.js-plotly-plot .main-svg')) {
    window.__bvFirstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


class Opener:
    """Opens pages one at a time in one tab of one browser (its cache warm), each from a blank page that
    has been left idle for a second first, untimed.

    Timed inside the page (FIRST_CHART_STAMP): Playwright's ``wait_for_selector`` polls at 0, 20, 50,
    100, 100 and then every 500 ms, so timed from Python an open of 0.8 s read as 1.27 s and every
    figure came in 500 ms steps (the floor's "bimodal" 0.7 or 1.2 s of the fourth session). The idle
    second lets the browser collect the page before in its own time: without it an open paid for the
    page before it (the shell took about 300 ms longer after Compare than after the floor)."""

    def __init__(self, page, settle_ms: int = 1000) -> None:
        page.context.add_init_script(FIRST_CHART_STAMP)
        self.page, self.settle_ms = page, settle_ms

    def __call__(self, url: str) -> float:
        """Seconds from the start of the navigation to the first chart's SVG in the page."""
        self.page.goto("about:blank")
        self.page.wait_for_timeout(self.settle_ms)
        self.page.goto(url)
        self.page.wait_for_function("window.__bvFirstChart !== null", polling=50, timeout=120_000)
        return self.page.evaluate("window.__bvFirstChart") / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--cold", type=int, default=3, help="rounds of a cold first open (0: none)")
    args = parser.parse_args()
    from browser import chromium_page, running_dashboard
    home = tempfile.mkdtemp(prefix="bvopen-")
    floor_times: list[float] = []
    shell_times: list[float] = []
    page_times: dict[str, list[float]] = {p: [] for p in PAGES}
    reference_times: dict[str, list[float]] = {name: [] for name in REFERENCES}
    with running_dashboard({"BVDATA_HOME": home}) as base, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "floor_app.py") as floor, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "shell_app.py") as shell, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "subpath_app.py") as two, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "frame_app.py") as frame, \
            chromium_page() as page:
        open_time = Opener(page)
        references = {"floor-page": f"{two}/chart", "frame": frame}
        for url in [floor, shell, *references.values()] + [f"{base}/{p}" for p in PAGES]:   # warm them all
            open_time(url)
            open_time(url)
        for _ in range(args.repeats):
            for p in PAGES:      # the floor, the shell and a page in turn: each server's scripts as warm
                floor_times.append(open_time(floor))
                shell_times.append(open_time(shell))
                page_times[p].append(open_time(f"{base}/{p}"))
                for name, url in references.items():
                    reference_times[name].append(open_time(url))
    floor_median = statistics.median(floor_times)
    print(f"floor (one-chart app): {floor_median * 1000:.0f} ms median of {len(floor_times)}, "
          f"quartiles {quartiles(floor_times)}")
    shell_median = statistics.median(shell_times)
    print(f"shell      {shell_median * 1000:>6.0f} ms  ratio {shell_median / floor_median:.2f}  "
          "(the floor's chart in the dashboard's sidebar, header and navigation)")
    results = {"floor_s": floor_median, "shell_s": shell_median, "shell_ratio": shell_median / floor_median, "pages": {},
               "references": {}}
    for name, times in reference_times.items():
        median = statistics.median(times)
        results["references"][name] = {"median_s": median, "ratio": median / floor_median}
        print(f"{name:<10} {median * 1000:>6.0f} ms  ratio {median / floor_median:.2f}  ({REFERENCES[name]})")
    for p, times in page_times.items():
        median = statistics.median(times)
        results["pages"][p or "overview"] = {"median_s": median, "ratio": median / floor_median}
        print(f"{p or 'overview':<10} {median * 1000:>6.0f} ms  ratio {median / floor_median:.2f}  quartiles {quartiles(times)}")
    if args.cold:
        results["cold"] = cold_opens(args.cold, home)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_page_open.json").write_text(json.dumps(results, indent=2))


def quartiles(times: list[float]) -> str:
    """The spread of one row's opens, in ms: its first and third quartiles."""
    q1, _, q3 = statistics.quantiles(times, n=4)
    return f"{q1 * 1000:.0f}–{q3 * 1000:.0f} ms"


def cold_opens(rounds: int, home: str) -> dict:
    """The first open after a server starts (its caches empty, its modules imported on the first run):
    the Overview's against the floor app's, each in a new process, interleaved."""
    from browser import chromium_page, running_dashboard
    floor_times, overview_times = [], []
    with chromium_page() as page:
        open_time = Opener(page)
        for _ in range(rounds):
            with running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "floor_app.py") as floor:
                floor_times.append(open_time(floor))
            with running_dashboard({"BVDATA_HOME": home}) as base:
                overview_times.append(open_time(base))
    floor_median, overview_median = statistics.median(floor_times), statistics.median(overview_times)
    print(f"cold floor {floor_median * 1000:>6.0f} ms")
    print(f"cold overview {overview_median * 1000:>6.0f} ms  ratio {overview_median / floor_median:.2f}")
    return {"floor_s": floor_median, "overview_s": overview_median, "ratio": overview_median / floor_median}


if __name__ == "__main__":
    main()
