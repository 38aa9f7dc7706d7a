from apptest_helpers import open_page


def test_search_filters_and_detail():
    at = open_page("actions")
    at.text_input(key="actions_search").input("yammer").run()
    table = at.dataframe[0].value
    assert set(table["No."]) == {"14", "23", "24"}   # 14 mentions Yammer in its notes
    assert "Sheet 'Action Plan', row" in at.text[-1].value


def test_status_filter():
    at = open_page("actions")
    at.multiselect(key="actions_status").select("Overdue").run()
    assert set(at.dataframe[0].value["No."]) == {"14", "37"}


def test_a_phone_gets_the_listed_actions_as_cards():
    """The list's wording is whole on a phone: the rows the table shows, as cards (the style sheet
    shows one or the other by the screen's width)."""
    at = open_page("actions")
    at.text_input(key="actions_search").input("yammer").run()
    cards = [m.value for m in at.markdown if m.value.startswith("**14**") or m.value.startswith("**23**")]
    assert len(cards) == 1 and cards[0].count("\n\n---\n\n") == 2
    assert {"**14**", "**23**", "**24**"} <= {line for line in cards[0].split("\n\n")}
