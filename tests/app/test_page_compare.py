import json
import os
from pathlib import Path

from apptest_helpers import open_filters, open_page, open_sections, plotly_specs, table_with, values

from bvdata.base.formats import DATE_COLUMN
from tests.conftest import ROOT

IN_ORDER = "From 08 Feb 2021 to 14 Feb 2022: 13 actions completed, 11 progressed and 0 went backwards."


def test_compare_defaults_to_previous_against_latest():
    at = open_page("compare")
    assert at.selectbox(key="compare_old").value < at.selectbox(key="compare_new").value
    assert len(plotly_specs(at)) == 1          # the page leads with the movement chart; the rest on demand
    open_sections(at, "compare_open_roundups", "compare_open_trend", "compare_open_changes", "compare_open_groups")
    assert len(plotly_specs(at)) == 5          # movement, two round-ups, trend, burn-up
    burnup = plotly_specs(at)[-1]
    assert "#### Burn-up: complete at each update, and the forecast" in [m.value.replace("\\", "") for m in at.markdown]
    complete = next(t for t in burnup["data"] if t["name"] == "Complete")
    assert values(complete["y"]) == [4, 17]
    # 13 completed in the 371 days from 8 Feb 2021 to 14 Feb 2022; 23 remain: 656 days on, 2 Dec 2023
    forecast = next(t for t in burnup["data"] if t["name"] == "Forecast at the recent rate")
    assert forecast["x"][-1][:10] == "2023-12-02"
    assert ("At the rate of the last interval between updates (1.1 actions a month), all 40 actions complete "
            "in Q4 2023.") in [c.value.replace("\\", "") for c in at.caption]
    assert at.subheader[0].value.replace("\\", "") == IN_ORDER
    amended = table_with(at, "Justification for change")
    assert set(amended["No."]) >= {"23", "24", "36"}
    assert len(at.get("download_button")) == 2
    revised = table_with(at, "Times slipped")                 # dates as dates, drawn through formats, never ISO text
    assert str(revised["Revised"].dtype).startswith("datetime64")
    config = json.loads(next(d for d in at.dataframe if "Times slipped" in d.value.columns).proto.columns)
    assert config["Revised"]["type_config"]["format"] == DATE_COLUMN


def test_sidebar_filters_apply_to_the_comparison():
    at = open_filters(open_page())
    rec = at.multiselect(key="filters_recommendations")
    rec.select(rec.options[3]).run()             # staff engagement: actions 22-24
    at.switch_page("pages/compare.py").run()
    open_movement_lists(at)
    assert not at.exception, at.exception
    everything = [t.value for t in at.dataframe if "% Completion before" in t.value.columns]
    ids = {i for table in everything for i in table["No."]}
    assert ids == {"22", "23", "24"}
    narrowed = at.subheader[0].value
    at.session_state["bv_recommendations"] = []        # the comparison is kept per filter: cleared, all again
    at.run()
    assert "13 actions completed, 11 progressed" in at.subheader[0].value.replace("\\", "") != narrowed


def open_movement_lists(at) -> None:
    """Open every movement list, as a click on each does in the browser (they are drawn only when open)."""
    from bvdata.model.compare import MOVEMENTS
    for key, _, _ in MOVEMENTS:
        at.session_state[f"compare_open_{key}"] = True
    at.run()


def publish_later_first():
    """The 2022 update published before the 2021 one, into this test's own store."""
    from bvdata import load_tracker, store
    engine = store.open_store(None)
    for name in ("bv_tracker_2022-02-14.xlsx", "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"):
        path = ROOT / "sample_data" / name
        store.publish(engine, load_tracker(path), path.read_bytes(), label=name, published_by="test")
    engine.dispose()


def test_an_earlier_update_published_later_still_comes_first():
    publish_later_first()
    assert Path(os.environ["BVDATA_HOME"]).exists()
    at = open_page("compare")
    old, new = at.selectbox(key="compare_old").value, at.selectbox(key="compare_new").value
    assert (old, new) == (2, 1)                  # snapshot 2 is dated 2021, snapshot 1 2022
    assert at.subheader[0].value.replace("\\", "") == IN_ORDER
    trend = plotly_specs(open_sections(at, "compare_open_trend"))[-2]
    assert [x[:10] for x in trend["data"][0]["x"]] == ["2021-02-08", "2022-02-14"]
    assert values(trend["data"][0]["y"]) == [4, 17]


def test_picked_the_wrong_way_round_still_runs_earlier_to_later():
    at = open_page("compare")
    at.selectbox(key="compare_old").set_value(2).run()
    at.selectbox(key="compare_new").set_value(1).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value.replace("\\", "") == IN_ORDER
    assert any("other way round" in i.value for i in at.info)


def test_the_dashboard_opens_on_the_latest_by_date_not_by_publish_order():
    publish_later_first()
    at = open_page()
    assert at.session_state["bv_dataset"].snapshot_id == 1
    assert {m.label: m.value for m in at.metric}["Complete"] == "17"


def test_a_movement_list_is_drawn_only_once_opened():
    at = open_page("compare")
    assert [e.label.replace("\\", "") for e in at.expander][1:3] == ["Completed since (13)", "Progressed (11)"]
    assert not any("Matched by" in t.value.columns for t in at.dataframe)     # closed: nothing drawn in it
    at.session_state["compare_open_completed"] = True                      # as the browser does on a click
    at.run()
    assert not at.exception, at.exception
    completed = table_with(at, "Matched by")
    assert len(completed) == 13 and at.session_state["compare_open_completed"]
