import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from bvdata.exports import neutralise, to_csv_bytes, to_xlsx_bytes
from bvdata.templates import tracker_template
from bvdata import load_tracker

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "\nx", "=HYPERLINK(\"http://x\")"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_triggers_are_neutralised(value):
    assert neutralise(value).startswith("'")


@pytest.mark.parametrize("value", ["plain", "", "5-10 days", 3, None])
def test_safe_values_untouched(value):
    assert neutralise(value) == value


def frame():
    return pd.DataFrame({
        "action_id": ["1", "2"], "notes": [HOSTILE[0], "fine"], "action": ["@SUM(1)", "ok"],
        "due_date": pd.to_datetime(["2022-03-31", None]), "completion": [50.0, None],
    })


def test_xlsx_export_has_no_formula_and_is_formatted():
    wb = load_workbook(io.BytesIO(to_xlsx_bytes({"Actions": frame()})))
    ws = wb["Actions"]
    assert [c.value for c in ws[1]] == ["No.", "Notes", "Action", "Timescales", "% Completion"]
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert ws["B2"].value == "'=1+1"
    assert ws["D2"].number_format == "dd/mm/yyyy" and ws["D2"].value.year == 2022
    assert ws["E2"].value == 0.5 and ws["E2"].number_format == "0%"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"


def test_csv_export_neutralised_with_bom():
    text = to_csv_bytes(frame()).decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM(1)" in text
    assert "31/03/2022" in text


def test_blank_template_reads_back_as_an_empty_tracker():
    t = load_tracker(tracker_template(), "template.xlsx")
    assert len(t.actions) == 0
    assert not t.warnings
    assert t.themes.frame["theme"].nunique() == 7
