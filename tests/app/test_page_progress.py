from apptest_helpers import open_page, open_sections, plotly_specs, values


def test_progress_leads_with_its_chart_and_draws_the_counts_on_demand():
    at = open_page("progress")
    specs = plotly_specs(at)
    assert len(specs) == 1
    bar = specs[0]["data"][0]
    assert len(values(bar["y"])) == 8 and round(values(bar["x"])[0], 2) == 81.25
    # the table of counts and its downloads are drawn only once their section is opened
    assert len(at.dataframe) == 0 and len(at.get("download_button")) == 0
    assert [e.label for e in at.expander] == ["Status counts by recommendation, with downloads"]
    open_sections(at, "progress_open_counts")
    table = at.dataframe[0].value
    assert list(table["Actions"]) == [4, 6, 11, 3, 4, 5, 5, 2]
    assert len(at.get("download_button")) == 2
