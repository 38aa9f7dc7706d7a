"""Excel and CSV downloads of table views, safe to open: no cell from the data can run as a formula.

Any text cell that starts with =, +, -, @, tab, CR or LF gets a leading apostrophe (OWASP "CSV
Injection"); in .xlsx it is also written as a string cell, so a re-opened export holds no formula.
Characters a workbook cannot hold are dropped here too, whatever the caller passed (bvdata.base.cleantext).
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..base.cleantext import FORMULA_TRIGGERS, clean, fit_cell, neutralise  # noqa: F401 (re-exported)
from ..base.labels import column_labels, is_missing, labelled, officer_names
from ..base.words import words_of

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")

PERCENT_COLUMNS = {"completion", "mean_completion", "share_complete", "old_completion", "new_completion",
                   "old_mean_completion", "new_mean_completion"}
WIDTHS = {"action": 60, "notes": 80, "recommendation": 45, "justification": 50}


def safe_text(value: str) -> str:
    """Text as a cell of an export holds it: cleaned, never a formula, within Excel's cell limit."""
    return fit_cell(neutralise(clean(value)))


def to_csv_bytes(df: pd.DataFrame, words=None) -> bytes:
    """The table as CSV, its headings in the file's own words (``words``, bvdata.base.words)."""
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: safe_text(v) if isinstance(v, str) else v, na_action="ignore")
        elif pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].dt.strftime("%d/%m/%Y")
        elif column in PERCENT_COLUMNS:     # as the workbook shows them: whole percentages
            safe[column] = safe[column].map(lambda v: f"{v:.0f}%", na_action="ignore")
    # utf-8 with a byte-order mark, so Excel opens accents and dashes correctly
    safe = labelled(safe, words)
    safe.columns = [safe_text(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame], words=None) -> bytes:
    """A formatted workbook: real dates, percentages, widths, a frozen header and an autofilter; the
    headings in the file's own words (``words``, bvdata.base.words)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        _write_sheet(wb.create_sheet(_sheet_title(name)), df, column_labels(words))
    if not wb.sheetnames:
        wb.create_sheet("Empty")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    name = clean(name)
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return (name.strip() or "Sheet")[:31]


def _write_sheet(ws, df: pd.DataFrame, labels: dict[str, str]) -> None:
    columns = list(df.columns)
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=safe_text(labels.get(column, str(column))))
        cell.data_type = "s"
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, record in enumerate(df.itertuples(index=False), start=2):
        for j, (column, value) in enumerate(zip(columns, record), start=1):
            if is_missing(value):
                continue
            cell = ws.cell(row=i, column=j)
            if isinstance(value, pd.Timestamp):
                cell.value = value.to_pydatetime().date()
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, (dt.date, dt.datetime)):
                cell.value = value
                cell.number_format = "dd/mm/yyyy"
            elif column in PERCENT_COLUMNS and isinstance(value, (int, float)):
                cell.value = float(value) / 100
                cell.number_format = "0%"
            elif isinstance(value, str):
                cell.value = safe_text(value)
                cell.data_type = "s"   # never a formula, whatever it starts with
                if column in WIDTHS:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.value = value.item() if hasattr(value, "item") else value
    for j, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(column, max(12, min(30, len(labels.get(column, str(column))) + 4)))
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(df) + 1}"


DIGEST_COLUMNS = ["action_id", "action", "status_label", "due_date", "days_overdue", "completion", "notes",
                  "recommendation"]


def owner_digest(actions_with_status: pd.DataFrame, words=None) -> bytes:
    """One workbook for chasing updates: a summary sheet, then a sheet per lead officer with their
    open items, overdue first (most overdue at the top), then by due date; in the file's own words."""
    words = words_of(words)
    open_actions = actions_with_status[actions_with_status["status"] != "complete"].copy()
    open_actions["lead_officer"] = officer_names(open_actions["lead_officer"])
    open_actions["_overdue"] = open_actions["status"] == "overdue"
    open_actions = open_actions.sort_values(["lead_officer", "_overdue", "days_overdue", "due_date"],
                                            ascending=[True, False, False, True], na_position="last")
    summary = (open_actions.groupby("lead_officer")
               .agg(actions=("action_id", "size"), overdue=("_overdue", "sum")).reset_index()
               .rename(columns={"lead_officer": words.person, "actions": f"Open {words.item.plural}",
                                "overdue": "Overdue"}))
    sheets = {"Summary": summary}
    used = {"summary"}
    for officer, rows in open_actions.groupby("lead_officer", sort=True):
        name = _sheet_title(str(officer))
        base, n = name, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        sheets[name] = rows[DIGEST_COLUMNS]
    return to_xlsx_bytes(sheets, words)
