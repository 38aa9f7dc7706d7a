"""Benchmark (issue 12): a warm page open, from a fresh page load to the first chart drawn, for each
dashboard page against a minimal one-chart Streamlit app (bench/floor/floor_app.py), in the same run,
interleaved, in the same headless Chromium. Prints medians and each page's ratio to the floor.

    .venv/bin/python bench/bench_page_open.py [--repeats 9]

Target: every page at most 1.25x the floor. The shell app (bench/floor/shell_app.py: the floor's
chart inside the dashboard's sidebar and navigation) shows how much of a page's time is the shell. Both servers are warmed first (their caches loaded and
the browser's copy of Streamlit's scripts fetched), so what is measured is the open itself.
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
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
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
    print(f"floor (one-chart app): {floor_median * 1000:.0f} ms median of {len(floor_times)}")
    shell_median = statistics.median(shell_times)
    print(f"shell (the floor's chart in the dashboard's sidebar and navigation): {shell_median * 1000:.0f} ms, "
          f"ratio {shell_median / floor_median:.2f}")
    results = {"floor_s": floor_median, "shell_s": shell_median, "shell_ratio": shell_median / floor_median, "pages": {}}
    for p, times in page_times.items():
        median = statistics.median(times)
        results["pages"][p or "overview"] = {"median_s": median, "ratio": median / floor_median}
        print(f"{p or 'overview':<10} {median * 1000:>6.0f} ms  ratio {median / floor_median:.2f}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_page_open.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
