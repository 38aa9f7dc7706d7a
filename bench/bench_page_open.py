"""Benchmark (issue 12): a warm page open, from a fresh page load to the first chart drawn, for each
dashboard page against a minimal one-chart Streamlit app (bench/floor/floor_app.py), in the same run,
interleaved, in the same headless Chromium. Prints medians and each page's ratio to the floor.

    .venv/bin/python bench/bench_page_open.py [--repeats 9]

Targets (issue 25): the shell at most 1.15x the floor; Overview, Progress, Overdue and Themes at most
1.5x; Compare at most 2x. The shell app (bench/floor/shell_app.py: the floor's chart inside the
dashboard's sidebar, page header and navigation) shows how much of a page's time is the shell. The
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

PAGES = ["", "progress", "overdue", "themes", "compare"]


def open_time(page, url: str) -> float:
    """One open, from the request to the first chart drawn. The page is blanked first, untimed: otherwise
    each open also pays for tearing down the page before it (a dashboard page's many elements, or the
    floor's one), which made the floor's own times swing between about 0.7 and 1.4 s."""
    page.goto("about:blank")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    return time.perf_counter() - start


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
    with running_dashboard({"BVDATA_HOME": home}) as base, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "floor_app.py") as floor, \
            running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "shell_app.py") as shell, \
            chromium_page() as page:
        for url in [floor, shell] + [f"{base}/{p}" for p in PAGES]:   # warm the servers and the browser
            open_time(page, url)
            open_time(page, url)
        for _ in range(args.repeats):
            shell_times.append(open_time(page, shell))
            for p in PAGES:                                           # the floor before each page, interleaved
                floor_times.append(open_time(page, floor))
                page_times[p].append(open_time(page, f"{base}/{p}"))
    floor_median = statistics.median(floor_times)
    print(f"floor (one-chart app): {floor_median * 1000:.0f} ms median of {len(floor_times)}, "
          f"quartiles {quartiles(floor_times)}")
    shell_median = statistics.median(shell_times)
    print(f"shell      {shell_median * 1000:>6.0f} ms  ratio {shell_median / floor_median:.2f}  "
          "(the floor's chart in the dashboard's sidebar, header and navigation)")
    results = {"floor_s": floor_median, "shell_s": shell_median, "shell_ratio": shell_median / floor_median, "pages": {}}
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
        for _ in range(rounds):
            with running_dashboard(args=[], env_extra={"BVDATA_HOME": home}, app=HERE / "floor" / "floor_app.py") as floor:
                floor_times.append(open_time(page, floor))
            with running_dashboard({"BVDATA_HOME": home}) as base:
                overview_times.append(open_time(page, base))
    floor_median, overview_median = statistics.median(floor_times), statistics.median(overview_times)
    print(f"cold floor {floor_median * 1000:>6.0f} ms")
    print(f"cold overview {overview_median * 1000:>6.0f} ms  ratio {overview_median / floor_median:.2f}")
    return {"floor_s": floor_median, "overview_s": overview_median, "ratio": overview_median / floor_median}


if __name__ == "__main__":
    main()
