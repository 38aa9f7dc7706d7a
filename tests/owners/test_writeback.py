"""Accepted values written back into the analyst's own workbook: into the right cells, every other cell
(value and style), merged range, column width and sheet left as it was, and the file read again gives
the same actions with the new values."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from bvdata import load_tracker
from bvdata.base.errors import StoreError
from bvdata.owners.writeback import Change, cell_columns, write_back
from tests.conftest import SAMPLE
from tests.helpers import csv_bytes, xlsx_bytes
from tests.shapes import committee_paper_presented, rag_tracker, status_word_csv

SHEET = "Action Plan"


def _style(cell) -> tuple:
    return tuple(repr(part) for part in (cell.font, cell.fill, cell.border, cell.alignment, cell.protection,
                                         cell.number_format))


def _untouched_cells_unchanged(before: bytes, after: bytes, touched: set[tuple[str, str]]) -> int:
    old, new = load_workbook(io.BytesIO(before)), load_workbook(io.BytesIO(after))
    assert old.sheetnames == new.sheetnames
    compared = 0
    for ws in old.worksheets:
        other = new[ws.title]
        assert {str(r) for r in ws.merged_cells.ranges} == {str(r) for r in other.merged_cells.ranges}
        assert {k: d.width for k, d in ws.column_dimensions.items()} == \
            {k: d.width for k, d in other.column_dimensions.items()}
        assert {k: d.height for k, d in ws.row_dimensions.items()} == {k: d.height for k, d in other.row_dimensions.items()}
        for row in ws.iter_rows(min_row=1, max_row=max(ws.max_row, other.max_row),
                                max_col=max(ws.max_column, other.max_column)):
            for cell in row:
                if (ws.title, cell.coordinate) in touched:
                    continue
                twin = other[cell.coordinate]
                assert twin.value == cell.value, (ws.title, cell.coordinate)
                assert _style(twin) == _style(cell), (ws.title, cell.coordinate)
                compared += 1
    return compared


def test_the_seeds_committee_paper_layout_takes_the_values_in_its_own_cells():
    data = SAMPLE.read_bytes()
    changes = [Change(SHEET, 13, "completion", 80.0), Change(SHEET, 14, "due", dt.date(2023, 3, 31)),
               Change(SHEET, 14, "notes", "23/11/2026 clair@example.org: Survey issued")]
    after = write_back(data, SAMPLE.name, changes, as_at=dt.date(2026, 11, 23))
    sheet = load_workbook(io.BytesIO(after))[SHEET]
    assert sheet["A3"].value == "as at 23 November 2026"              # the title restated to the new date
    # hand-read from the seed: row 13 is action 1, G is "% COMPLETION" (fractions, 0% format), C "Timescales"
    assert sheet["G13"].value == pytest.approx(0.8) and sheet["G13"].number_format == "0%"
    assert sheet["C14"].value == dt.datetime(2023, 3, 31) and sheet["C14"].number_format == "dd-mmm-yy"
    assert sheet["H14"].value.startswith("As Action 1.") and sheet["H14"].value.endswith("\n23/11/2026 clair@example.org: Survey issued")
    assert _untouched_cells_unchanged(data, after, {(SHEET, "A3"), (SHEET, "G13"), (SHEET, "C14"), (SHEET, "H14")}) > 400
    assert load_tracker(after, SAMPLE.name).as_at == dt.date(2026, 11, 23)
    before, again = load_tracker(data, SAMPLE.name).actions, load_tracker(after, SAMPLE.name).actions
    assert again.loc[0, "completion"] == 80 and again.loc[1, "due_date"] == dt.datetime(2023, 3, 31)
    assert again.drop(columns=["completion", "due_date", "notes", "progress"]).equals(
        before.drop(columns=["completion", "due_date", "notes", "progress"]))
    assert (again["completion"].fillna(-1) != before["completion"].fillna(-1)).sum() == 1


def test_a_rag_tracker_takes_the_colour_and_the_revised_date():
    data = rag_tracker()
    tracker = load_tracker(data, "rag.xlsx")
    first = tracker.actions.iloc[0]
    where = cell_columns(data, "rag.xlsx")[(first["source_sheet"], int(first["source_row"]))]
    after = write_back(data, "rag.xlsx", [Change(first["source_sheet"], int(first["source_row"]), "word", "Blue"),
                                          Change(first["source_sheet"], int(first["source_row"]), "due", dt.date(2024, 1, 31))])
    sheet = load_workbook(io.BytesIO(after))[first["source_sheet"]]
    assert sheet.cell(row=int(first["source_row"]), column=where["rag"]).value == "Blue"
    assert sheet.cell(row=int(first["source_row"]), column=where["revised_due_date"]).value == dt.datetime(2024, 1, 31)
    again = load_tracker(after, "rag.xlsx").actions.iloc[0]
    assert (again["progress"], again["rag"], again["due_date"]) == ("complete", "Blue", dt.datetime(2024, 1, 31))
    assert again["original_due_date"] == first["original_due_date"]


def test_a_csv_tracker_keeps_its_separator_and_every_other_byte():
    data = status_word_csv()
    tracker = load_tracker(data, "words.csv")
    row = int(tracker.actions.iloc[2]["source_row"])
    after = write_back(data, "words.csv", [Change("CSV", row, "word", "Implemented")])
    old_lines, new_lines = data.decode("utf-8-sig").splitlines(), after.decode("utf-8-sig").splitlines()
    assert [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b] == [row]
    assert "Implemented" in new_lines[row - 1]
    again = load_tracker(after, "words.csv").actions
    assert again.iloc[2]["progress"] == "complete" and len(again) == len(tracker.actions)


@pytest.mark.parametrize("column, value, written", [(["50%"], 80.0, "80%"), ([0.5], 80.0, 0.8), ([50], 80.0, 80)])
def test_a_completion_is_written_on_the_columns_own_scale(column, value, written):
    data = xlsx_bytes({"Plan": [["No.", "Action", "% Complete", "Due Date"], ["1", "Do it", column[0], "2024-01-31"],
                                ["2", "Do more", column[0], "2024-01-31"]]})
    after = write_back(data, "t.xlsx", [Change("Plan", 2, "completion", value)])
    assert load_workbook(io.BytesIO(after))["Plan"]["C2"].value == written
    assert load_tracker(after, "t.xlsx").actions.loc[0, "completion"] == 80


def test_files_that_cannot_take_values_back_are_refused_in_a_sentence():
    with pytest.raises(StoreError, match="written back into .xlsx, .xlsm and .csv"):
        write_back(b"x", "tracker.ods", [])
    data = xlsx_bytes({"Plan": [["No.", "Action", "Due Date"], ["1", "Do it", "2024-01-31"]]})
    with pytest.raises(StoreError, match="has no cell for this completion"):
        write_back(data, "t.xlsx", [Change("Plan", 2, "completion", 50.0)])
    with pytest.raises(StoreError, match="Row 9 of sheet 'Plan'"):
        write_back(data, "t.xlsx", [Change("Plan", 9, "due", dt.date(2024, 1, 1))])


def _sample() -> bytes:
    return SAMPLE.read_bytes()


@pytest.mark.parametrize("build, name", [(_sample, "sample.xlsx"), (committee_paper_presented, "presented.xlsx"),
                                         (rag_tracker, "rag.xlsx"), (status_word_csv, "words.csv")])
def test_every_action_completed_by_write_back_reads_back_complete_and_nothing_else_moves(build, name):
    data = build()
    before = load_tracker(data, name)
    target = "completion" if before.has_completion else "word"
    value = 100.0 if target == "completion" else ("Blue" if before.actions["progress_word"].isna().all() else "Complete")
    changes = [Change(r.source_sheet, int(r.source_row), target, value) for r in before.actions.itertuples()]
    after = load_tracker(write_back(data, name, changes), name)
    assert len(after.actions) == len(before.actions)
    assert (after.actions["progress"] == "complete").all()
    kept = ["action_id", "action", "lead_officer", "due_date", "original_due_date", "recommendation", "source_row"]
    assert after.actions[kept].equals(before.actions[kept])
    assert after.as_at == before.as_at                      # no as_at given: the title is left alone


def test_a_formula_elsewhere_is_left_as_it_was():
    data = committee_paper_presented()
    after = write_back(data, "presented.xlsx", [Change(SHEET, 13, "completion", 90.0)])
    old, new = load_workbook(io.BytesIO(data))[SHEET], load_workbook(io.BytesIO(after))[SHEET]
    formulas = [c.coordinate for row in old.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(new[f].value == old[f].value for f in formulas)
    assert new[formulas[0]].data_type == "f"


@pytest.mark.parametrize("as_csv", [False, True])
def test_only_the_title_the_reader_dated_the_update_by_is_restated(as_csv):
    """The date in the cell after "Position as at" is the one changed; a note that happens to say
    "as at" is the officer's text and is never touched."""
    rows = [["Position as at", "31/03/2022"], [],
            ["No.", "Action", "Due Date", "% Complete", "Notes"],
            ["1", "Do it", "31/12/2022", "50%", "Progress as at 1 March 2021 was slow"],
            ["2", "Do more", "31/12/2022", "50%", ""]]
    data = csv_bytes(rows) if as_csv else xlsx_bytes({"Plan": rows})
    name = "t.csv" if as_csv else "t.xlsx"
    sheet = "CSV" if as_csv else "Plan"
    assert load_tracker(data, name).as_at == dt.date(2022, 3, 31)
    after = write_back(data, name, [Change(sheet, 5, "completion", 80.0)], as_at=dt.date(2022, 9, 30))
    again = load_tracker(after, name)
    assert again.as_at == dt.date(2022, 9, 30)
    assert again.actions.loc[0, "notes"] == "Progress as at 1 March 2021 was slow"
    assert again.actions.loc[1, "completion"] == 80


# --- issue 21: nothing typed becomes a formula, nothing a workbook cannot hold is written --------------

def _words_plan(as_csv: bool, notes: str = "Started"):
    rows = [["No.", "Action", "Due Date", "Status", "Notes"], ["1", "Do it", "31/12/2022", "Ongoing", notes],
            ["2", "Do more", "31/12/2022", "Ongoing", ""]]
    return (csv_bytes(rows), "t.csv", "CSV") if as_csv else (xlsx_bytes({"Plan": rows}), "t.xlsx", "Plan")


@pytest.mark.parametrize("as_csv", [False, True])
@pytest.mark.parametrize("typed, word", [("=Complete", "Complete"), ("+Done", "Done"), ("@Green", "Green"),
                                        ("-Ongoing", "Ongoing")])
def test_a_status_is_written_as_the_vocabularys_word_never_as_typed(as_csv, typed, word):
    data, name, sheet = _words_plan(as_csv)
    after = write_back(data, name, [Change(sheet, 2, "word", typed)])
    if as_csv:
        assert after.decode("utf-8-sig").splitlines()[1].split(",")[3] == word
    else:
        cell = load_workbook(io.BytesIO(after))["Plan"]["D2"]
        assert (cell.value, cell.data_type) == (word, "s")
    assert load_tracker(after, name).actions.loc[0, "progress_word"] == word


@pytest.mark.parametrize("as_csv", [False, True])
def test_a_notes_cell_that_starts_with_an_equals_sign_stays_text(as_csv):
    """Finding: a notes cell whose text starts with "=" became a formula when a note was appended."""
    data, name, sheet = _words_plan(as_csv, notes="=HYPERLINK(\"http://x\")")
    note = "01/12/2026 clair@example.org: =cmd|' /C calc'!A0"
    after = write_back(data, name, [Change(sheet, 2, "notes", note)])
    if as_csv:
        assert after.decode("utf-8-sig").splitlines()[1].split(",")[4].startswith("\"'=HYPERLINK")   # neutralised
    else:
        book = load_workbook(io.BytesIO(after))
        assert not [c.coordinate for row in book["Plan"].iter_rows() for c in row if c.data_type == "f"]
    assert load_tracker(after, name).actions.loc[0, "notes"] == "=HYPERLINK(\"http://x\")\n" + note


@pytest.mark.parametrize("as_csv", [False, True])
def test_control_characters_never_reach_the_workbook(as_csv):
    data, name, sheet = _words_plan(as_csv)
    after = write_back(data, name, [Change(sheet, 2, "notes", "a\x0bb\x01c")])
    assert load_tracker(after, name).actions.loc[0, "notes"] == "Started\nabc"


def test_a_note_that_would_overflow_the_cell_is_refused_not_cut():
    data, name, sheet = _words_plan(False, notes="x" * 32_000)
    with pytest.raises(StoreError, match="more than the 32,767 an Excel cell holds"):
        write_back(data, name, [Change(sheet, 2, "notes", "y" * 1_000)])
