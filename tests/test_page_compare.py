from apptest_helpers import open_page, plotly_specs, table_with


def test_compare_defaults_to_previous_against_latest():
    at = open_page("compare")
    assert at.selectbox(key="compare_old").value < at.selectbox(key="compare_new").value
    assert len(plotly_specs(at)) == 4          # two round-ups, movement, trend
    assert "completed since snapshot" in at.subheader[0].value
    amended = table_with(at, "Justification for change")
    assert set(amended["No."]) >= {"23", "24", "36"}
    assert len(at.get("download_button")) == 2


def test_sidebar_filters_apply_to_the_comparison():
    at = open_page()
    rec = at.sidebar.multiselect(key="sidebar_recommendations")
    rec.select(rec.options[3]).run()             # staff engagement: actions 22-24
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    everything = [t.value for t in at.dataframe if "Before (%)" in t.value.columns]
    ids = {i for table in everything for i in table["No."]}
    assert ids == {"22", "23", "24"}
