from apptest_helpers import open_page, plotly_specs, values


def test_progress_chart_and_table():
    at = open_page("progress")
    specs = plotly_specs(at)
    assert len(specs) == 1
    bar = specs[0]["data"][0]
    assert len(values(bar["y"])) == 8 and round(values(bar["x"])[0], 2) == 81.25
    table = at.dataframe[0].value
    assert list(table["Actions"]) == [4, 6, 11, 3, 4, 5, 5, 2]
    assert len(at.get("download_button")) == 2
