"""The forecast's arithmetic on constructed histories: constant rate, stalled, complete, and the rest."""
import datetime as dt

import pandas as pd
import pytest

from bvdata.model.forecast import Point, forecast, points_from_history, quarter
from tests.conftest import ROOT

D = dt.date


def history(*rows, items=40, closed=0):
    return [Point(day, done, closed, items) for day, done in rows]


def test_constant_rate_projects_one_date_and_a_range_of_one_quarter():
    # 4 a quarter-year (91 or 92 days) for three intervals; 28 remain at 12 done on 1 Jan 2024
    points = history((D(2023, 4, 1), 0), (D(2023, 7, 1), 4), (D(2023, 10, 1), 8), (D(2024, 1, 1), 12))
    f = forecast(points)
    assert f.kind == "projected" and f.remaining == 28
    per_day = 12 / (D(2024, 1, 1) - D(2023, 4, 1)).days          # 12 in 275 days
    assert f.expected == D(2024, 1, 1) + dt.timedelta(days=round(28 / per_day))
    assert f.expected == D(2025, 10, 4)     # 641.67 days on: 366 to 1 Jan 2025, then 276 = Jan-Sep (273) + 3
    assert f.per_month == pytest.approx(per_day * 365.25 / 12)
    # the fastest interval (4 in 91 days) and the slowest (4 in 92 days) give nearly the same date
    assert f.earliest == D(2024, 1, 1) + dt.timedelta(days=round(28 * 91 / 4))
    assert f.latest == D(2024, 1, 1) + dt.timedelta(days=round(28 * 92 / 4))
    assert (f.earliest, f.latest) == (D(2025, 9, 29), D(2025, 10, 6))     # 637 and 644 days on
    assert f.sentence == ("At the rate of the last 3 intervals between updates (1.3 actions a month), "
                          "all 40 actions complete between Q3 and Q4 2025.")


def test_a_range_from_the_fastest_and_slowest_recent_intervals():
    points = history((D(2024, 1, 1), 0), (D(2024, 4, 1), 10), (D(2024, 7, 1), 12))   # 10, then 2
    f = forecast(points)
    assert f.remaining == 28
    assert f.earliest == D(2024, 7, 1) + dt.timedelta(days=round(28 * 91 / 10))       # 10 in 91 days
    assert f.latest == D(2024, 7, 1) + dt.timedelta(days=round(28 * 91 / 2))          # 2 in 91 days
    assert f.sentence == ("At the rate of the last 2 intervals between updates (2.0 actions a month), "
                          f"all 40 actions complete between {quarter(f.earliest)} and {quarter(f.latest)}.")
    assert (f.earliest, f.latest) == (D(2025, 3, 13), D(2027, 12, 27))     # 255 and 1,274 days after 1 Jul 2024
    assert (quarter(f.earliest), quarter(f.latest)) == ("Q1 2025", "Q4 2027")


def test_stalled_plan_says_it_would_never_complete():
    f = forecast(history((D(2024, 1, 1), 20), (D(2024, 4, 1), 20)))
    assert f.kind == "stalled" and f.expected is None and f.remaining == 20
    assert "would never be complete" in f.sentence


def test_only_the_recent_window_counts():
    # fast early on, stalled over the last four updates
    points = history((D(2020, 1, 1), 0), (D(2021, 1, 1), 30), (D(2021, 4, 1), 30), (D(2021, 7, 1), 30),
                     (D(2021, 10, 1), 30))
    assert forecast(points).kind == "stalled"


def test_complete_plan_has_nothing_to_forecast():
    f = forecast(history((D(2024, 1, 1), 30), (D(2024, 4, 1), 40)))
    assert f.kind == "complete" and f.remaining == 0 and f.expected is None
    assert "All 40 actions still in the plan are complete" in f.sentence


def test_closed_items_are_never_waited_for():
    f = forecast(history((D(2024, 1, 1), 20), (D(2024, 4, 1), 35), closed=5))
    assert f.kind == "complete"
    g = forecast(history((D(2024, 1, 1), 20), (D(2024, 4, 1), 30), closed=5))
    assert g.remaining == 5 and "all 35 actions" in g.sentence


@pytest.mark.parametrize("points, words", [([], "there are none yet"),
                                           ([Point(D(2024, 1, 1), 3, 0, 40)], "there is only one")])
def test_too_few_updates(points, words):
    f = forecast(points)
    assert f.kind == "too_few" and words in f.sentence and f.expected is None


def test_two_updates_on_one_day_are_one_point_and_order_does_not_matter():
    a = history((D(2024, 4, 1), 10), (D(2024, 1, 1), 0), (D(2024, 4, 1), 12))
    f = forecast(a)
    assert [p.complete for p in f.points] == [0, 12]
    assert forecast(history((D(2024, 1, 1), 0), (D(2024, 4, 1), 12))).expected == f.expected


def test_a_crawl_past_the_horizon_is_not_given_a_date():
    f = forecast(history((D(2024, 1, 1), 0), (D(2025, 1, 1), 1), items=100))
    assert f.kind == "stalled" and "more than 20 years" in f.sentence


def test_one_interval_without_completions_leaves_the_latest_date_open():
    f = forecast(history((D(2024, 1, 1), 0), (D(2024, 4, 1), 20), (D(2024, 7, 1), 20)))
    assert f.kind == "projected" and f.latest is None and f.earliest is not None
    assert "the latest date cannot be stated" in f.sentence


def test_recommendation_trackers_use_their_own_noun():
    f = forecast(history((D(2024, 1, 1), 0), (D(2024, 4, 1), 10)), ("recommendation", "recommendations"))
    assert "all 40 recommendations complete" in f.sentence


def test_points_from_the_store_listing_use_the_publish_day_when_undated():
    listing = pd.DataFrame({"id": [1, 2], "label": ["a", "b"], "complete_count": [3, 5], "action_count": [40, 40],
                            "as_at": [pd.Timestamp("2024-01-31"), pd.NaT],
                            "published_at": [pd.Timestamp("2024-02-01", tz="UTC"), pd.Timestamp("2024-05-02", tz="UTC")]})
    points = points_from_history(listing, {2: 4})
    assert points == [Point(D(2024, 1, 31), 3, 0, 40, "a"), Point(D(2024, 5, 2), 5, 4, 40, "b")]


@pytest.mark.parametrize("day, name", [(D(2024, 1, 1), "Q1 2024"), (D(2024, 6, 30), "Q2 2024"),
                                       (D(2024, 7, 1), "Q3 2024"), (D(2024, 12, 31), "Q4 2024")])
def test_quarter_names(day, name):
    assert quarter(day) == name


def test_burnup_chart_draws_the_history_the_forecast_and_its_range():
    from bvdata.papers.figures import burnup_chart
    f = forecast(history((D(2024, 1, 1), 0), (D(2024, 4, 1), 10), (D(2024, 7, 1), 12)))
    fig = burnup_chart(f)
    names = [t.name for t in fig.data]
    assert names == ["Actions in the plan", "Complete", "Range at recent rates", "Forecast at the recent rate"]
    assert list(fig.data[1].y) == [0, 10, 12]
    band = fig.data[2]
    assert list(band.x) == [D(2024, 7, 1), f.earliest, f.latest, D(2024, 7, 1)] and list(band.y) == [12, 40, 40, 12]
    assert list(fig.data[3].x) == [D(2024, 7, 1), f.expected]


@pytest.mark.parametrize("rows", [[(D(2024, 1, 1), 5)], [(D(2024, 1, 1), 5), (D(2024, 4, 1), 5)]])
def test_burnup_chart_without_a_forecast_draws_only_the_history(rows):
    from bvdata.papers.figures import burnup_chart
    fig = burnup_chart(forecast(history(*rows)))
    assert [t.name for t in fig.data] == ["Actions in the plan", "Complete"]


def test_plan_forecast_from_a_store_with_the_file_shown_as_a_later_point(tmp_path):
    """The sample's two updates (8 Feb 2021, 14 Feb 2022) from a real store, then the 2022 file shown as
    at a later date: it adds a point only when it is later than every published update."""
    from bvdata import load_tracker, store
    from bvdata.store.versions import plan_forecast
    root = ROOT / "sample_data"
    SAMPLE_OLD, SAMPLE = root / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", root / "bv_tracker_2022-02-14.xlsx"
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    for path in (SAMPLE_OLD, SAMPLE):
        tracker = load_tracker(path)
        store.publish(engine, tracker, path.read_bytes(), published_by="test")
    f = plan_forecast(engine)
    listed = store.list_snapshots(engine)
    assert [p.as_at for p in f.points] == [D(2021, 2, 8), D(2022, 2, 14)]
    assert [p.complete for p in f.points] == list(listed["complete_count"])
    later = plan_forecast(engine, tracker, D(2022, 6, 30))
    assert [p.as_at for p in later.points][-1] == D(2022, 6, 30) and len(later.points) == 3
    assert len(plan_forecast(engine, tracker, D(2022, 2, 14)).points) == 2     # not later: not added
    assert plan_forecast(engine, published_by=lambda who: who != "test").kind == "too_few"
