"""All plans in AppTest (issue 24): with three plans it is the first page, with each plan's figures and
links; the sidebar's plan picker; a deep link with ?plan=; an analyst limited to one plan is refused
publishing to another; and the portfolio paper from its button."""
import datetime as dt
import io
import json

import pytest
from apptest_helpers import app_store, open_page
from plans_data import plan_csv, publish_plan

import pages.common.identity as identity_module
import pages.screens.publish as publish_screen
from bvdata.base.access import ANALYST, Identity
from bvdata.base.settings import Settings
from bvdata.store import audit
from bvdata.store.plans import plan_named


@pytest.fixture
def three_plans():
    """Three plans of a council's own (the sample is not counted beside them), dated in 2023."""
    open_page()                                 # the app seeds its sample first, as on a first start
    engine = app_store()
    publish_plan(engine, "bv", 12, dt.date(2023, 1, 1), name="Best Value plan", done=3, due="31/12/2022")
    publish_plan(engine, "bv", 12, dt.date(2023, 4, 1), done=5, step=40, due="31/12/2022")
    publish_plan(engine, "ia", 6, dt.date(2023, 2, 1), name="Internal audit 2022/23", due="30/06/2023")
    publish_plan(engine, "ea", 4, dt.date(2023, 3, 1), name="External audit annual report", done=1, priority=False)
    return engine


def test_all_plans_is_the_first_page_and_names_every_plan(three_plans):
    at = open_page()
    assert at.title[0].value == "All plans"
    summary = next(t.value for t in at.dataframe if "Plan" in t.value.columns and "Trend" in t.value.columns)
    assert list(summary["Plan"]) == ["Best Value plan", "Internal audit 2022/23", "External audit annual report"]
    assert list(summary["Items"]) == [12, 6, 4] and list(summary["Complete"]) == [5, 0, 1]
    ids = [plan_named(three_plans, n).id for n in summary["Plan"]]
    assert list(summary["Open"]) == [f"overview?plan={i}" for i in ids]
    assert list(summary["Trend"].iloc[0]) == [3, 5]                       # complete at each of its two updates
    assert "3 plans: 22 items, 6 complete" in at.subheader[0].value.replace("\\", "")
    priority = next(t.value for t in at.dataframe if "Priority" in t.value.columns and "Outstanding" in t.value.columns)
    assert "All plans" in set(priority["Plan"]) and {"High", "Medium", "Low", "Not given"} <= set(priority["Priority"])


def test_the_plan_picker_switches_the_plan_and_the_heading_names_it(three_plans):
    at = open_page()
    picker = at.sidebar.selectbox(key="sidebar_plan")
    assert len(picker.options) == 4                                   # three plans and the sample
    internal = plan_named(three_plans, "Internal audit 2022/23").id
    picker.set_value(internal).run()
    assert not at.exception, at.exception
    assert at.session_state["bv_dataset"].plan_id == internal and at.query_params["plan"] == str(internal)
    at.switch_page("pages/overview.py").run()
    assert at.title[0].value.replace("\\", "") == "Overview: Internal audit 2022/23"      # escaped: a plan name is text
    assert {m.label: m.value for m in at.metric}["Actions"] == "6"


def test_a_deep_link_with_plan_opens_on_that_plan(three_plans):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    external = plan_named(three_plans, "External audit annual report").id
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["plan"] = str(external)                # a link such as /overview?plan=3, on a first visit
    at.run()
    assert at.session_state["bv_dataset"].plan_id == external
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value.replace("\\", "") == "Overview: External audit annual report"
    assert {m.label: m.value for m in at.metric}["Actions"] == "4"


def test_an_analyst_limited_to_one_plan_is_refused_publishing_to_another(three_plans, monkeypatch):
    ian = Identity("ian@council.gov.uk", ANALYST, signed_in=True)
    monkeypatch.setattr(identity_module, "identity_provider", lambda: ian)
    monkeypatch.setattr(publish_screen, "app_settings",
                        lambda: Settings(plan_analysts={"ian@council.gov.uk": ["Internal audit 2022/23"]}))
    at = open_page("data")
    data = plan_csv("bv", 12, dt.date(2023, 7, 1), done=8)
    at.file_uploader(key="data_upload").set_value(("bv.csv", data, "text/csv")).run()
    assert at.selectbox(key="data_plan").value == plan_named(three_plans, "Best Value plan").id     # by evidence
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert "may change 'Internal audit 2022/23' only, so may not publish to the plan 'Best Value plan'" in \
        at.error[0].value.replace("\\", "")
    assert audit.trail(three_plans, limit=1).iloc[0]["action"] == "refused"
    assert len(three_plans.connect().exec_driver_sql("SELECT id FROM snapshots").all()) == 6      # nothing added


def test_the_portfolio_paper_names_every_plan(three_plans):
    import docx
    at = open_page()
    at.button(key="allplans_prepare_report").click().run()
    assert not at.exception, at.exception
    made = at.session_state["bv_portfolio_report"][1]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(made)).paragraphs)
    for name in ("Best Value plan", "Internal audit 2022/23", "External audit annual report"):
        assert name in text
    assert "Download paper (.docx)" in [b.label for b in at.get("download_button")]


def test_the_charts_read_on_a_projector(three_plans):
    at = open_page()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [s["layout"].get("title", {}).get("text", "") for s in specs]
    assert len(specs) == 2                                         # priority, and overdue by age and service
    assert all(s["layout"]["font"]["size"] >= 16 for s in specs), titles


def test_a_file_two_plans_could_be_is_not_preselected(three_plans):
    """Issue 32, finding 4: when two plans share at least half a file's items, the older plan won silently.
    The Data page now preselects neither, names both, and publishes only once the analyst chooses."""
    publish_plan(three_plans, "bv", 12, dt.date(2023, 5, 1), plan=plan_named(three_plans, "Internal audit 2022/23"),
                 done=6)
    at = open_page("data")
    data = plan_csv("bv", 12, dt.date(2023, 7, 1), done=8)
    at.file_uploader(key="data_upload").set_value(("bv.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="data_plan").value is None
    warned = " ".join(w.value.replace("\\", "") for w in at.warning)
    assert "more than one plan, 'Best Value plan'" in warned and "'Internal audit 2022/23'" in warned
    at.button(key="data_publish").click().run()
    assert "Choose the plan this file goes into." in [e.value.replace("\\", "") for e in at.error]
    at.selectbox(key="data_plan").set_value(plan_named(three_plans, "Best Value plan").id).run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert "Published snapshot" in at.success[0].value.replace("\\", "")


def test_each_plan_counts_as_at_its_own_update_until_one_date_is_chosen(three_plans):
    at = open_page()
    summary = next(t.value for t in at.dataframe if "Plan" in t.value.columns and "Trend" in t.value.columns)
    # the internal audit's 6 items are due 30 Jun 2023: not overdue as at its own update (1 Feb 2023)
    assert int(summary.loc[summary["Plan"] == "Internal audit 2022/23", "Overdue"].iloc[0]) == 0
    assert "each plan as at its latest update" in at.subheader[0].value.replace("\\", "")
    at.radio(key="allplans_dating").set_value("One date for every plan").run()
    at.date_input(key="allplans_as_of").set_value(dt.date(2023, 12, 1)).run()
    summary = next(t.value for t in at.dataframe if "Plan" in t.value.columns and "Trend" in t.value.columns)
    assert int(summary.loc[summary["Plan"] == "Internal audit 2022/23", "Overdue"].iloc[0]) == 6
    assert "as at 01 Dec 2023" in at.subheader[0].value.replace("\\", "")
