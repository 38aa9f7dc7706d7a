"""Benchmark (issue 23): a workbook whose Excel Table is declared over 9,000 rows with 11 filled (the rest
blank but for template defaults) against its twin with only the 11 rows, measured in the same run,
interleaved. Two measures:

* ``load``: ``load_tracker`` in a warm process (imports done, as in the running app), median of N;
* ``check``: the whole ``python -m bvdata check FILE --json`` process, each a fresh process, median of N.

    .venv/bin/python bench/bench_blank_rows.py [--repeats 9] [--rows 9000]

Target: the 9,000-row Table reads in at most 1.2x the time of its 11-row twin. Prints
``name  N ms  ratio R`` lines.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = HERE / "out"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--rows", type=int, default=9_000)
    args = parser.parse_args()
    from follow_up import wide_workbook

    from bvdata import load_tracker
    OUT.mkdir(exist_ok=True)
    files = {"table": (OUT / "table_9000.xlsx", wide_workbook(args.rows)), "twin": (OUT / "table_11.xlsx", wide_workbook(11))}
    for path, data in files.values():
        path.write_bytes(data)
    assert load_tracker(files["table"][1], "t.xlsx").actions.equals(load_tracker(files["twin"][1], "t.xlsx").actions)

    load = {name: [] for name in files}
    for _ in range(args.repeats):
        for name, (_, data) in files.items():
            start = time.perf_counter()
            load_tracker(data, f"{name}.xlsx")
            load[name].append(time.perf_counter() - start)
    check = {name: [] for name in files}
    for _ in range(args.repeats):
        for name, (path, _) in files.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "bvdata", "check", str(path), "--json"], cwd=ROOT,
                           stdout=subprocess.DEVNULL, check=True)
            check[name].append(time.perf_counter() - start)
    for measure, times in (("load", load), ("check", check)):
        twin = statistics.median(times["twin"])
        for name in ("twin", "table"):
            median = statistics.median(times[name])
            print(f"{measure}:{name}  {median * 1000:.0f} ms  ratio {median / twin:.2f}")


if __name__ == "__main__":
    main()
