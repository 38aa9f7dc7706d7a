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
