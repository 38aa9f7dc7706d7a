from apptest_helpers import open_filters, open_page, open_sections, plotly_specs, values


def test_overview_headline_and_roundup():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Actions"] == "40" and metrics["Complete"] == "17" and metrics["Overdue"] == "2"
    assert metrics["No update"] == "2"
    headline = next(m.value for m in at.markdown if "actions are complete" in m.value).replace("\\", "")
    assert headline.startswith("**17 of 40 actions are complete; 2 are overdue, the oldest by 685 days")
    specs = plotly_specs(at)
    assert len(specs) == 1 and sum(values(t["y"])[0] for t in specs[0]["data"]) == 40   # the lead chart only
    # only the statuses that occur are drawn; the caption counts them and names the rest as none
    assert [t["name"] for t in specs[0]["data"]] == ["Complete", "Overdue", "No update", "Not started", "Due soon",
                                                  "In progress"]
    assert any("(none closed or paused)" in c.value.replace("\\", "") for c in at.caption)


def test_overview_burnup_and_forecast_from_the_sample_history():
    """The sample's two published updates: complete at each, and the forecast sentence under the chart."""
    from bvdata import load_tracker
    from bvdata.model.forecast import Point, forecast
    from bvdata.model.status import headline, with_status
    from tests.conftest import ROOT
    points = []
    for name in ("bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", "bv_tracker_2022-02-14.xlsx"):
        t = load_tracker(ROOT / "sample_data" / name)
        h = headline(with_status(t.actions, t.as_at))
        points.append(Point(t.as_at, h["complete"], h["closed"], h["actions"]))
    expected = forecast(points)
    at = open_page()
    shown = " ".join(c.value.replace("\\", "") for c in at.sidebar.caption)
    assert "Audit & Scrutiny Committee, 14 Feb 2022 (sample), as at 14 Feb 2022" in shown
    at = open_sections(at, "overview_open_burnup")      # drawn on demand
    burnup = plotly_specs(at)[1]
    assert "#### Burn-up: complete at each update, and the forecast" in [m.value.replace("\\", "") for m in at.markdown]
    complete = next(t for t in burnup["data"] if t["name"] == "Complete")
    assert values(complete["y"]) == [p.complete for p in points] and values(complete["y"])[-1] == 17
    assert expected.sentence in [c.value.replace("\\", "") for c in at.caption]


def test_sidebar_filter_narrows_every_page():
    at = open_filters(open_page())
    rec = at.multiselect(key="filters_recommendations")
    rec.select(rec.options[5]).run()      # the members' CPD recommendation: 5 actions
    assert {m.label: m.value for m in at.metric}["Actions"] == "5"
    at.switch_page("pages/actions.py").run()
    assert not at.exception
    assert any(c.value.startswith("5 of 40 actions shown") for c in at.caption)


def test_as_of_date_moves_overdue():
    import datetime as dt
    at = open_filters(open_page())
    at.date_input(key="filters_as_of").set_value(dt.date(2022, 7, 1)).run()
    assert int({m.label: m.value for m in at.metric}["Overdue"]) > 2


def test_opens_on_the_file_named_by_bvdata_tracker(monkeypatch, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("No.,Action,Timescales,% Complete\n1,Only action,31/12/2020,50%\n", encoding="utf-8")
    at = open_page(env_tracker=path, monkeypatch=monkeypatch)
    assert {m.label: m.value for m in at.metric}["Actions"] == "1"
    assert any("mine.csv" in c.value.replace("\\", "") for c in at.sidebar.caption)


def test_unreadable_bvdata_tracker_falls_back_to_sample_with_a_warning(monkeypatch, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    at = open_page(env_tracker=path, monkeypatch=monkeypatch)
    assert "not a spreadsheet" in at.warning[0].value
    assert {m.label: m.value for m in at.metric}["Actions"] == "40"


def test_committee_report_is_prepared_then_offered():
    from browser import need_browser
    need_browser()
    at = open_sections(open_page(), "overview_open_report")
    at.button(key="overview_prepare_report").click().run(timeout=120)
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Download report (.docx)" in labels


def test_the_report_is_offered_as_pdf_once_made():
    from browser import need_browser, need_office
    need_browser()
    need_office()
    at = open_sections(open_page(), "overview_open_report")
    at.button(key="overview_prepare_report").click().run(timeout=120)
    at.button(key="overview_prepare_pdf").click().run(timeout=300)
    assert not at.exception, at.exception
    assert "Download report (PDF)" in [b.label for b in at.get("download_button")]


def test_without_libreoffice_the_pdf_button_says_how_to_get_it(monkeypatch):
    from browser import need_browser
    need_browser()
    from bvdata.papers import pdf
    monkeypatch.setattr(pdf, "office", lambda: None)
    at = open_sections(open_page(), "overview_open_report")
    at.button(key="overview_prepare_report").click().run(timeout=120)
    assert not at.exception, at.exception
    button = at.button(key="overview_pdf_unavailable")
    assert button.disabled and "libreoffice-writer-nogui" in button.help
    assert any(c.value == pdf.INSTALL_HINT for c in at.caption)


def test_the_status_rules_are_drawn_when_their_expander_is_opened():
    from bvdata.model.status import STATUS_RULES
    at = open_page()
    assert at.expander[0].label == "What each status means" and len(at.table) == 0
    at.session_state["overview_open_statuses"] = True       # as a click in the browser does
    at.run()
    assert not at.exception, at.exception
    shown = at.table[0].value
    assert list(shown["Status"]) == [r.label for r in STATUS_RULES] and list(shown["Rule"]) == [r.definition for r in STATUS_RULES]
