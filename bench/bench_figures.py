"""Benchmark: building each figure with the white template cut to the trace types drawn (what
bvdata.figures does) against the same figure with the whole "plotly_white" named in its layout (what it
did before), interleaved in the same run on the sample tracker. Prints medians and ratios.

    .venv/bin/python bench/bench_figures.py [--repeats 31]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def medians_ms(builds, repeats: int) -> list[float]:
    """Each build's median time, the builds interleaved so that load on a shared machine falls on all."""
    times: list[list[float]] = [[] for _ in builds]
    for build in builds:
        build()
    for _ in range(repeats):
        for kept, build in zip(times, builds):
            start = time.perf_counter()
            build()
            kept.append(time.perf_counter() - start)
    return [statistics.median(t) * 1000 for t in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()
    from bvdata import load_tracker
    from bvdata.model.status import ageing_counts, by_recommendation, overdue_list, with_status
    from bvdata.papers import figures
    tracker = load_tracker((ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx").read_bytes(), "sample.xlsx")
    status = with_status(tracker.actions, tracker.as_at)
    builders = {
        "status_roundup": lambda: figures.status_roundup(status),
        "recommendation_progress": lambda: figures.recommendation_progress(by_recommendation(status, tracker.recommendations)),
        "ageing_chart": lambda: figures.ageing_chart(ageing_counts(status)),
        "overdue_by_officer": lambda: figures.overdue_by_officer(overdue_list(status)),
        "theme_radar": lambda: figures.theme_radar(tracker.themes.frame, tracker.themes.periods, tracker.themes.scale),
    }
    print(f"{'figure':<26}{'whole (before)':>16}{'cut (now)':>15}{'ratio':>8}")
    cut = figures.TEMPLATE

    def with_template(template, build):
        def run():
            figures.TEMPLATE = template
            return build()
        return run

    for name, build in builders.items():
        whole, now = medians_ms([with_template("plotly_white", build), with_template(cut, build)], args.repeats)
        print(f"{name:<26}{whole:>13.1f} ms{now:>12.1f} ms{now / whole:>8.2f}")


if __name__ == "__main__":
    main()
