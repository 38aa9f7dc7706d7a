from bvdata.base.errors import Issue
from bvdata.read.assembly.validation import issue_kinds, issues_frame, kind_of


def test_a_kind_is_shown_in_plain_words():
    assert kind_of(Issue("warning", "Number 14 appears 2 times; every row is kept.", kind="number_repeated")) == \
        "A number used more than once"
    assert kind_of(Issue("warning", "Something new.")) == "Something new."      # no kind: its own sentence


def test_kinds_are_counted_warnings_first():
    issues = [Issue("info", "The update is as at 14 Feb 2022, from row 3.", kind="as_at"),
              Issue("warning", "Number 1 appears 2 times; every row is kept.", "S", 4, kind="number_repeated"),
              Issue("warning", "Number 1 appears 2 times; every row is kept.", "S", 5, kind="number_repeated"),
              Issue("warning", "Number 7 appears 3 times; every row is kept.", "S", 9, kind="number_repeated"),
              Issue("warning", "This is not a date the tracker can read, so the date is left blank.", "S", 2,
                    kind="date_unreadable")]
    kinds = issue_kinds(issues)
    assert list(kinds["Level"]) == ["warning", "warning", "info"]
    assert list(kinds["Count"]) == [3, 1, 1]
    assert kinds["First example"].iloc[0] == "Number 1 appears 2 times; every row is kept."


def test_issues_frame_keeps_every_entry_in_order():
    issues = [Issue("warning", f"w{i}", "S", i, "A", str(i)) for i in range(2500)]
    frame = issues_frame(issues)
    assert len(frame) == 2500 and list(frame["Row"][:3]) == [0, 1, 2] and frame["Value"].iloc[-1] == "2499"


def test_no_issues_gives_empty_tables():
    assert issue_kinds([]).empty and issues_frame([]).empty


def test_every_kind_the_reader_names_is_in_the_table_and_every_row_of_the_table_is_used():
    """Issue 34, item 6 and issue 36: each Issue names its kind; the kinds are one table."""
    import ast

    from bvdata.read.assembly.validation import kind_labels
    from tests.conftest import ROOT
    used = set()
    for path in (ROOT / "bvdata").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Issue":
                used.update(k.value.value for k in node.keywords if k.arg == "kind" and isinstance(k.value, ast.Constant))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "warn" and node.args \
                    and isinstance(node.args[-1], ast.Constant) and isinstance(node.args[-1].value, str):
                used.add(node.args[-1].value)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 4 and isinstance(node.elts[-1], ast.Constant) \
                    and node.elts[-1].value == "progress_disagrees":
                used.add("progress_disagrees")
    assert used - set(kind_labels()) == set()
    assert set(kind_labels()) - used == set()


def test_the_report_groups_entries_under_plain_words(sample_tracker):
    kinds = issue_kinds(sample_tracker.issues)
    assert not kinds["Kind"].str.contains("…").any()
    assert "The header row and the columns read" in set(kinds["Kind"])
