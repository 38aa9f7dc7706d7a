"""Benchmark: the Compare page's warm server run with 50 snapshots of 2,000 actions each, beside the
same page on the two-snapshot sample history in the same run (the baseline).

    .venv/bin/python bench/bench_compare.py [--snapshots 50] [--actions 2000] [--repeats 7]

Target (issue 4): under 500 ms.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]
from bench_pages import warm_median  # noqa: E402


def build_store(home: Path, snapshots: int, actions: int) -> None:
    from bvdata import load_tracker
    from bvdata.store.engine import open_store
    from bvdata.store.publishing import publish
    os.environ["BVDATA_HOME"] = str(home)
    engine = open_store()
    rng = random.Random(7)
    completion = [rng.choice([None, 0, 10, 25, 50]) for _ in range(actions)]
    due = [f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice([2022, 2023, 2024])}" for _ in range(actions)]
    for s in range(snapshots):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Recommendation", "No.", "Action", "Timescales", "Lead Officer", "% Complete", "Notes"])
        for i in range(actions):
            if completion[i] is not None and rng.random() < 0.2:
                completion[i] = min(100, completion[i] + 10)
            if rng.random() < 0.05:
                day, month, year = due[i].split("/")
                due[i] = f"{day}/{month}/{int(year) + 1}"
            writer.writerow([f"Recommendation {i // 50 + 1}", str(i + 1), f"Action {i + 1} wording", due[i],
                             f"Officer {i % 40}", "" if completion[i] is None else f"{completion[i]}%",
                             f"Update {s} " + "x" * 200])
        data = out.getvalue().encode()
        publish(engine, load_tracker(data, f"snapshot_{s}.csv"), data, label=f"Update {s + 1}", confirm_drop=True)


def warm_compare(home: Path, repeats: int) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    os.environ["BVDATA_HOME"] = str(home)
    os.environ.pop("BVDATA_TRACKER", None)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300).run()
    return warm_median(at, "pages/compare.py", repeats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshots", type=int, default=50)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    small, big = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    start = time.perf_counter()
    build_store(big, args.snapshots, args.actions)
    print(f"built {args.snapshots} snapshots of {args.actions:,} actions in {time.perf_counter() - start:.0f} s")
    baseline = warm_compare(small, args.repeats)        # empty store: seeded with the 2-snapshot sample
    loaded = warm_compare(big, args.repeats)
    print(f"Compare page warm run, median of {args.repeats}: sample history {baseline * 1000:.0f} ms; "
          f"{args.snapshots} x {args.actions:,} actions {loaded * 1000:.0f} ms; ratio {loaded / baseline:.1f}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_compare.json").write_text(json.dumps(
        {"snapshots": args.snapshots, "actions": args.actions, "baseline_s": baseline, "loaded_s": loaded}, indent=2))


if __name__ == "__main__":
    main()
