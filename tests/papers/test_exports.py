import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from bvdata import load_tracker
from bvdata.papers.exports import neutralise, to_csv_bytes, to_xlsx_bytes
from bvdata.papers.templates import tracker_template

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
    data = to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.splitlines()[0] == "No.,Notes,Action,Timescales,% Completion"
    assert "'=1+1" in text and "'@SUM(1)" in text
    assert "31/03/2022" in text


def test_blank_template_reads_back_as_an_empty_tracker():
    t = load_tracker(tracker_template(), "template.xlsx")
    assert len(t.actions) == 0
    assert not t.warnings
    assert t.themes.frame["theme"].nunique() == 7


def test_owner_digest_a_sheet_per_officer_overdue_first(sample_tracker):
    from bvdata.model.status import with_status
    from bvdata.papers.exports import owner_digest
    df = with_status(sample_tracker.actions, sample_tracker.as_at)
    wb = load_workbook(io.BytesIO(owner_digest(df)))
    # the seed's open actions are led by six people (C Hepburn / C Myers as one joint lead)
    assert wb.sheetnames == ["Summary", "C Hepburn   C Myers", "Chris Myers", "Clair Hepburn", "Jenni Craig",
                             "Jenny Wilkinson", "John Curry"]
    clair = wb["Clair Hepburn"]
    ids = [row[0].value for row in clair.iter_rows(min_row=2)]
    assert ids[0] == "37"                       # her overdue action leads
    open_ids = set(df.loc[(df["status"] != "complete") & (df["lead_officer"] == "Clair Hepburn"), "action_id"])
    assert set(ids) == open_ids


def test_digest_sheet_names_are_valid_and_unique():
    from bvdata.papers.exports import owner_digest
    df = pd.DataFrame({"action_id": ["1", "2"], "action": ["a", "b"], "status": ["overdue", "in_progress"],
                       "status_label": ["Overdue", "In progress"], "due_date": pd.to_datetime(["2020-01-01", None]),
                       "days_overdue": pd.array([10, None], dtype="Int64"), "completion": [0.0, 50.0],
                       "notes": ["", ""], "recommendation": ["R", "R"],
                       "lead_officer": ["A/B: Smith [interim] with a very long name indeed", "a/b: smith [interim] with a very long name indeed!"]})
    wb = load_workbook(io.BytesIO(owner_digest(df)))
    assert len(wb.sheetnames) == 3 and all(len(n) <= 31 for n in wb.sheetnames)


def test_export_cli_csv_and_xlsx_have_no_live_formula(tmp_path):
    import subprocess
    import sys

    from helpers import csv_bytes

    from tests.conftest import ROOT
    src = tmp_path / "hostile.csv"
    src.write_bytes(csv_bytes([["No.", "Action", "Timescales", "Notes"]] +
                              [[str(i), f"a{i}", "31/03/2020", note] for i, note in enumerate(HOSTILE[:4], 1)]))
    for view in ("actions", "overdue"):
        for ext in ("csv", "xlsx"):
            out = tmp_path / f"{view}.{ext}"
            proc = subprocess.run([sys.executable, "-m", "bvdata", "export", str(src), "--out", str(out), "--view", view],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
            if ext == "xlsx":
                ws = load_workbook(out).active
                assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
                assert all(not (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")))
                           for row in ws.iter_rows() for c in row)
            else:
                import csv as csvmod
                rows = list(csvmod.reader(out.read_text(encoding="utf-8-sig").splitlines()))
                assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_exports_are_safe_on_their_own_with_control_characters():
    """Finding (issue 21): a cell with a control character made export --out x.xlsx fail."""
    dirty = pd.DataFrame({"action_id": ["1"], "action": ["Do\x0b it"], "notes": ["=\x01x"],
                          "lead_officer": ["A\x0cB"]})
    ws = load_workbook(io.BytesIO(to_xlsx_bytes({"Act\x0bions": dirty}))).worksheets[0]
    assert [c.value for c in ws[2]] == ["1", "Do it", "'=x", "AB"]
    assert "\x0b" not in to_csv_bytes(dirty).decode("utf-8-sig")


def test_text_longer_than_an_excel_cell_is_cut_and_says_so():
    ws = load_workbook(io.BytesIO(to_xlsx_bytes({"A": pd.DataFrame({"notes": ["x" * 40_000]})}))).worksheets[0]
    assert len(ws["A2"].value) == 32_767 and ws["A2"].value.endswith("[cut at Excel's 32,767-character cell limit]")
