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


def test_a_recommendation_lists_its_actions_as_a_table_and_as_cards():
    """The drill-down's wording is whole on a phone: the same rows as cards (the style sheet shows one)."""
    at = open_page("progress")
    at.selectbox(key="progress_drilldown").select_index(5).run()
    assert not at.exception, at.exception
    rows = at.dataframe[0].value
    assert sorted(rows.iloc[:, 0]) == ["29", "30", "31", "32", "33"]
    cards = [m.value for m in at.markdown if m.value.startswith("**29**") or "\n\n---\n\n**" in m.value]
    assert len(cards) == 1 and cards[0].count("\n\n---\n\n") == 4
    assert "Use Improvement Service Member CPD to allow members" in cards[0].replace("\\", "")
