"""One number, one format, on every page, on the same figures (the sample history): a score to one
decimal place, a completion as a whole %, blanks never "None", ties named as ties, whole-number ticks
on count axes, and the grammar following the count."""
import json
import re

from apptest_helpers import open_page, open_sections, plotly_specs


def shown_text(at) -> str:
    parts = [e.value for kind in ("subheader", "caption", "info", "success", "warning", "markdown", "text")
             for e in getattr(at, kind)]
    return " ".join(p.replace("\\", "") for p in parts)


def column_formats(at) -> dict[str, str]:
    formats = {}
    for table in at.dataframe:
        for name, config in json.loads(table.proto.columns or "{}").items():
            fmt = config.get("type_config", {}).get("format")
            if fmt:
                formats[name] = fmt
    return formats


def no_none_shown(at) -> None:
    for table in at.dataframe:
        assert table.proto.placeholder == "–"              # a missing number shows a dash, not "None"
        for column in table.value.columns:
            if table.value[column].dtype == object:
                assert not table.value[column].map(lambda v: v is None or v == "None").any(), column


def test_overview_figures():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mean %"] == "77%"                                 # 76.81, whole
    text = shown_text(at)
    assert "17 of 40 actions are complete; 2 are overdue, the oldest by 685 days, and 2 have no update." in text
    assert plotly_specs(at)[0]["layout"]["yaxis"]["tickformat"] == ",d"


def test_progress_figures():
    at = open_sections(open_page("progress"), "progress_open_counts")
    bar = plotly_specs(at)[0]["data"][0]
    assert bar["text"][0] == "81% · 4 actions" and bar["text"][-1] == "100% · 2 actions"
    assert "8 recommendations; the furthest along is at 100% mean completion." in shown_text(at)
    assert set(column_formats(at).values()) == {"%.0f%%"}
    no_none_shown(at)


def test_overdue_figures_and_the_tie():
    at = open_sections(open_page("overdue"), "overdue_open_officers")
    text = shown_text(at)
    assert "2 overdue as of 14 Feb 2022; the oldest by 685 days." in text
    assert "2 lead officers have overdue actions; Clair Hepburn and Jenni Craig have 1 each." in text
    specs = plotly_specs(at)
    assert all(s["layout"]["yaxis"].get("tickformat") == ",d" or s["layout"]["xaxis"].get("tickformat") == ",d"
               for s in specs)
    assert column_formats(at)["% Completion"] == "%.0f%%"
    no_none_shown(at)


def test_themes_figures():
    at = open_sections(open_page("themes"), "themes_open_change")
    text = shown_text(at)
    assert re.search(r"the weakest theme is Sustainable Development \(2\.0\)", text)
    assert "7 of 7 themes are below target" in text
    formats = column_formats(at)
    assert formats["2021/22"] == "%.1f" and formats["Target"] == "%.1f" and formats["Change"] == "%+.1f"
    no_none_shown(at)
    open_sections(at, "themes_open_assessment").button(key="themes_sample").click().run()
    text = shown_text(at)
    scores = re.findall(r"(?:Leadership|Accountability|Resources|Working|Communities|Development|Equality) (\d+\.\d+) \(",
                        text)
    assert scores and all(len(s.split(".")[1]) == 1 for s in scores)
    flags = [w.value.replace("\\", "") for w in at.warning]
    assert flags and all(re.search(r"scored \d\.\d of 5 against a target of \d\.\d;", f) for f in flags)
    no_none_shown(at)


def test_compare_figures():
    at = open_sections(open_page("compare"), "compare_open_trend", "compare_open_groups")
    formats = column_formats(at)
    assert formats["Mean completion before"] == "%.0f%%" and formats["Change (points)"] == "%+.0f"
    assert formats["% Completion before"] == "%.0f%%"
    trend = plotly_specs(at)[-1]
    assert trend["layout"]["xaxis"]["type"] == "date"
    assert "2 snapshots in date order; the latest, as at 14 Feb 2022, has 17 actions complete and 2 overdue." in \
        shown_text(at)


def test_actions_figures():
    at = open_page("actions")
    assert "40 of 40 actions shown." in shown_text(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Completion"] == "100%" and metrics["Days overdue"] == "–"


# -- one date format (issue 25): "14 Feb 2022" on every page and in the paper; ISO only in exports --

OTHER_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}-[A-Z][a-z]{2}-\d{2}\b|"
                        r"\b\d{1,2} (?:January|February|March|April|June|July|August|September|October|November|"
                        r"December) \d{4}\b")
DATE_PAGES = {None: ("overview_open_burnup",), "progress": ("progress_open_counts",),
              "overdue": ("overdue_open_officers",), "themes": ("themes_open_change",),
              "compare": ("compare_open_roundups", "compare_open_trend"), "actions": ()}


def test_every_date_the_pages_write_has_the_one_format():
    from bvdata.base.formats import DATE_COLUMN, DATE_PATTERN
    for page, sections in DATE_PAGES.items():
        at = open_sections(open_page(page), *sections)
        text = shown_text(at)
        assert not OTHER_DATE.findall(text), (page, OTHER_DATE.findall(text))
        for spec in plotly_specs(at):
            title = json.dumps(spec["layout"].get("title", {})) + " ".join(
                a.get("text", "") for a in spec["layout"].get("annotations", []))
            assert not OTHER_DATE.findall(title), (page, title)
        for table in at.dataframe:
            for name, config in json.loads(table.proto.columns or "{}").items():
                if config.get("type_config", {}).get("type") in ("date", "datetime"):
                    assert config["type_config"]["format"].startswith(DATE_COLUMN), (page, name)
    assert re.fullmatch(DATE_PATTERN, "14 Feb 2022")


def test_every_date_the_paper_writes_has_the_one_format(sample_tracker):
    import io

    import docx

    from bvdata.papers.report import build_report
    from tests.papers.test_report import FakeRenderer
    document = docx.Document(io.BytesIO(build_report(sample_tracker, FakeRenderer())))
    ours = [p.text for p in document.paragraphs]
    for table in document.tables:                   # the dates the paper writes in its tables, not the notes
        header = [c.text for c in table.rows[0].cells]
        if "Timescales" in header:
            j = header.index("Timescales")
            ours += [row.cells[j].text for row in table.rows[1:]]
    found = [t for t in ours if OTHER_DATE.search(t)]
    assert not found, found[:5]
    assert any(re.search(r"\b\d{2} [A-Z][a-z]{2} \d{4}\b", t) for t in ours)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "Best Value Audit Implementation Plan · Page " in footer and 'w:instr="PAGE"' in footer
