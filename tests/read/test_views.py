"""A sheet that only repeats rows of another sheet's table is a view: counted once, and named."""
import pytest

from bvdata.read.assembly.views import split_views
from bvdata.read.finding.layout import Block


def block(sheet: str, rows: list[tuple]) -> Block:
    return Block(sheet, {"action_id": 0, "action": 1}, {}, [], row_numbers=list(range(2, 2 + len(rows))),
                 values=rows)


PLAN = [("1", "Agree the plan"), ("2", "Report to committee"), ("3", "Train members")]


@pytest.mark.parametrize("other, is_view", [
    ([("2", "Report to committee")], True),                          # a subset: a "Fully Implemented" sheet
    ([("2", " report to  COMMITTEE ")], True),                       # the same row, spaced and cased otherwise
    ([("2", "Report to committee"), ("4", "A new action")], False),  # a row of its own: a second table
    ([("9", "Report to committee")], False),                         # same wording, another number
    ([], False),                                                     # nothing to compare
])
def test_a_sheet_of_the_plan_s_rows_is_a_view(other, is_view):
    issues = []
    kept, views = split_views([block("Plan", PLAN), block("Done", other)], issues)
    assert views == (["Done"] if is_view else [])
    assert [b.sheet for b in kept] == (["Plan"] if is_view else ["Plan", "Done"])
    if is_view:
        assert issues[0].message == ("Sheet 'Done' repeats 1 of the rows of sheet 'Plan' (it is a view of it); "
                                     "its 1 row is counted once, from 'Plan'.")


def test_one_sheet_is_never_a_view_of_itself():
    assert split_views([block("Plan", PLAN), block("Plan", PLAN[:1])], []) == ([block("Plan", PLAN), block("Plan", PLAN[:1])], [])
