from apptest_helpers import open_page, plotly_specs, values


def test_radar_and_change_table():
    at = open_page("themes")
    spec = plotly_specs(at)[0]
    assert [t["name"] for t in spec["data"]] == ["2020/21", "2021/22", "Target"]
    assert spec["layout"]["polar"]["radialaxis"]["range"] == [1, 5]
    table = at.dataframe[0].value
    assert len(table) == 7 and "Change" in table.columns


def test_choosing_one_period():
    at = open_page("themes")
    at.multiselect(key="themes_periods").unselect("2020/21").run()
    spec = plotly_specs(at)[0]
    assert [t["name"] for t in spec["data"]] == ["2021/22", "Target"]
