"""Trackers other organisations keep, written from issue 23's descriptions (no one's real file is copied):
an audit body's recommendation-tracking workbook with many columns, a side block, a glossary sheet and an
Excel Table declared over 9,000 rows of which 11 are filled; and an internal-audit follow-up tracker."""
from __future__ import annotations

import datetime as dt
import io

from helpers import csv_bytes

AS_AT = dt.date(2022, 2, 14)

# --- the recommendation-tracking workbook ---------------------------------------------------------------
WIDE_HEADER = ["Recommendation Number", "Publication Date", "Report Title", "Page and Paragraph Reference",
               "Key Issues", "Recommendation Text", "Lead Body", "Additional Body", "Sector", "Classification",
               "Implementation Status", "Actual/Expected Implementation Date", "Summary of entity response",
               "SAIs Confirmation of Implementation", "Audit Year", "Link to Report", "Entity Type",
               "Follow-up Notes for Auditor", "Column1", "Column2"]
KNOWN = ["Recommendation Number", "Report Title", "Recommendation Text", "Lead Body", "Classification",
         "Implementation Status", "Actual/Expected Implementation Date",
         "Follow-up Notes for Auditor"]           # known by its words (issue 33): its notes
# (number, report, text, body, grade, status, date): as at 14 Feb 2022, complete 2 and 7; closed 5;
# overdue exactly 3 (31 Oct 2021), 8 (30 Nov 2021) and 10 (31 Jan 2022); not yet due 1, 4, 6, 9, 11
WIDE_ROWS = [
    (1, "Local government overview 2021", "Set out how recovery plans will be funded", "Council", "High",
     "Ongoing", dt.datetime(2022, 12, 31)),
    (2, "Local government overview 2021", "Report progress against the recovery plan publicly", "Council", "Medium",
     "Fully implemented", dt.datetime(2021, 6, 30)),
    (3, "Local government overview 2021", "Review workforce plans for digital skills", "Council", "Medium",
     "Ongoing", dt.datetime(2021, 10, 31)),
    (4, "Local government overview 2021", "Strengthen engagement with communities", "IJB", "Low",
     "Not implemented", dt.datetime(2022, 9, 30)),
    (5, "Local government overview 2021", "Publish a climate change action plan", "Council", "High",
     "Superseded", dt.datetime(2021, 3, 31)),
    (6, "Local government overview 2021", "Agree a medium-term financial strategy", "IJB", "High",
     "Partially implemented", dt.datetime(2022, 6, 30)),
    (7, "Health and social care integration 2022", "Align the strategic plan and the budget", "IJB", "High",
     "Fully implemented", dt.datetime(2021, 12, 31)),
    (8, "Health and social care integration 2022", "Clarify the directions policy", "IJB", "Medium",
     "Ongoing", dt.datetime(2021, 11, 30)),
    (9, "Health and social care integration 2022", "Set joint performance measures", "Council", "Medium",
     "Not implemented", dt.datetime(2022, 11, 30)),
    (10, "Health and social care integration 2022", "Share data between partners", "IJB", "Low",
     "Ongoing", dt.datetime(2022, 1, 31)),
    (11, "Health and social care integration 2022", "Review the scheme of delegation", "IJB", "Low",
     "Ongoing", dt.datetime(2023, 3, 31)),
]
TABLE_ROWS = 9_000          # the Excel Table's declared rows
FIRST_ROW, FIRST_COL = 6, 2  # the table starts at B6


def _wide_values(n: int, row) -> list:
    number, report, text, body, grade, status, when = row
    return [number, dt.datetime(2021, 5, 1), report, f"p.{10 + n}, para {n}", "Recovery and renewal", text, body,
            "", "Local government", grade, status, when, "Accepted by the council", "No", "2021/22",
            "https://example.org/report", "Council", "", 0, ""]


def wide_workbook(table_rows: int = TABLE_ROWS) -> bytes:
    """Sheets Start (a title only), Tracker (the table at B6 as an Excel Table of ``table_rows`` rows, 11
    filled, the rest blank but for the template defaults "No" and 0; a summary block beyond a blank column),
    Metrics (a glossary of the columns), Menu and Dashboard."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table
    wb = Workbook()
    start = wb.active
    start.title = "Start"
    start["B2"] = "Recommendation tracking workbook"
    ws = wb.create_sheet("Tracker")
    ws["B2"] = "Recommendations made in our reports"
    ws["B3"] = "Position as at 14 February 2022"
    for j, heading in enumerate(WIDE_HEADER):
        ws.cell(row=FIRST_ROW, column=FIRST_COL + j, value=heading)
    for n, row in enumerate(WIDE_ROWS, start=1):
        for j, value in enumerate(_wide_values(n, row)):
            if value != "":
                ws.cell(row=FIRST_ROW + n, column=FIRST_COL + j, value=value)
    for r in range(FIRST_ROW + len(WIDE_ROWS) + 1, FIRST_ROW + table_rows + 1):
        ws.cell(row=r, column=FIRST_COL + WIDE_HEADER.index("SAIs Confirmation of Implementation"), value="No")
        ws.cell(row=r, column=FIRST_COL + WIDE_HEADER.index("Column1"), value=0)
    last = get_column_letter(FIRST_COL + len(WIDE_HEADER) - 1)
    ws.add_table(Table(displayName="Recommendations", ref=f"B{FIRST_ROW}:{last}{FIRST_ROW + table_rows}"))
    side = FIRST_COL + len(WIDE_HEADER) + 1                # beyond one blank column
    ws.cell(row=FIRST_ROW, column=side, value="Unique Lead Body")
    ws.cell(row=FIRST_ROW, column=side + 1, value="Total Recommendations")
    for i, (body, count) in enumerate((("Council", 5), ("IJB", 6)), start=1):
        ws.cell(row=FIRST_ROW + i, column=side, value=body)
        ws.cell(row=FIRST_ROW + i, column=side + 1, value=count)
    metrics = wb.create_sheet("Metrics")
    metrics.append(["Column", "Description"])
    for heading in WIDE_HEADER:
        metrics.append([heading, f"What the {heading.lower()} column holds, and who fills it in."])
    menu = wb.create_sheet("Menu")
    for line in ("Tracker", "Metrics", "Dashboard"):
        menu.append([line, f"Go to {line}"])
    dashboard = wb.create_sheet("Dashboard")
    dashboard.append(["Status", "Recommendations"])
    for status, count in (("Fully implemented", 2), ("Ongoing", 5), ("Not implemented", 2)):
        dashboard.append([status, count])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the internal-audit follow-up tracker ---------------------------------------------------------------
FOLLOW_UP_HEADER = ["Audit Reference Number", "Audit Report", "Observations", "Observation Details", "Report Date",
                    "Priority", "Recommendation", "Management Response", "Target Date", "Revised Target Date",
                    "Completion Date", "Person Responsible", "Department of Person Responsible", "Status",
                    "Validated", "Testing Procedures", "Comments"]
REPORTS = ("Payroll 2021/22", "Procurement 2021/22", "Cyber security 2021/22")
# (ref, report, observation, priority, recommendation, response, target, revised, completed, person, dept,
#  status, validated). As at 14 Feb 2022: 9 items in 3 reports; complete IA-01 and IA-05 (Implemented, with
# dates) and IA-08 (status "Overdue" but completed on 31 Jan 2022: read as complete, one warning); closed
# IA-04 (risk accepted) and IA-09 (superseded); overdue exactly IA-02 (revised to 31 Dec 2021) and IA-06
# (status "Overdue", due 30 Nov 2021); not yet due IA-03 and IA-07.
FOLLOW_UP_ROWS = [
    ("IA-01", REPORTS[0], "Leavers paid after leaving", "High", "Reconcile leavers monthly",
     "Payroll will reconcile leavers to HR records each month", "30/09/2021", "", "15/09/2021", "Ann Smith",
     "Finance", "Implemented", "Yes"),
    ("IA-02", REPORTS[0], "Overtime not approved", "Medium", "Approve overtime before payment",
     "Managers will approve overtime in the HR system before it is paid", "30/09/2021", "31/12/2021", "", "Bob Jones",
     "Human Resources", "Overdue", "No"),
    ("IA-03", REPORTS[0], "Access not reviewed", "Low", "Review system access quarterly",
     "Access to the payroll system will be reviewed each quarter", "30/06/2022", "", "", "Ann Smith", "Finance",
     "Not yet due", "No"),
    ("IA-04", REPORTS[1], "Waivers not recorded", "Medium", "Record every waiver centrally",
     "Management accepts the risk: waivers are rare and approved by the Chief Officer", "31/12/2021", "", "",
     "Cara Brown", "Procurement", "Risk accepted", "N/A"),
    ("IA-05", REPORTS[1], "Contract register incomplete", "High", "Complete the contract register",
     "The contract register will be completed and published", "31/10/2021", "", "29/10/2021", "Cara Brown",
     "Procurement", "Implemented", "Yes"),
    ("IA-06", REPORTS[1], "No supplier performance reviews", "Medium", "Review key suppliers annually",
     "Key suppliers will be reviewed each year by their contract manager", "30/11/2021", "", "", "Dan Green",
     "Procurement", "Overdue", "No"),
    ("IA-07", REPORTS[2], "Patching delayed", "High", "Patch critical systems within 14 days",
     "IT will patch critical systems within 14 days of release", "31/05/2022", "", "", "Eve White", "IT",
     "Not yet due", "No"),
    ("IA-08", REPORTS[2], "No phishing training", "Medium", "Train all staff on phishing",
     "All staff will complete phishing training", "31/12/2021", "", "31/01/2022", "Eve White", "IT",
     "Overdue", "Yes"),
    ("IA-09", REPORTS[2], "Old firewall rules", "Low", "Review firewall rules",
     "Superseded by the network replacement project", "31/03/2022", "", "", "Eve White", "IT", "Superseded", "N/A"),
]


def _follow_up_rows() -> list[list]:
    out = [["Internal audit recommendations: follow-up"], ["Position as at 14 February 2022"], FOLLOW_UP_HEADER]
    for ref, report, obs, prio, rec, resp, target, revised, done, person, dept, status, validated in FOLLOW_UP_ROWS:
        out.append([ref, report, obs, f"Details of {obs.lower()}.", "01/04/2021", prio, rec, resp, target, revised,
                    done, person, dept, status, validated, "Sample of ten tested", ""])
    return out


def follow_up_csv() -> bytes:
    return csv_bytes(_follow_up_rows())


def follow_up_workbook() -> bytes:
    from helpers import xlsx_bytes
    return xlsx_bytes({"Follow-up": _follow_up_rows()})
