"""Benchmark (issue 26): reading the committee paper against reading the workbook of the same plan, in
the same run, interleaved.

    .venv/bin/python bench/bench_paper.py [--repeats 7]

Measures medians of ``load_tracker`` (the whole read: the door, the reader child, the tables) of
- the sample workbook (the baseline);
- the same 40 actions as a Word paper (tests/paper_fixtures.word_paper);
- its PDF, made by LibreOffice with the notes repeated until the paper runs to at least 20 pages.
Targets: the Word paper under 1 s; the 20-page PDF under 5 s.
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
sys.path[:0] = [str(ROOT)]


def pages_of(pdf: bytes) -> int:
    import pypdfium2
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    from bvdata import load_tracker
    from tests.paper_fixtures import pdf_of, soffice, word_paper
    files = {"workbook": ((ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx").read_bytes(), "plan.xlsx"),
             "word paper": (word_paper(), "paper.docx")}
    if soffice():
        folder = Path(tempfile.mkdtemp(prefix="bvpaper-"))
        longer, pdf = 1, b""
        while True:
            pdf = pdf_of(word_paper(longer_notes=longer), folder)
            if pages_of(pdf) >= 20 or longer > 8:
                break
            longer += 1
        files[f"pdf paper ({pages_of(pdf)} pages)"] = (pdf, "paper.pdf")
    else:
        print("LibreOffice is not installed: the PDF is not measured", file=sys.stderr)
    for data, name in files.values():                     # warm: imports, the reader child's start
        load_tracker(data, name)
    times: dict[str, list[float]] = {k: [] for k in files}
    counts = {}
    for _ in range(args.repeats):
        for what, (data, name) in files.items():
            start = time.perf_counter()
            tracker = load_tracker(data, name)
            times[what].append(time.perf_counter() - start)
            counts[what] = len(tracker.actions)
    base = statistics.median(times["workbook"])
    results = {}
    for what, values in times.items():
        median = statistics.median(values)
        results[what] = {"median_s": median, "ratio": median / base, "items": counts[what]}
        print(f"{what:<24} {median * 1000:>7.0f} ms  ratio {median / base:.2f}  ({counts[what]} items)")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "bench_paper.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
