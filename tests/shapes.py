"""Trackers kept the other common ways, built from the seed's 40 real actions (sample_data/source).

Each builder states, in its docstring, the figures a reader must get from it; the tests assert them.
Only the progress column, the dates and the layout change: the actions, officers and numbers are the seed's.
"""
from __future__ import annotations

import csv
import datetime as dt

from helpers import csv_bytes, xlsx_bytes

from tests.conftest import ROOT

AS_AT = dt.date(2022, 2, 14)


def seed_rows() -> list[dict]:
    with open(ROOT / "sample_data" / "source" / "seed_actions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["due"] = dt.datetime.strptime(r["timescales"], "%d-%b-%y").date()
        r["pct"] = None if r["completion"] == "" else int(r["completion"].rstrip("%"))
    return rows


def rag_of(pct: int | None) -> str | None:
    """The colour a committee paper would give: Blue done, Green 75%+, Amber 25-74%, Red under 25%."""
    if pct is None:
        return None
    if pct == 100:
        return "Blue"
    return "Green" if pct >= 75 else "Amber" if pct >= 25 else "Red"


REVISED = {"5", "6", "7", "8", "9", "10"}   # the NHS partnership actions: end dates moved on a year


def rag_tracker() -> bytes:
    """RAG column, Original and Revised Due Date columns, committee title rows.

    As at 14 Feb 2022: 40 actions; 17 complete (Blue; action 1 written "Blue/Complete", read as Blue, and 6 "complete");
    overdue exactly 14 and 37 (nothing reported, due 31 Oct 2021 and 31 Mar 2020); revised 5-10;
    no update 19 and 35; actions 21 and 31 (0%, Red) are in progress, not "not started".
    """
    rows = [["Best Value Audit Implementation Plan"], ["Position as at 14 February 2022"], [],
            ["Ref", "Action", "Lead Officer", "Original Due Date", "Revised Due Date", "RAG Status", "Latest update"]]
    for r in seed_rows():
        rag = rag_of(r["pct"])
        if r["no"] == "1":
            rag = "Blue/Complete"
        elif r["no"] == "6":
            rag = "complete"
        original = dt.datetime(r["due"].year - 1, r["due"].month, min(r["due"].day, 28)) if r["no"] in REVISED else \
            dt.datetime.combine(r["due"], dt.time())
        revised = dt.datetime.combine(r["due"], dt.time()) if r["no"] in REVISED else None
        rows.append([int(r["no"]), r["action"], r["lead_officer"], original, revised, rag, r["notes"]])
    return xlsx_bytes({"Action plan": rows})


def word_of(pct: int | None) -> str | None:
    if pct is None:
        return None
    if pct == 100:
        return "Implemented"
    if pct >= 75:
        return "Partially implemented"
    return "Ongoing" if pct > 0 else "Not implemented"


# action -> the word written instead of the one its % would give
SPECIAL_WORDS = {"2": "fully implemented", "3": "Implmented", "30": "Superseded", "31": "Overtaken by events",
                 "39": "Withdrawn", "33": "On hold", "32": "Awaiting sign-off"}


def status_word_csv() -> bytes:
    """"Implementation status" words, dates as months ("Oct 2022") and quarters, a CSV.

    As at 14 Feb 2022 (its first line): 40 actions; complete 16 (the seed's 17 at 100%, less 39,
    withdrawn) plus 2 and 3 (written "fully implemented" and the misspelt "Implmented"), so 18;
    closed without completion 30, 31 and 39 (39 was due 31 Mar 2020: never overdue);
    paused 33; overdue exactly 14 and 37; one warning for the unknown word "Awaiting sign-off"
    (action 32, counted as no update); 1-4 due "Q3 2022/23" = 31 Dec 2022; 5 due "Q1 2022" = 31 Mar 2022.
    """
    rows = [["Position as at 14 February 2022"],
            ["Action No", "Action", "Owner", "Target date", "Implementation status", "Commentary"]]
    for r in seed_rows():
        word = SPECIAL_WORDS.get(r["no"], word_of(r["pct"]))
        due = "Q3 2022/23" if r["no"] in {"1", "2", "3", "4"} else "Q1 2022" if r["no"] == "5" else \
            r["due"].strftime("%b %Y")
        rows.append([r["no"], r["action"], r["lead_officer"], due, word or "", r["notes"]])
    return csv_bytes(rows)


REPORTS = {
    "Best Value Assurance Report 2019": [
        ("1", "Refresh the council plan with partners", "Council", "High", "Accepted", "Fully implemented", "March 2021"),
        ("2", "Strengthen self-evaluation across services", "Council", "Medium", "Accepted", "Ongoing", "Q4 2022/23"),
        ("3", "Improve public performance reporting", "Council", "Medium", "Partially accepted", "Ongoing", "Dec-21"),
        ("4", "Review the scheme of delegation", "Council", "Low", "Accepted", "Superseded", "June 2020"),
    ],
    "Annual Audit Report 2020/21": [
        ("5", "Set out a medium-term financial strategy", "Council", "High", "Accepted", "Fully implemented", "Sept 2021"),
        ("6", "Agree a workforce plan", "IJB", "High", "Accepted", "Ongoing", "Q2 2021/22"),
        ("7", "Publish the savings plan", "IJB", "Medium", "Rejected", "Not implemented", "Q1 2022"),
        ("8", "Report reserves against policy", "Council", "Low", "Accepted", "Deferred", "November 2021"),
    ],
    "Health and Social Care Integration 2021": [
        ("9", "Align the IJB's strategic plan and budget", "IJB", "High", "Accepted", "Partially implemented", "Q3 2022/23"),
        ("10", "Clarify the directions policy", "IJB", "Medium", "Accepted", "Fully implemented", "44500"),
        ("11", "Set joint performance measures", "IJB", "Medium", "Accepted", "Not implemented", "Q4 2021"),
        ("12", "Share data between partners", "IJB", "Low", "Accepted", "Ongoing", "Aug-22"),
    ],
}
HEADER = ["Recommendation Number", "Report Title", "Recommendation Text", "Lead Body", "Classification",
          "Acceptance Status", "Implementation Status", "Actual/Expected Implementation Date"]


def recommendation_workbook() -> bytes:
    """One row per recommendation from an audit body's tracking workbook, with view sheets and template rows.

    As at 14 Feb 2022: 12 recommendations in 3 reports (4 each); complete 1, 5 and 10; closed 4; paused 8;
    overdue exactly 3 (Dec 2021), 6 (Q2 2021/22 = 30 Sep 2021) and 11 (Q4 2021 = 31 Dec 2021);
    7 (Q1 2022 = 31 Mar 2022) is not yet due; priority High for 1, 5, 6 and 9; acceptance Rejected for 7.
    Sheets "Fully Implemented" and "Ongoing" repeat rows of the main sheet: views, never counted twice.
    Rows 13 to 20 are pre-numbered template rows (status "Not implemented" only): not items, one warning.
    """
    main = [["Recommendations tracker"], ["Position as at 14 February 2022"], HEADER]
    for report, items in REPORTS.items():
        for number, text, body, grade, accepted, status, date in items:
            main.append([number, report, text, body, grade, accepted, status, date])
    for number in range(13, 21):
        main.append([str(number), None, None, None, None, None, "Not implemented", None])
    everything = main[3:15]
    done = [r for r in everything if r[6] == "Fully implemented"]
    ongoing = [r for r in everything if r[6] == "Ongoing"]
    return xlsx_bytes({"All recommendations": main, "Fully Implemented": [HEADER] + done,
                       "Ongoing": [["Recommendations still in progress"], HEADER] + ongoing})


def committee_paper_presented() -> bytes:
    """The sample committee paper with its date given only as "Presented to Audit and Scrutiny
    Committee, 14 February 2022", and action 12's wording a HYPERLINK formula with no saved value.

    Read with no date typed: as at 14 Feb 2022; overdue exactly 14 and 37; action 12's wording is the
    formula's text, with one warning.
    """
    import io

    from openpyxl import load_workbook
    wb = load_workbook(ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx")
    ws = wb["Action Plan"]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "as at 14 February 2022" in cell.value:
                cell.value = "Presented to Audit and Scrutiny Committee, 14 February 2022"
            if cell.column == 1 and str(cell.value) == "12":
                ws.cell(row=cell.row, column=2).value = '=HYPERLINK("https://example.org/plan", "Use the budget consultation")'
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
