"""Blank workbooks for analysts to fill in."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from .exports import HEADER_FILL, HEADER_FONT
from .vocab import canonical_themes

TRACKER_HEADERS = ["Recommendation", "No.", "Action", "Timescales", "Lead Officer", "Report Ref",
                   "Service Lead", "% Completion", "Notes", "Theme"]
WIDTHS = [40, 8, 60, 14, 20, 14, 20, 14, 70, 30]


def tracker_template() -> bytes:
    """A blank tracker the reader accepts as it is: a tidy table with a Recommendation column."""
    wb = Workbook()
    about = wb.active
    about.title = "About"
    lines = [
        "Best Value audit implementation plan – blank tracker",
        "Fill in one row per action on the 'Action Plan' sheet. Put the plan's date in cell B1 of that sheet.",
        "Timescales: a date (dd/mm/yyyy). % Completion: 0% to 100%, or leave blank when there is no update.",
        "Theme (optional): one of the seven Best Value themes of the 2020 statutory guidance.",
        "Scores against the themes go on the 'Theme scores' sheet, one column per period.",
    ]
    for i, text in enumerate(lines, start=1):
        about.cell(row=i, column=1, value=text).font = Font(bold=(i == 1))
    about.column_dimensions["A"].width = 110

    ws = wb.create_sheet("Action Plan")
    ws["A1"] = "As at"
    ws["B1"].number_format = "dd/mm/yyyy"
    for j, (text, width) in enumerate(zip(TRACKER_HEADERS, WIDTHS), start=1):
        cell = ws.cell(row=3, column=j, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    for row in range(4, 504):
        ws.cell(row=row, column=4).number_format = "dd/mm/yyyy"
        ws.cell(row=row, column=8).number_format = "0%"
    themes = DataValidation(type="list", formula1='"' + ",".join(canonical_themes()) + '"', allow_blank=True)
    pct = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                         error="Completion is a percentage from 0% to 100%.", showErrorMessage=True)
    ws.add_data_validation(themes)
    ws.add_data_validation(pct)
    themes.add("J4:J503")
    pct.add("H4:H503")
    ws.freeze_panes = "A4"

    scores = wb.create_sheet("Theme scores")
    scores["A1"] = "Scale: 1 to 5"
    for j, text in enumerate(["Theme", "Period 1", "Period 2", "Target"], start=1):
        cell = scores.cell(row=3, column=j, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for i, theme in enumerate(canonical_themes(), start=4):
        scores.cell(row=i, column=1, value=theme)
    scores.column_dimensions["A"].width = 42
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
