from bvdata.base.errors import Issue
from bvdata.read.assembly.validation import issue_kinds, issues_frame, kind_of


def test_kind_of_hides_the_particulars():
    assert kind_of("Number 14 appears 2 times; every row is kept.") == "Number … appears … times; every row is kept."
    assert kind_of("'Awaiting' is not a progress word") == "… is not a progress word"


def test_kinds_are_counted_warnings_first():
    issues = [Issue("info", "The update is as at 14 Feb 2022, from row 3."),
              Issue("warning", "Number 1 appears 2 times; every row is kept.", "S", 4),
              Issue("warning", "Number 1 appears 2 times; every row is kept.", "S", 5),
              Issue("warning", "Number 7 appears 3 times; every row is kept.", "S", 9),
              Issue("warning", "This is not a date the tracker can read, so the date is left blank.", "S", 2)]
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
