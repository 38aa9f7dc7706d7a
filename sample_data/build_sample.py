"""Builds the sample tracker from the seed's 40 real actions (sample_data/source/seed_actions.csv).

Run: python sample_data/build_sample.py   (the built .xlsx is committed; this script documents how)

The workbook copies the committee-paper layout of the council's progress update of 14 February 2022:
title rows, the amended-actions table, then per recommendation a merged title row, its own header
row and its actions, with the continuation tables where the paper has them. Action numbers that
the seed's text garbled (5, 7, 11-13 and 27) are restored from their order. The theme scores are
ILLUSTRATIVE: the seeds hold none, and the workbook says so on the sheet itself.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).parent
OUT = HERE / "bv_tracker_2022-02-14.xlsx"
EARLIER = HERE / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"
HEADERS = ["", "ACTION", "Timescales", "Lead Officer", "Report Ref", "Service Lead", "% COMPLETION", "NOTES"]
# where the seed starts a new table without a new title (continuation tables)
CONTINUATION_BEFORE = {"8", "14", "19"}
# the seed's later tables write these two headers differently
UPPER_SERVICE_LEAD_FROM = 22

AMENDED = [
    ("23", "Hold 2 CMT meetings per quarter in council premises out with HQ.",
     "There is a need to reflect upon the changing landscape of how we communicate within the organisation "
     "following our advancements with digital technology in response to home working."),
    ("24", "Develop a communications plan for staff engagement and undertake a structured survey of all staff "
     "using the online survey tool.",
     "This action has been updated to ensure the organisation continues to learn from and exploit opportunities "
     "brought about by the pandemic."),
    ("36", "Align the approach & sequencing of performance monitoring for Executive Committee, Corporate Management "
     "Team and Directorate Management Team's, incorporating a programme of service level deep dives.",
     "Adapting the phrasing of 'service level deep dives' to 'service improvement deep dives' ensures clarity and "
     "improved focus of deep dives. Focussing on what needs to improve better supports the organisational culture "
     "of continuous improvement."),
]

THEME_SCORES = [  # ILLUSTRATIVE self-assessment, scale 1-5
    ("Vision and Leadership", 3, 3.5, 4),
    ("Governance & Accountability", 3, 3, 4),
    ("Effective Use of Resources", 2.5, 3, 4),
    ("Partnerships and Collaborative Working", 2, 2.5, 4),
    ("Working with Communities", 2.5, 3, 4),
    ("Sustainability", 2, 2, 4),
    ("Fairness and Equality", 3, 3, 4),
]

# ILLUSTRATIVE: the seed gives no theme per action; this maps each recommendation to the 2020 guidance
# theme it most plainly serves, so the Themes page's gap view has something to show.
RECOMMENDATION_THEME = {
    "Embed a culture": "Effective Use of Resources",
    "Seek to improve partnership": "Partnerships and Collaborative Working",
    "Improve how the Community Planning": "Working with Communities",
    "Establish a structured programme": "Effective Use of Resources",
    "Update its people plan": "Effective Use of Resources",
    "Support members Continuing": "Vision and Leadership",
    "Ensure performance reports": "Governance and Accountability",
    "These are Additional Points": "Governance and Accountability",
}
SELF_ASSESSMENT = HERE / "self_assessment_2022-23_ILLUSTRATIVE.xlsx"

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")


def read_actions() -> list[dict]:
    with open(HERE / "source" / "seed_actions.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def parse_seed_date(text: str) -> dt.datetime:
    return dt.datetime.strptime(text.strip(), "%d-%b-%y")


def parse_seed_completion(text: str):
    text = text.strip()
    return None if not text else int(text.rstrip("%")) / 100


def write_header(ws, row: int, number: int, with_theme: bool = False) -> None:
    headers = list(HEADERS) + (["Theme (illustrative)"] if with_theme else [])
    if number >= UPPER_SERVICE_LEAD_FROM:
        headers[5] = "SERVICE LEAD"
    if number in (22, 23, 24):
        headers[7] = "UPDATE"
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text or None)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP


def earlier_version(actions: list[dict]) -> list[dict]:
    """An ILLUSTRATIVE tracker as at 08 Feb 2021, the previous committee update the seed mentions.

    Made up from the real one, deterministically: completion lower than a year later, the original
    wording of the three amended actions, and the end dates before they were "reviewed and amended".
    """
    original = {number: text for number, text, _ in AMENDED}
    earlier = []
    for a in actions:
        a = dict(a)
        number = int(a["no"])
        pct = parse_seed_completion(a["completion"])
        step = (0, 0.1, 0.25, 0.5)[number % 4]
        if pct is not None:
            a["completion"] = f"{round(max(0.0, pct - step) * 100)}%"
        if a["no"] in original:
            a["action"] = original[a["no"]]
        due = parse_seed_date(a["timescales"])
        if due.year == 2022 and number % 3 == 0:  # later pushed back: the first end date was a year earlier
            a["timescales"] = due.replace(year=2021).strftime("%d-%b-%y")
        if number % 5 == 0:
            a["notes"] = "Update due at the next committee."
        earlier.append(a)
    return earlier


def build(path: Path = OUT, actions: list[dict] | None = None, as_at: str = "14 February 2022",
          illustrative: bool = False) -> Path:
    actions = actions or read_actions()
    wb = Workbook()
    about = wb.active
    about.title = "About"
    about["A1"] = "Best Value Audit Implementation Plan – sample tracker"
    about["A1"].font = Font(bold=True, size=14)
    notes = [
        "The actions on the 'Action Plan' sheet are the 40 real actions of a Scottish council's Best Value Audit "
        "Implementation Plan, as reported to its Audit and Scrutiny Committee on 14 February 2022.",
        "Action numbers garbled in the published text (5, 7, 11, 12, 13 and 27) are restored from their order.",
        "The scores on the 'Theme scores' sheet are ILLUSTRATIVE ONLY: the source documents contain no theme "
        "self-assessment, so plausible values were made up to show the dashboard's Themes page.",
        "The 'Theme (illustrative)' column is ILLUSTRATIVE too: each recommendation is mapped to the 2020 guidance "
        "theme it most plainly serves; the council's paper gives no theme per action.",
    ]
    if illustrative:
        notes = ["ILLUSTRATIVE ONLY: this earlier update is made up from the real one of 14 February 2022 "
                 "(lower completion, original wording, earlier end dates) so that the dashboard's Compare page "
                 "has a previous snapshot to show. It is not the council's real February 2021 position."] + notes
    for i, text in enumerate(notes, start=3):
        about.cell(row=i, column=1, value=text).alignment = WRAP
    about.column_dimensions["A"].width = 120

    ws = wb.create_sheet("Action Plan")
    ws["A1"] = "Best Value Audit Implementation Plan"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"] = "Progress Update"
    ws["A3"] = f"as at {as_at}"
    row = 5
    if not illustrative:
        ws.cell(row=row, column=1, value="AMENDED ACTIONS").font = BOLD
    row += 1
    amended_by_id = {a["no"]: a["action"] for a in read_actions()}
    if not illustrative:  # the earlier update predates the amendments
        for col, text in enumerate(["No.", "ORIGINAL ACTION", "AMENDED ACTION", "JUSTIFICATION FOR CHANGE"], start=1):
            c = ws.cell(row=row, column=col, value=text)
            c.font, c.fill = HEADER_FONT, HEADER_FILL
        for number, original, justification in AMENDED:
            row += 1
            for col, value in enumerate([int(number), original, amended_by_id[number], justification], start=1):
                ws.cell(row=row, column=col, value=value).alignment = WRAP

    current = None
    for action in actions:
        number = int(action["no"])
        if action["recommendation"] != current:
            current = action["recommendation"]
            row += 2
            ws.cell(row=row, column=1, value=current).font = BOLD
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
            row += 1
            write_header(ws, row, number, not illustrative)
        elif action["no"] in CONTINUATION_BEFORE:
            row += 2
            write_header(ws, row, number, not illustrative)
        row += 1
        values = [number, action["action"], parse_seed_date(action["timescales"]), action["lead_officer"],
                  action["report_ref"] or None, action["service_lead"], parse_seed_completion(action["completion"]),
                  action["notes"] or None]
        if not illustrative:
            values.append(next(t for start, t in RECOMMENDATION_THEME.items() if action["recommendation"].startswith(start)))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment = WRAP
        ws.cell(row=row, column=3).number_format = "dd-mmm-yy"
        ws.cell(row=row, column=7).number_format = "0%"
    for col, width in enumerate([6, 60, 12, 20, 14, 20, 14, 90, 30], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    scores = wb.create_sheet("Theme scores")
    scores["A1"] = "Best Value self-assessment – ILLUSTRATIVE scores, made up for the sample (the source documents hold none)"
    scores["A2"] = "Scale: 1 to 5 (1 = significant improvement needed, 5 = excellent)"
    headers = ["Theme", "2020/21", "Target"] if illustrative else ["Theme", "2020/21", "2021/22", "Target"]
    for col, text in enumerate(headers, start=1):
        c = scores.cell(row=4, column=col, value=text)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
    for i, (theme, first, second, target) in enumerate(THEME_SCORES, start=5):
        values = [theme, first, target] if illustrative else [theme, first, second, target]
        for col, value in enumerate(values, start=1):
            scores.cell(row=i, column=col, value=value)
    scores.column_dimensions["A"].width = 42
    wb.save(path)
    return path


def build_self_assessment(path: Path = SELF_ASSESSMENT) -> Path:
    """An ILLUSTRATIVE scored self-assessment: most characteristics scored, a few left blank, evidence on some."""
    import io
    import random
    import sys
    sys.path.insert(0, str(HERE.parent))
    from openpyxl import load_workbook
    from bvdata.papers.templates import self_assessment_template
    wb = load_workbook(io.BytesIO(self_assessment_template(period="2022/23")))
    wb["About"]["B4"] = "Illustrative assessor (made-up sample)"
    wb["About"]["B5"] = dt.datetime(2022, 6, 1)
    wb["About"]["A10"] = ("ILLUSTRATIVE ONLY: these scores and evidence are made up to demonstrate the dashboard; "
                          "they are not any body's real self-assessment.")
    rng = random.Random(2022)
    centre = {"1": 3.5, "2": 3, "3": 3, "4": 2.5, "5": 3, "6": 2, "7": 3}
    refs = {"1": "29, 30", "2": "34, 36", "3": "25, 26", "4": "5, 8", "5": "11, 16", "6": "", "7": ""}
    for ws in wb.worksheets[2:]:
        number = ws.title.split()[0]
        for row in range(5, ws.max_row + 1):
            if ws.cell(row=row, column=3).value is None or rng.random() < 0.12:
                continue
            ws.cell(row=row, column=4, value=max(1, min(5, round(centre[number] + rng.choice([-1, 0, 0, 1])))))
            if rng.random() < 0.4:
                ws.cell(row=row, column=5, value=f"Illustrative evidence: committee report ref {rng.randint(10, 99)}/22.")
                ws.cell(row=row, column=6, value=refs[number] or None)
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build())
    print(build_self_assessment())
    print(build(EARLIER, earlier_version(read_actions()), "08 February 2021", illustrative=True))
