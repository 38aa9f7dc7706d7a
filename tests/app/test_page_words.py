"""Words follow the file everywhere (issue 23): a recommendation-level workbook grouped by report and led by
bodies, and an internal-audit follow-up tracker, say "recommendations", "report" and "Lead body" or "Person
responsible" in the page titles, headings, chart titles, table headers and the headline."""
import pytest
from apptest_helpers import open_filters, open_page, open_sections, plotly_specs
from follow_up import follow_up_csv, wide_workbook

# (file, its builder, the lead's label, the group's word: "Report Title" says report, "Audit Report" audit report)
CASES = [("recommendations.xlsx", lambda: wide_workbook(40), "Lead body", "report"),
         ("follow-up.csv", follow_up_csv, "Person responsible", "audit report")]


@pytest.fixture(params=CASES, ids=["audit body workbook", "internal-audit follow-up"])
def configured(request, tmp_path, monkeypatch):
    name, build, person, group = request.param
    path = tmp_path / name
    path.write_bytes(build())
    monkeypatch.setenv("BVDATA_TRACKER", str(path))
    return person, group


def _titles(at) -> list[str]:
    """The charts' titles: written above each chart as a heading (bvdata's figures carry them; the page
    draws them as text that wraps), and any left in the figures themselves."""
    above = [m.value.replace("\\", "")[5:] for m in at.markdown if m.value.startswith("#### ")]
    return above + [spec["layout"]["title"].get("text", "") for spec in plotly_specs(at) if "title" in spec["layout"]]


def test_every_page_says_the_files_own_words(configured):
    person, group = configured
    at = open_filters(open_page())                           # Overview, with its filters open
    assert at.multiselect(key="filters_recommendations").label == group.capitalize()
    assert at.multiselect(key="filters_officers").label == person
    assert any("recommendations are complete" in m.value for m in at.markdown)
    assert at.metric[0].label == "Recommendations"
    assert all("actions" not in t for t in _titles(at))

    at.switch_page("pages/progress.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == f"Progress by {group}"
    assert any(f"by {group}" in t for t in _titles(at)) and not any("by recommendation" in t for t in _titles(at))
    assert f"Status counts by {group}, with downloads" in [e.label for e in at.expander]

    at.switch_page("pages/overdue.py").run()
    open_sections(at, "overdue_open_officers")
    assert at.title[0].value == "Overdue recommendations"
    table = at.dataframe[0].value
    assert person in table.columns and "Recommendation" in table.columns and group.capitalize() in table.columns
    assert any(t == f"Overdue recommendations by {person.lower()}" for t in _titles(at))

    at.switch_page("pages/actions.py").run()
    assert at.title[0].value == "Recommendations"
    assert person in at.dataframe[0].value.columns
