import datetime as dt
import re

import pandas as pd
import pytest
from helpers import csv_bytes, xlsx_bytes
from hypothesis import given
from hypothesis import strategies as st

from bvdata import TrackerError, load_tracker
from bvdata.model.status import with_status

HEAD = ["No.", "Action", "Timescales", "Lead Officer", "% Complete", "Notes"]


def test_seed_facts_from_sample(sample_tracker):
    actions = sample_tracker.actions
    assert len(actions) == 40
    assert list(actions["action_id"]) == [str(i) for i in range(1, 41)]
    assert sample_tracker.as_at == dt.date(2022, 2, 14)
    status = with_status(actions, sample_tracker.as_at)
    assert (status["status"] == "complete").sum() == 17
    assert sorted(status.loc[status["status"] == "overdue", "action_id"], key=int) == ["14", "37"]
    assert len(sample_tracker.recommendations) == 8
    assert not sample_tracker.warnings


def test_sample_rows_trace_to_sheet_and_row(sample_tracker):
    first = sample_tracker.actions.iloc[0]
    assert (first["source_sheet"], first["source_row"]) == ("Action Plan", 13)
    from openpyxl import load_workbook

    from tests.conftest import SAMPLE
    ws = load_workbook(SAMPLE)["Action Plan"]
    for row in sample_tracker.actions.itertuples():
        assert str(ws.cell(row=row.source_row, column=1).value) == row.action_id


def test_sample_blank_completion_and_amendments(sample_tracker):
    a = sample_tracker.actions.set_index("action_id")
    assert pd.isna(a.loc["14", "completion"]) and a.loc["21", "completion"] == 0
    assert a.loc["5", "report_ref"] == "112 – 116"
    assert list(sample_tracker.amendments["action_id"]) == ["23", "24", "36"]
    assert sample_tracker.amendments["justification"].notna().all()


def test_tidy_table_with_recommendation_column():
    data = xlsx_bytes({"Plan": [
        ["Recommendation", "Ref", "Action", "Due Date", "Responsible Officer", "Progress", "Update"],
        ["R1 Governance", "1.1", "Do a", dt.datetime(2022, 3, 31), "A Smith", 0.5, "started"],
        [None, "1.2", "Do b", "31/10/2022", "B Jones", 1, ""],
        ["R2 People", "2.1", "Do c", "TBC", "C Brown", None, "none yet"],
    ]})
    t = load_tracker(data, "tidy.xlsx")
    a = t.actions
    assert list(a["action_id"]) == ["1.1", "1.2", "2.1"]
    assert list(a["recommendation"]) == ["R1 Governance", "R1 Governance", "R2 People"]
    assert list(a["completion"].fillna(-1)) == [50.0, 100.0, -1]
    assert a["due_date"].iloc[1] == pd.Timestamp("2022-10-31")
    tbc = [w for w in t.warnings if w.value == "TBC"]
    assert len(tbc) == 1 and tbc[0].row == 4 and tbc[0].sheet == "Plan" and "Due Date" in tbc[0].column


def test_committee_layout_with_continuation_and_blank_number_header():
    rows = [
        ["Best Value Audit Implementation Plan"],
        ["Progress update as at 31 March 2023"],
        [],
        ["Audit Recommendation: Improve governance"],
        [None, "ACTION", "Timescales", "Lead Officer", "% COMPLETION", "NOTES"],
        [1, "First", dt.datetime(2022, 1, 31), "A", 1, "done"],
        [2, "Second", dt.datetime(2023, 6, 30), "B", 0.5, ""],
        [],
        [None, "ACTION", "Timescales", "Lead Officer", "% COMPLETION", "NOTES"],   # continuation, no title
        [3, "Third", dt.datetime(2023, 1, 31), "A", None, "late"],
        [],
        ["Engage with communities"],
        [None, "ACTION", "Timescales", "Lead Officer", "% COMPLETION", "UPDATE"],
        [4, "Fourth", dt.datetime(2024, 1, 31), "C", 0, ""],
    ]
    t = load_tracker(xlsx_bytes({"Instructions": [["Fill in the plan on the next sheet"]], "Plan": rows}), "c.xlsx")
    a = t.actions
    assert list(a["action_id"]) == ["1", "2", "3", "4"]
    assert list(a["recommendation"]) == ["Improve governance"] * 3 + ["Engage with communities"]
    assert list(a["source_row"]) == [6, 7, 10, 14]
    assert set(a["source_sheet"]) == {"Plan"}
    assert t.as_at == dt.date(2023, 3, 31)
    status = with_status(a, t.as_at).set_index("action_id")["status"]
    assert status["3"] == "overdue"


def test_section_title_rows_inside_one_table():
    data = xlsx_bytes({"Plan": [
        ["Ref", "Action", "Target Date", "Owner", "% Complete"],
        ["Recommendation 1: Leadership"],
        ["1", "a", "2022-01-01", "X", "50%"],
        ["Recommendation 2: Resources"],
        ["2", "b", "2022-01-01", "Y", "Completed"],
    ]})
    a = load_tracker(data, "s.xlsx").actions
    assert list(a["recommendation"]) == ["Leadership", "Resources"]
    assert list(a["completion"]) == [50.0, 100.0]


def test_duplicate_ids_are_kept_and_warned():
    data = csv_bytes([HEAD, ["1", "a", "", "X", "", ""], ["1", "b", "", "Y", "", ""]])
    t = load_tracker(data, "d.csv")
    assert list(t.actions["action"]) == ["a", "b"]
    dupes = [w for w in t.warnings if "appears 2 times" in w.message]
    assert [w.row for w in dupes] == [2, 3]


def test_unreadable_values_keep_their_row():
    data = csv_bytes([HEAD, ["1", "a", "TBC", "X", "150%", "n"], ["2", "b", "31/12/2022", "Y", "abc", "m"]])
    t = load_tracker(data, "u.csv")
    assert len(t.actions) == 2
    assert pd.isna(t.actions["due_date"].iloc[0]) and pd.isna(t.actions["completion"].iloc[0])
    got = {(w.row, w.value) for w in t.warnings}
    assert {(2, "TBC"), (2, "150%"), (3, "abc")} <= got


def test_header_in_any_case_and_missing_columns_reported():
    data = csv_bytes([["ACTION", "DUE DATE", "colour"], ["x", "01/02/2023", "red"]])
    t = load_tracker(data, "m.csv")
    assert t.actions["due_date"].iloc[0] == pd.Timestamp("2023-02-01")
    missing = {w.column for w in t.warnings if "has no" in w.message}
    assert {"Lead Officer", "% Completion or Status", "Notes", "No."} <= missing
    assert any(i.level == "info" and "Left out, as columns the tracker does not use: colour (C)" in i.message
               for i in t.issues)


def test_cp1252_and_semicolon_csv():
    data = "Action;Lead Officer;Notes\nRéview – plan;A;x\n".encode("cp1252")
    a = load_tracker(data, "e.csv").actions
    assert a["action"].iloc[0] == "Réview – plan"


def test_actions_on_several_sheets_take_the_sheet_as_recommendation():
    a = load_tracker(xlsx_bytes({"Governance": [["Action", "Lead Officer"], ["x", "A"]],
                                 "People": [["Action", "Lead Officer"], ["y", "A"]]}), "m.xlsx").actions
    assert list(a["recommendation"]) == ["Governance", "People"]


def test_formula_cells_give_cached_values(tmp_path):
    # openpyxl cannot compute formulas, so write the cached value into the XML the way Excel does
    import zipfile

    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["Action", "% Complete"])
    wb.active.append(["x", "=1/2"])
    buffer = __import__("io").BytesIO()
    wb.save(buffer)
    raw = buffer.getvalue()
    src = zipfile.ZipFile(__import__("io").BytesIO(raw))
    out = tmp_path / "f.xlsx"
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                # openpyxl writes an empty cached value as <v/>, <v /> or <v></v> depending on its XML library
                data = re.sub(rb"<f>1/2</f>(<v\s*/>|<v></v>)?", b"<f>1/2</f><v>0.5</v>", data)
                assert b"<v>0.5</v>" in data
            z.writestr(name, data)
    assert load_tracker(out).actions["completion"].iloc[0] == 50.0


def test_no_action_table_is_an_error():
    with pytest.raises(TrackerError, match="No action table"):
        load_tracker(csv_bytes([["a", "b"], ["1", "2"]]), "x.csv")


def test_action_text_that_reads_like_a_header_is_still_an_action():
    data = csv_bytes([["No.", "Action", "Lead Officer", "Due Date"], ["1", "Action", "Lead", "01/01/2023"]])
    assert len(load_tracker(data, "x.csv").actions) == 1


# ---- property: any generated tracker comes back as the same records ------------------------------

_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                 min_size=1, max_size=40).map(str.strip).filter(lambda s: len(s) > 0)
_action = st.builds(lambda a, b: f"{a} {b}", _words, _words)
_record = st.fixed_dictionaries({
    "id": st.integers(min_value=1, max_value=999).map(str),
    "action": _action,
    "due": st.one_of(st.none(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 1, 1))),
    "completion": st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    "officer": st.one_of(st.none(), _words),
})
_headers = st.tuples(st.sampled_from(["No.", "Ref", "Action No"]), st.sampled_from(["Action", "ACTION", "Agreed action"]),
                     st.sampled_from(["Timescales", "Due Date", "end date"]),
                     st.sampled_from(["Lead Officer", "Responsible Officer", "OWNER"]),
                     st.sampled_from(["% COMPLETION", "% Complete", "Progress"]))


@given(records=st.lists(_record, min_size=1, max_size=15), headers=_headers,
       fmt=st.sampled_from(["csv", "xlsx"]), title=st.booleans())
def test_generated_trackers_round_trip(records, headers, fmt, title):
    rows = [["Improvement plan"]] if title else []
    rows.append(list(headers))
    for r in records:
        due = r["due"].strftime("%d/%m/%Y") if r["due"] else None
        completion = f"{r['completion']}%" if r["completion"] is not None else None
        rows.append([r["id"], r["action"], due, r["officer"], completion])
    data = xlsx_bytes({"Plan": rows}) if fmt == "xlsx" else csv_bytes([[c if c is not None else "" for c in row] for row in rows])
    # every generated file has a header the reader knows and at least one action: it must be read
    tracker = load_tracker(data, f"gen.{fmt}")
    a = tracker.actions
    assert len(a) == len(records)
    for got, want in zip(a.itertuples(), records):
        assert got.action_id == want["id"]
        assert got.action == want["action"].strip()
        assert (pd.isna(got.due_date) and want["due"] is None) or got.due_date.date() == want["due"]
        assert (pd.isna(got.completion) and want["completion"] is None) or got.completion == want["completion"]
        want_officer = want["officer"].strip() if want["officer"] else None
        assert (pd.isna(got.lead_officer) and want_officer is None) or got.lead_officer == want_officer


def test_apostrophes_in_csv_text_do_not_merge_rows():
    # csv.Sniffer took "'" for the quote character here and ran the rows together
    data = csv_bytes([["No.", "Action", "Notes"], ["1", "' 0", "council's plan"], ["2", "0 '", "members' survey"],
                      ["3", "0 0", "it's done"]])
    a = load_tracker(data, "q.csv").actions
    assert list(a["action"]) == ["' 0", "0 '", "0 0"] and list(a["notes"]) == ["council's plan", "members' survey", "it's done"]
