"""Benchmark: the committee report for the 40-action sample with all its charts, timed including the
browser start, in a fresh process each time. Baseline in the same run: the same document with the
charts replaced by a blank image (no browser at all). Medians of --repeats runs.

    .venv/bin/python bench/bench_report.py [--repeats 5]

Target (issue 5): under 10 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ONE_RUN = r"""
import io, json, sys, time
sys.path.insert(0, {root!r})
from bvdata import load_tracker
from bvdata.model.history import compare_sides, tracker_side
from bvdata.papers.report import ChartRenderer, build_report
start = time.perf_counter()
tracker = load_tracker({root!r} + "/sample_data/bv_tracker_2022-02-14.xlsx")
earlier = load_tracker({root!r} + "/sample_data/bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx")
previous = compare_sides(tracker_side(earlier), tracker_side(tracker))
if {charts}:
    with ChartRenderer() as renderer:
        data = build_report(tracker, renderer, previous=previous)
else:
    from PIL import Image
    buf = io.BytesIO(); Image.new("RGB", (2, 2)).save(buf, "PNG"); png = buf.getvalue()
    class Blank:
        def png(self, fig, width=0, height=0):
            return png
    data = build_report(tracker, Blank(), previous=previous)
print(json.dumps({{"seconds": time.perf_counter() - start, "bytes": len(data)}}))
"""


def run(charts: bool) -> float:
    code = ONE_RUN.format(root=str(ROOT), charts=charts)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    full = [run(True) for _ in range(args.repeats)]
    bare = [run(False) for _ in range(args.repeats)]
    f, b = statistics.median(full), statistics.median(bare)
    print(f"committee report, 40 actions, median of {args.repeats} fresh processes:")
    print(f"  with charts (browser start included): {f:.2f} s   (min {min(full):.2f}, max {max(full):.2f})")
    print(f"  document only, no browser (baseline): {b:.2f} s")
    print(f"  charts cost {f - b:.2f} s; ratio {f / b:.1f}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_report.json").write_text(json.dumps({"with_charts_s": full, "document_only_s": bare}, indent=2))


if __name__ == "__main__":
    main()
