"""Blank workbooks for analysts to fill in: a tracker the reader accepts as it is, and a self-assessment
against a framework's characteristics (bvdata.read.assembly.framework reads it back)."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..base.vocab import canonical_headers, canonical_themes
from ..read.assembly.framework import SHEET_FIELDS, Framework, load_framework
from .exports import HEADER_FILL, HEADER_FONT

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


def _sheet_name(theme_number: int, theme: str) -> str:
    return f"{theme_number} {theme}"[:31]


def self_assessment_template(framework: Framework | None = None, period: str = "") -> bytes:
    """A blank workbook: an About sheet, a Scale sheet, then a sheet per theme with a row per characteristic."""
    framework = framework or load_framework()
    low, high = framework.scale[0][0], framework.scale[-1][0]
    wb = Workbook()
    about = wb.active
    about.title = "About"
    about["A1"] = "Best Value self-assessment against the 2020 statutory guidance"
    about["A1"].font = Font(bold=True, size=14)
    rows = [("Period", period or ""), ("Assessor", ""), ("Date", None), ("Scale", f"Scale: {low} to {high}")]
    for i, (label, value) in enumerate(rows, start=3):
        about.cell(row=i, column=1, value=label).font = Font(bold=True)
        about.cell(row=i, column=2, value=value)
    about["B5"].number_format = "dd/mm/yyyy"
    about["A8"] = ("Score each characteristic on the theme sheets from the drop-down, give the evidence and the "
                   "numbers of any improvement actions that address it. Leave a score blank if it is not assessed.")
    about["A8"].alignment = Alignment(wrap_text=True)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 70

    scale = wb.create_sheet("Scale")
    scale.append(["Score", "Descriptor"])
    for heading in scale[1]:
        heading.font, heading.fill = HEADER_FONT, HEADER_FILL
    for score, descriptor in framework.scale:
        scale.append([score, descriptor])
    scale.column_dimensions["B"].width = 80

    for (number, theme), rows_ in framework.characteristics.groupby(["theme_number", "theme"], sort=False):
        ws = wb.create_sheet(_sheet_name(number, theme))
        ws["A1"] = f"Theme {number}: {theme}"
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = f"Scale: {low} to {high} (see the Scale sheet)"
        headings = canonical_headers("self_assessment")
        for j, text in enumerate((headings[f] for f in SHEET_FIELDS), start=1):
            heading = ws.cell(row=4, column=j, value=text)
            heading.font, heading.fill = HEADER_FONT, HEADER_FILL
        for i, r in enumerate(rows_.itertuples(), start=5):
            ws.cell(row=i, column=1, value=r.area or None)
            ws.cell(row=i, column=2, value=r.number)
            ws.cell(row=i, column=3, value=r.characteristic).alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row=i, column=5).alignment = Alignment(wrap_text=True, vertical="top")
        last = 4 + len(rows_)
        choice = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                                allow_blank=True, showErrorMessage=True,
                                error=f"Scores run from {low} to {high}: see the Scale sheet.")
        ws.add_data_validation(choice)
        choice.add(f"D5:D{last}")
        for col, width in zip("ABCDEF", (22, 6, 90, 8, 60, 18)):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
