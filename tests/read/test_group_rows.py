"""Issue 33, item 4: group rows in every format. A row with a number or code in its first cell and its
wording once, or merged across the rest, and no status or date starts a group: in a CSV (the numbers of the
rows under it extend its own), in a workbook (merged or copied across) and in a Word paper (merged cells)."""
import io

import pytest
from helpers import csv_bytes, xlsx_bytes

from bvdata import load_tracker

HEADER = ["No.", "Action", "Lead officer", "Due date", "Status"]
ITEMS = {"1": [["1.1", "Refresh the plan", "A Smith", "31/03/2023", "Complete"],
               ["1.2", "Train members", "B Jones", "30/06/2023", "In progress"]],
         "2": [["2.1", "Publish a plan", "C Brown", "30/09/2023", "Not started"],
               ["2.2", "Survey tenants", "C Brown", "30/09/2023", "Complete"]]}
GROUPS = {"1": "Improve governance and scrutiny", "2": "Strengthen community engagement"}
EXPECTED = ["1 Improve governance and scrutiny"] * 2 + ["2 Strengthen community engagement"] * 2


def rows(merged: bool) -> list[list]:
    out = [HEADER]
    for number, items in ITEMS.items():
        out.append([number] + ([GROUPS[number]] * 4 if merged else [GROUPS[number], "", "", ""]))
        out.extend(items)
    return out


def docx_paper(table_rows: list[list]) -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph("Best Value action plan as at 14 February 2022")
    table = document.add_table(rows=len(table_rows), cols=len(HEADER))
    table.style = "Table Grid"            # ruled, as committee papers are: a PDF's table is found by its lines
    for r, row in enumerate(table_rows):
        if len(set(row[1:])) == 1 and row[1]:            # a group row: its wording merged across
            merged = table.cell(r, 1).merge(table.cell(r, len(HEADER) - 1))
            table.cell(r, 0).text, merged.text = row[0], row[1]
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make, name", [
    (lambda: csv_bytes(rows(False)), "plan.csv"),
    (lambda: xlsx_bytes({"Plan": rows(False)}), "plan.xlsx"),
    (lambda: xlsx_bytes({"Plan": rows(True)}), "merged.xlsx"),
    (lambda: docx_paper(rows(True)), "paper.docx"),
])
def test_a_numbered_row_with_only_its_wording_starts_a_group(make, name):
    tracker = load_tracker(make(), name)
    assert list(tracker.actions["action_id"]) == ["1.1", "1.2", "2.1", "2.2"]
    assert list(tracker.actions["recommendation"]) == EXPECTED
    assert not any("template rows" in w.message for w in tracker.warnings)


def test_an_item_with_only_its_wording_is_still_an_item():
    """No evidence that it heads anything (the next number does not extend it, nothing is merged): an item
    not started yet, never a group."""
    table = [HEADER, ["1", "Refresh the plan", "A Smith", "31/03/2023", "Complete"],
             ["2", "Train members", "", "", ""], ["3", "Review the scheme", "B Jones", "30/06/2023", "In progress"]]
    tracker = load_tracker(csv_bytes(table), "plan.csv")
    assert list(tracker.actions["action_id"]) == ["1", "2", "3"]


def test_a_paper_printed_to_pdf_keeps_its_group_rows(tmp_path):
    from paper_fixtures import pdf_of, soffice
    if soffice() is None:
        import os
        if os.environ.get("BVDATA_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice is required here (BVDATA_REQUIRE_OFFICE=1) but soffice is not installed")
        pytest.skip("LibreOffice is not installed")
    tracker = load_tracker(pdf_of(docx_paper(rows(True)), tmp_path), "paper.pdf")
    assert list(tracker.actions["action_id"]) == ["1.1", "1.2", "2.1", "2.2"]
    assert list(tracker.actions["recommendation"]) == EXPECTED
