"""Column mappings: made on the mapping screen, kept as JSON, checked against their schema when read."""
import pytest

from bvdata.base.errors import TrackerError
from bvdata.read.assembly.mapping import ColumnMapping, apply_mapping, make_mapping
from bvdata.read.cells.grid import Grid

GOOD = '{"name": "Odd layout", "sheet": "CSV", "header_row": 2, "headers": ["Ref", "Text"], ' \
       '"columns": {"A": "action_id", "B": "action"}}'


def test_a_mapping_reads_back_as_it_was_written():
    mapping = ColumnMapping.from_json(GOOD)
    assert (mapping.sheet, mapping.header_row, mapping.columns) == ("CSV", 2, {"A": "action_id", "B": "action"})
    assert ColumnMapping.from_json(mapping.to_json()) == mapping


@pytest.mark.parametrize("text, words", [
    (GOOD.replace('"header_row": 2', '"header_row": 1e400'), "header_row must be a whole number from 1 to 1,048,576"),
    (GOOD.replace('"header_row": 2', '"header_row": -1'), "header_row must be a whole number"),
    (GOOD.replace('"header_row": 2', '"header_row": 0'), "header_row must be a whole number"),
    (GOOD.replace('"header_row": 2', '"header_row": 2.5'), "header_row must be a whole number"),
    (GOOD.replace('"header_row": 2', '"header_row": "2"'), "header_row must be a whole number"),
    (GOOD.replace('"B": "action"', '"B": "action_id", "C": "action"'), "Number more than one column"),
    (GOOD.replace('"A": "action_id"', '"a1": "action_id"'), "columns must map column letters"),
    (GOOD.replace('"B": "action"', '"B": "nonsense"'), "fields the tracker does not have: nonsense"),
    (GOOD.replace('"B": "action"', '"B": "notes"'), "which column holds the wording"),
    (GOOD.replace('"Odd layout"', '["deep"]'), "its name must be text"),
    ("[" * 50_000 + "]" * 50_000, "nested far deeper"),
    ('{"name": ' + "[" * 5_000 + "]" * 5_000 + "}", "nested far deeper"),
    ("not json", "not JSON"),
    ("[]", "needs name, sheet, header_row, headers and columns"),
    ('{"name": "x"}', "needs name, sheet, header_row, headers and columns"),
])
def test_a_mapping_that_breaks_its_schema_is_one_sentence(text, words):
    """Finding (issue 21): header_row 1e400 or a deeply nested file ended in "failed unexpectedly"; two
    columns mapped to one field were accepted (the second silently won); a negative header row silently
    meant "no mapping"."""
    with pytest.raises(TrackerError) as refused:
        ColumnMapping.from_json(text)
    assert words in str(refused.value) and "\n" not in str(refused.value)


def test_the_screen_refuses_one_field_from_two_columns():
    grid = Grid("CSV", 1, 0, [["Ref", "Text", "More"], ["1", "Do it", "x"]])
    with pytest.raises(TrackerError, match="chosen more than once"):
        make_mapping("m", grid, 0, {"A": "action_id", "B": "action", "C": "action"})


def test_a_mapping_reads_short_rows():
    grid = Grid("CSV", 1, 0, [["Ref", "Text", "Notes"], ["1", "Do it"], ["2"]])
    block = apply_mapping(grid, make_mapping("m", grid, 0, {"A": "action_id", "B": "action", "C": "notes"}))
    assert block.values == [("1", "Do it", "")] and block.row_numbers == [2]
    assert block.template_rows == [3]            # a number and nothing else: a template row, not an item


def test_a_saved_mapping_matches_the_same_headings_in_another_order():
    """Issue 23: a saved mapping was not recognised when the same headings came in another order."""
    from bvdata.read.assembly.tracker import tracker_from_grids
    first = Grid("CSV", 1, 0, [["Ref", "What we will do", "Who", "When"], ["1", "Refresh the plan", "Ann", "31/03/2022"]])
    mapping = make_mapping("m", first, 0, {"A": "action_id", "B": "action", "C": "lead_officer", "D": "due_date"})
    later = Grid("CSV", 1, 0, [["Title of the plan"], ["When", "Who", "Ref", "What we will do"],
                               ["30/06/2022", "Bob", "2", "Train members"], ["31/12/2022", "Cara", "3", "Publish it"]])
    saved = ColumnMapping.from_json(mapping.to_json())
    assert saved.fits(later) and saved.header_index(later) == 1
    t = tracker_from_grids([later], "later.csv", "x", [saved])
    assert list(t.actions["action"]) == ["Train members", "Publish it"]
    assert list(t.actions["lead_officer"]) == ["Bob", "Cara"] and list(t.actions["action_id"]) == ["2", "3"]
    assert not saved.fits(Grid("CSV", 1, 0, [["When", "Who", "Ref"], ["x", "y", "z"]]))
