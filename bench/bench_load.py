"""Benchmark: load-plus-validate with bvdata against a plain pandas.read_excel(engine="openpyxl")
of the same file, in the same run. Each measurement runs in a fresh process; medians are reported.

    .venv/bin/python bench/bench_load.py [--sizes 40,2000,20000,100000] [--repeats 5]

Targets (issue 2): 20,000 actions in under a quarter of the openpyxl read's time; 100,000 actions
under 1 GB peak (the larger of the app process and its reader child).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_trackers import make  # noqa: E402


def measure(how: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "_measure_load.py"), how, str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="40,2000,20000,100000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{'actions':>8} {'bvdata s':>9} {'openpyxl s':>10} {'calamine s':>10} {'ratio':>6} "
          f"{'bvdata MB':>9} {'reader MB':>9} {'openpyxl MB':>11}")
    results = []
    for n in map(int, args.sizes.split(",")):
        path = make(n)
        repeats = args.repeats if n <= 20_000 else max(1, args.repeats // 2)
        runs = {how: [measure(how, path) for _ in range(repeats)] for how in ("bvdata", "openpyxl", "calamine")}
        med = {how: statistics.median(r["seconds"] for r in rs) for how, rs in runs.items()}
        peak = {how: statistics.median(r["peak_mb"] for r in rs) for how, rs in runs.items()}
        child = statistics.median(r["child_peak_mb"] for r in runs["bvdata"])
        assert runs["bvdata"][0]["rows"] == n, runs["bvdata"][0]
        ratio = med["bvdata"] / med["openpyxl"]
        print(f"{n:>8} {med['bvdata']:>9.3f} {med['openpyxl']:>10.3f} {med['calamine']:>10.3f} {ratio:>6.2f} "
              f"{peak['bvdata']:>9.0f} {child:>9.0f} {peak['openpyxl']:>11.0f}", flush=True)
        results.append({"actions": n, "repeats": repeats, "median_s": med, "ratio_bvdata_to_openpyxl": ratio,
                        "peak_mb": peak, "reader_child_peak_mb": child})
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_load.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
