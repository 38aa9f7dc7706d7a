"""What a click on a chart chose (bvdata.papers.selection): AppTest cannot send a selection event, so the
pages' handling of one is these functions, tested here."""
import pytest

from bvdata.papers.selection import next_drilldown, selected_recommendation


@pytest.mark.parametrize("selection, expected", [
    (None, None), ({}, None), ({"points": []}, None),
    ({"points": [{"customdata": ["Improve governance", "Complete: 1"], "x": 50}]}, "Improve governance"),
    ({"points": [{"customdata": "Plain"}]}, "Plain"),
    ({"points": [{"x": 3}]}, None),
])
def test_selected_recommendation(selection, expected):
    assert selected_recommendation(selection) == expected


@pytest.mark.parametrize("clicked, last, current, listed", [
    ("R2", None, "R1", "R2"),          # a new click moves the list to the clicked bar
    ("R2", "R2", "R3", "R3"),          # the same selection again on a rerun: the picker's own choice stands
    (None, "R2", "R1", "R1"),
])
def test_the_drilldown_follows_a_new_click_and_else_the_picker(clicked, last, current, listed):
    assert next_drilldown(clicked, last, current) == listed
