from apptest_helpers import open_page, open_sections, plotly_specs


def test_overdue_list_most_overdue_first():
    at = open_page("overdue")
    table = at.dataframe[0].value
    assert list(table["No."]) == ["37", "14"]
    assert list(table["Days overdue"]) == [685, 106]
    assert len(plotly_specs(at)) == 1               # the ageing chart leads; by lead officer on demand
    assert len(plotly_specs(open_sections(at, "overdue_open_officers"))) == 2
    assert len(at.get("download_button")) == 3   # Excel, CSV and the owner digest
