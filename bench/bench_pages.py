"""Benchmark: each page's server run (a warm AppTest run) with a 20,000-action tracker loaded, beside
the same page on the 40-action sample in the same run (the baseline); optionally the browser time
from opening a page to its first drawn chart.

    .venv/bin/python bench/bench_pages.py [--actions 20000] [--repeats 7] [--browser]
    .venv/bin/python bench/bench_pages.py --actions 100000 --warnings --pages data   # issue 12: under 1 s

Target (issue 3): every page's warm run under 300 ms at 20,000 actions.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]
from make_trackers import make  # noqa: E402

PAGES = ["overview", "progress", "overdue", "themes", "actions", "data"]
SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"


def warm_runs(tracker: Path, repeats: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest
    os.environ["BVDATA_TRACKER"] = str(tracker)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    medians = {}
    for page in PAGES:
        medians[page] = warm_median(at, f"pages/{page}.py", repeats)
    return medians


def warm_median(at, page: str, repeats: int) -> float:
    """Median of `repeats` warm runs of one page; the first run, which fills the caches, is not counted."""
    at.switch_page(page).run()
    assert not at.exception, at.exception
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_chart_times(tracker: Path, repeats: int) -> dict[str, float]:
    from browser import chromium_page, running_dashboard
    charts = {"": 1, "progress": 1, "overdue": 1, "themes": 1}
    out = {}
    with running_dashboard({"BVDATA_TRACKER": str(tracker)}) as base, chromium_page() as page:
        page.goto(base)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)   # warm the server's cache
        for path in charts:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                page.goto(f"{base}/{path}")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                times.append(time.perf_counter() - start)
            out[path or "overview"] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--warnings", action="store_true",
                        help="a tracker where every 20th action gives a validation warning (issue 12: the Data page)")
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    PAGES[:] = args.pages.split(",")
    big = make(args.actions, warnings=args.warnings)
    base = warm_runs(SAMPLE, args.repeats)
    large = warm_runs(big, args.repeats)
    print(f"warm server run per page, median of {args.repeats} (ms)")
    print(f"{'page':<10} {'40 actions':>11} {args.actions:>8,} actions {'ratio':>6}")
    for page in PAGES:
        print(f"{page:<10} {base[page] * 1000:>11.0f} {large[page] * 1000:>16.0f} {large[page] / base[page]:>6.1f}")
    result = {"warm_run_s": {"sample": base, str(args.actions): large}}
    if args.browser:
        b_small, b_large = first_chart_times(SAMPLE, 3), first_chart_times(big, 3)
        print("browser: open page to first drawn chart, median of 3 (ms)")
        for page in b_small:
            print(f"{page:<10} {b_small[page] * 1000:>11.0f} {b_large[page] * 1000:>16.0f} {b_large[page] / b_small[page]:>6.1f}")
        result["first_chart_s"] = {"sample": b_small, str(args.actions): b_large}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_pages.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
