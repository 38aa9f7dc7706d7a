"""Benchmark (issue 12): the whole `python -m bvdata check FILE --json` process against a whole process
doing a plain `pandas.read_excel(engine="calamine")` of the same file, measured in the same run,
interleaved, each in a fresh process. Prints medians, the ratio and peak memory (the process and its
reader child, whichever is larger, from wait4).

    .venv/bin/python bench/bench_check.py [--sizes 2000,20000,100000] [--repeats 7]

Target: the ratio at most 1.3 at 20,000 and 100,000 actions; peak memory at 100,000 under 500 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_trackers import make  # noqa: E402

CALAMINE = "import sys, pandas as pd; pd.read_excel(sys.argv[1], engine='calamine', sheet_name=None)"


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process (and its children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode()[:300]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000,100000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(f"{'actions':>8} {'check s':>8} {'calamine s':>10} {'ratio':>6} {'check MB':>9} {'calamine MB':>11}")
    results = []
    for n in map(int, args.sizes.split(",")):
        path = str(make(n))
        repeats = args.repeats if n <= 20_000 else max(3, args.repeats // 2)
        check, calamine = [], []
        for _ in range(repeats):            # interleaved, so a noisy minute hits both alike
            check.append(timed([sys.executable, "-m", "bvdata", "check", path, "--json"]))
            calamine.append(timed([sys.executable, "-c", CALAMINE, path]))
        med = {"check": statistics.median(s for s, _ in check), "calamine": statistics.median(s for s, _ in calamine)}
        peak = {"check": statistics.median(m for _, m in check), "calamine": statistics.median(m for _, m in calamine)}
        ratio = med["check"] / med["calamine"]
        print(f"{n:>8} {med['check']:>8.3f} {med['calamine']:>10.3f} {ratio:>6.2f} {peak['check']:>9.0f} "
              f"{peak['calamine']:>11.0f}", flush=True)
        results.append({"actions": n, "repeats": repeats, "median_s": med, "ratio": ratio, "peak_mb": peak})
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_check.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
