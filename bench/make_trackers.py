"""Generates synthetic trackers for the benchmarks (never committed: bench/out/ is ignored).

Committee-paper layout like the sample: a title row per recommendation (50 actions each), its own
header row, and actions with real dates, % completion and notes of a few hundred characters.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

OUT = Path(__file__).with_name("out")
WORDS = ("review governance performance partnership community engagement plan report officers members "
         "benchmarking budget workforce locality strategy improvement delivery scrutiny committee").split()


def notes(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(35, 60))).capitalize() + "."


def make(n_actions: int, folder: Path = OUT, warnings: bool = False) -> Path:
    """``warnings``: every 20th action's completion is 150 %, one validation warning each (5,000 at 100,000)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tracker_{n_actions}_v2{'_warnings' if warnings else ''}.xlsx"
    if path.exists():
        return path
    rng = random.Random(n_actions)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Action Plan")
    ws.append(["Best Value Audit Implementation Plan (synthetic benchmark data)"])
    ws.append(["as at 14 February 2022"])
    header = [None, "ACTION", "Timescales", "Lead Officer", "Report Ref", "Service Lead", "% COMPLETION", "NOTES"]
    officers = [f"Officer {i}" for i in range(40)]
    start = dt.datetime(2020, 1, 31)
    for i in range(n_actions):
        if i % 50 == 0:
            ws.append([])
            ws.append([f"Recommendation {i // 50 + 1}: " + " ".join(rng.choice(WORDS) for _ in range(12))])
            ws.append(header)
        due = WriteOnlyCell(ws, value=start + dt.timedelta(days=rng.randint(0, 1500)))
        due.number_format = "dd-mmm-yy"
        pct = WriteOnlyCell(ws, value=1.5 if warnings and i % 20 == 7 else rng.choice([None, 0, 0.1, 0.25, 0.5, 0.75, 0.8, 0.9, 1, 1]))
        pct.number_format = "0%"
        ws.append([i + 1, " ".join(rng.choice(WORDS) for _ in range(20)), due, rng.choice(officers),
                   f"{rng.randint(1, 150)} - {rng.randint(151, 200)}", rng.choice(officers), pct, notes(rng)])
    scores = wb.create_sheet("Theme scores")
    scores.append(["Scale: 1 to 5"])
    scores.append(["Theme", "2020/21", "2021/22", "Target"])
    for theme in ("Vision and Leadership", "Governance and Accountability", "Effective Use of Resources",
                  "Partnerships and Collaborative Working", "Working with Communities", "Sustainable Development",
                  "Fairness and Equality"):
        scores.append([theme, rng.randint(1, 4), rng.randint(2, 5), 4])
    wb.save(path)
    return path


if __name__ == "__main__":
    for n in map(int, sys.argv[1:] or ["40", "2000", "20000", "100000"]):
        print(make(n))
