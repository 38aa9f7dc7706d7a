"""Fidelity (issue 33): read N trackers of the zoo (tests/zoo), each built from the parts real files vary
with its answer known by construction, and count how each came out:

    right N     every figure as the file says (items, numbers, states, due dates, leads, groups)
    refused N   refused in one sentence
    wrong N     accepted, with any figure differing: the failure this product must never have

    .venv/bin/python bench/bench_fidelity.py --n 500 --seed S [--formats csv,txt,xlsx,ods,docx,pdf,html.pdf]

The seed draws the N trackers; the same seed gives the same trackers. The first wrong and refused cases are
listed after the counts, with the seed that rebuilds each (tests/zoo/build.py: spec_of(seed)). PDFs need
LibreOffice (pdf) and Debian's Chromium (html.pdf); leave them out with --formats where they are missing.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from zoo.build import FORMATS, judge, render, spec_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None, help="default: a new one, printed")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--show", type=int, default=10, help="how many wrong and refused cases to list")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    formats = tuple(f for f in args.formats.split(",") if f)
    draw = random.Random(seed)
    counts: Counter = Counter()
    cases: dict[str, list[str]] = {"wrong": [], "refused": []}
    by_format: dict[str, Counter] = {}
    seconds: list[float] = []
    for _ in range(args.n):
        spec = spec_of(draw.randrange(2**31), formats)
        data, name = render(spec)
        start = time.perf_counter()
        verdict = judge(spec, data, name)
        seconds.append(time.perf_counter() - start)
        counts[verdict.outcome] += 1
        by_format.setdefault(spec.fmt, Counter())[verdict.outcome] += 1
        if verdict.outcome in cases:
            cases[verdict.outcome].append(f"  {verdict.outcome} spec_of({spec.seed}) [{spec.fmt}, status {spec.status}, "
                                          f"groups {spec.grouping}]: {verdict.why[:160]}")
    print(f"right {counts['right']}")
    print(f"refused {counts['refused']}")
    print(f"wrong {counts['wrong']}")
    print(f"seed {seed}")
    print(f"n {args.n}; read time per tracker: median {statistics.median(seconds) * 1000:.0f} ms")
    for fmt, c in sorted(by_format.items()):
        print(f"  {fmt:<9} right {c['right']:>4}  refused {c['refused']:>3}  wrong {c['wrong']:>3}")
    for outcome in ("wrong", "refused"):
        for line in cases[outcome][:args.show]:
            print(line)


if __name__ == "__main__":
    main()
