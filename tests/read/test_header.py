"""Any tracker, first time (issue 23): the header found by evidence, not by share; blocks beside the table
and glossaries left out; template rows not counted; internal-audit follow-up trackers read with their own
words. Fixtures from the issue's descriptions (tests/follow_up.py); property tests vary what real files vary."""
import datetime as dt
import string

import pytest
from follow_up import AS_AT, KNOWN, WIDE_HEADER, follow_up_csv, follow_up_workbook, wide_workbook
from helpers import csv_bytes, xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bvdata import load_tracker, with_status
from bvdata.base.vocab import field_for_header, normalise
from bvdata.base.words import Noun
from bvdata.read.assembly.tracker import NoTable
from bvdata.read.door.guard import read_grids
from bvdata.read.finding.header import best_header, find_headers


def ids(df, status):
    return sorted(df.loc[df["status"] == status, "action_id"], key=lambda x: (len(x), x))


@pytest.fixture(scope="module")
def wide():
    return load_tracker(wide_workbook(), "recommendations.xlsx")


def test_the_twenty_column_workbook_reads_by_itself_to_the_right_figures(wide):
    df = with_status(wide.actions, AS_AT)
    assert len(df) == 11 and wide.as_at == AS_AT
    assert ids(df, "complete") == ["2", "7"] and ids(df, "closed") == ["5"]
    assert ids(df, "overdue") == ["3", "8", "10"]
    assert wide.recommendations == ["Local government overview 2021", "Health and social care integration 2022"]
    assert wide.words.item == Noun("recommendation", "recommendations")
    assert wide.words.group == Noun("report", "reports") and wide.words.person == "Lead body"
    assert list(df["source_sheet"].unique()) == ["Tracker"] and list(df["source_row"]) == list(range(7, 18))


def test_the_report_names_the_header_row_the_columns_left_out_and_the_block_beside(wide):
    [note] = [i for i in wide.issues if i.message.startswith("The table's header is row 6")]
    for heading in KNOWN:
        assert heading in note.message.split("Left out")[0]
    left_out = note.message.split("Left out, as columns the tracker does not use: ")[1].split(". Beside")[0]
    assert [name.rsplit(" (", 1)[0] for name in left_out.split(", ")] == [h for h in WIDE_HEADER if h not in KNOWN]
    assert note.message.endswith("Beside the table, after a blank column, and left out: Unique Lead Body (W), "
                                 "Total Recommendations (X).")


def test_template_rows_are_one_warning_with_their_count_and_range(wide):
    [template] = [w for w in wide.warnings if "template rows" in w.message]
    assert template.message.startswith("8,989 rows have no wording, no status or % of their own and no date "
                                       "(rows 18–9,006)")
    assert (template.sheet, template.row) == ("Tracker", 18)


def test_the_glossary_menu_and_dashboard_sheets_are_not_tables():
    grids = read_grids(wide_workbook(20), "w.xlsx")
    found = {g.sheet: find_headers(g.rows) for g in grids}
    assert [sheet for sheet, headers in found.items() if headers] == ["Tracker"]
    assert best_header(next(g for g in grids if g.sheet == "Tracker").rows).index == 4     # row 6: B2 is first


@pytest.mark.parametrize("build, name", [(follow_up_csv, "follow-up.csv"), (follow_up_workbook, "follow-up.xlsx")])
def test_an_internal_audit_follow_up_tracker_reads_with_its_own_words(build, name):
    t = load_tracker(build(), name)
    df = with_status(t.actions, AS_AT).set_index("action_id")
    assert len(df) == 9 and t.as_at == AS_AT
    assert sorted(df.index[df["status"] == "complete"]) == ["IA-01", "IA-05", "IA-08"]
    assert sorted(df.index[df["status"] == "closed"]) == ["IA-04", "IA-09"]
    assert sorted(df.index[df["status"] == "overdue"]) == ["IA-02", "IA-06"]
    assert sorted(df.index[df["status"] == "in_progress"]) == ["IA-03", "IA-07"]
    assert t.recommendations == ["Payroll 2021/22", "Procurement 2021/22", "Cyber security 2021/22"]
    assert t.words.item.plural == "recommendations" and t.words.group.plural == "audit reports"    # its heading
    assert t.words.person == "Person responsible"
    # the agreed action is the wording; the recommendation and the finding are kept for the detail
    assert df.loc["IA-01", "action"] == "Payroll will reconcile leavers to HR records each month"
    assert df.loc["IA-01", "recommendation_text"] == "Reconcile leavers monthly"
    assert df.loc["IA-01", "finding"].startswith("Leavers paid after leaving\n\nDetails of")
    assert (df.loc["IA-01", "validated"], df.loc["IA-02", "validated"]) == ("Yes", "No")
    assert df.loc["IA-02", "due_date"] == dt.datetime(2021, 12, 31) and df.loc["IA-02", "times_moved"] == 1
    assert df.loc["IA-01", "service_lead"] == "Finance" and df.loc["IA-06", "priority"] == "Medium"
    [said] = [w for w in t.warnings if "date completed" in w.message]
    assert said.row == 11 and "status says 'Overdue'; it is read as complete" in said.message


def test_a_recommendation_column_that_groups_stays_a_group():
    data = xlsx_bytes({"Plan": [["Recommendation", "Ref", "Action", "Due Date", "Lead"],
                                ["R1 Governance", "1.1", "Do a", "31/03/2022", "A"], [None, "1.2", "Do b", "31/03/2022", "B"],
                                ["R2 People", "2.1", "Do c", "31/03/2022", "C"]]})
    t = load_tracker(data, "t.xlsx")
    assert t.recommendations == ["R1 Governance", "R2 People"] and t.actions["recommendation_text"].isna().all()


def test_a_header_whose_dates_hold_no_dates_is_not_the_header():
    rows = [["Action", "Due date", "Lead"]] + [[f"Do {n}", "every week", "A"] for n in range(5)] + \
           [["Action", "Target date", "Owner"]] + [[f"Task {n}", "31/03/2023", "B"] for n in range(3)]
    t = load_tracker(csv_bytes(rows), "t.csv")
    assert list(t.actions["action"]) == ["Task 0", "Task 1", "Task 2"]


def test_no_table_is_its_own_kind_of_refusal():
    with pytest.raises(NoTable, match="No action table was found in t.csv") as refused:
        load_tracker(csv_bytes([["Ref", "Text"], ["1", "x"]]), "t.csv")
    assert "Data page" not in str(refused.value)


# --- property tests: what real files vary never changes what is read -----------------------------------

BASE = [["No.", "Action", "Target date", "Lead officer", "Status", "Recommendation"],
        ["1", "Adopt a corporate self-evaluation model", "31/10/2021", "Ann", "Ongoing", "R1 Self-evaluation"],
        ["2", "Review self-evaluation in leadership meetings", "31/12/2022", "Ann", "Complete", ""],
        ["3", "Use benchmarking in service plans", "30/06/2021", "Bob", "Not started", ""],
        ["4", "Review customer surveys with partners", "31/03/2023", "Cara", "Superseded", "R2 Engagement"],
        ["5", "Publish a consultation plan", "31/01/2022", "Cara", "In progress", ""],
        ["6", "Report engagement results to committee", "30/09/2022", "Dan", "On hold", ""]]
STATUS_DATE = dt.date(2022, 2, 14)


def figures(data: bytes, name: str):
    t = load_tracker(data, name)
    df = with_status(t.actions, STATUS_DATE)
    return (len(df), ids(df, "overdue"), ids(df, "complete"), ids(df, "closed"), t.recommendations,
            list(df["action"]))


EXPECTED = figures(csv_bytes(BASE), "base.csv")
LETTERS = string.ascii_letters + " "
UNKNOWN = st.text(alphabet=LETTERS, min_size=3, max_size=18).filter(
    lambda h: h.strip() and field_for_header(h) is None and field_for_header(h, "amendments") is None
    and field_for_header(h, "themes") is None and "recommendation" not in normalise(h) and "action" not in normalise(h))
CELL = st.one_of(st.text(alphabet=LETTERS, max_size=12), st.integers(0, 99), st.just(""))


def test_the_base_table_reads_as_its_figures_say():
    assert EXPECTED[:4] == (6, ["1", "3", "5"], ["2"], ["4"])
    assert EXPECTED[4] == ["R1 Self-evaluation", "R2 Engagement"]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.lists(st.tuples(st.integers(0, 6), UNKNOWN, CELL), max_size=30), as_xlsx=st.booleans())
def test_unknown_columns_anywhere_never_change_what_is_read(extra, as_xlsx):
    rows = [list(r) for r in BASE]
    for position, heading, value in extra:
        rows[0].insert(position, heading)
        for row in rows[1:]:
            row.insert(position, value)
    data, name = (xlsx_bytes({"Plan": rows}), "t.xlsx") if as_xlsx else (csv_bytes(rows), "t.csv")
    assert figures(data, name) == EXPECTED


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headings=st.lists(UNKNOWN, min_size=1, max_size=4), gap=st.integers(1, 3), values=st.lists(CELL, min_size=1))
def test_a_summary_block_to_the_right_never_changes_what_is_read(headings, gap, values):
    rows = [list(r) + [""] * gap for r in BASE]
    rows[0] += headings
    for k, row in enumerate(rows[1:]):
        row += [values[(k + j) % len(values)] for j in range(len(headings))]
    assert figures(xlsx_bytes({"Plan": rows}), "t.xlsx") == EXPECTED


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=10)
@given(first=st.booleans(), described=st.lists(UNKNOWN, max_size=5))
def test_a_glossary_sheet_never_changes_what_is_read(first, described):
    glossary = [["Column", "Description"]] + [[h, f"What {h} holds"] for h in BASE[0] + described]
    sheets = {"Glossary": glossary, "Plan": BASE} if first else {"Plan": BASE, "Glossary": glossary}
    assert figures(xlsx_bytes(sheets), "t.xlsx") == EXPECTED


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=6)
@given(default=st.sampled_from(["No", 0, "N/A", "Not started"]), numbered=st.booleans(), as_xlsx=st.booleans())
def test_ten_thousand_blank_template_rows_never_change_what_is_read(default, numbered, as_xlsx):
    rows = [list(r) + ["Validated"] if i == 0 else list(r) + ["Yes"] for i, r in enumerate(BASE)]
    for n in range(10_000):
        template = [str(7 + n) if numbered else "", "", "", "", default if default == "Not started" else "", "",
                    default if default != "Not started" else ""]
        rows.append(template)
    data, name = (xlsx_bytes({"Plan": rows}), "t.xlsx") if as_xlsx else (csv_bytes(rows), "t.csv")
    t = load_tracker(data, name)
    assert figures(data, name) == EXPECTED
    [said] = [w for w in t.warnings if "template rows" in w.message]
    assert said.message.startswith("10,000 rows") and "(rows 8–10,007)" in said.message
