import pandas as pd
import pytest

from bvdata.model.status import STATUS_RULES, ageing_counts, by_recommendation, overdue_list, roundup_text, with_status
from bvdata.papers.figures import (
    HOVER_WIDTH,
    ageing_chart,
    overdue_by_officer,
    plain,
    radial_range,
    recommendation_progress,
    status_roundup,
    theme_radar,
    wrap,
)


@pytest.fixture(scope="module")
def sample_status(sample_tracker):
    return with_status(sample_tracker.actions, sample_tracker.as_at)


def test_roundup_draws_the_statuses_that_occur_with_label_colour_and_pattern(sample_status):
    fig = status_roundup(sample_status)
    occurring = [r.label for r in STATUS_RULES if (sample_status["status"] == r.key).any()]
    assert [t.name for t in fig.data] == occurring and len(occurring) < len(STATUS_RULES)
    counts = {t.name: t.y[0] for t in fig.data}
    assert counts["Complete"] == 17 and counts["Overdue"] == 2 and sum(counts.values()) == 40
    assert all(t.text[0] == str(t.y[0]) for t in fig.data)         # numbers printed on the bars
    assert len({t.marker.pattern.shape for t in fig.data}) == len(occurring)
    assert roundup_text(sample_status) == ("Complete 17; Overdue 2; No update 2; Not started 2; Due soon 1; "
                                           "In progress 16 (none closed or paused)")
    assert fig.layout.title.text == "Progress round-up of all 40 actions"
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_recommendation_bars_carry_full_title_for_selection(sample_status, sample_tracker):
    summary = by_recommendation(sample_status, sample_tracker.recommendations)
    fig = recommendation_progress(summary)
    bar = fig.data[0]
    assert [c[0] for c in bar.customdata] == list(summary["recommendation"])
    # by hand from the seed: (100+75+75+75)/4, (25+100+25+90+100+100)/6, …; the last group is all 100%
    assert list(bar.x) == [81.25, 73.33, 80.56, 93.33, 95.0, 32.0, 85.0, 100.0]
    # each name and figure written above its bar: the name on one line (cut with an ellipsis), then the figure
    notes = [a.text for a in fig.layout.annotations]
    assert len(notes) == 8 and all(n.count("<br>") == 1 and len(n.split("<br>")[0]) <= 34 for n in notes)
    assert fig.layout.height <= 110 + 60 * 8                  # eight recommendations above the fold at 1440 x 900
    assert notes[0].endswith("<br><b>81% · 4 actions</b>") and notes[-1].endswith("<b>100% · 2 actions</b>")
    assert not fig.layout.yaxis.showticklabels and bar.textposition == "none"
    # the hover's lines narrow enough for a phone (issue 25: a tap's label was cut at the left at 390 px)
    hover_lines = [line for c in bar.customdata for line in c[1].split("<br>")]
    assert max(len(line) for line in hover_lines) <= HOVER_WIDTH
    assert any(c[1].count("<br>") >= 2 for c in bar.customdata)      # long names take more lines, not width


def test_overdue_charts(sample_status):
    ageing = ageing_counts(sample_status)
    fig = ageing_chart(ageing)
    assert list(fig.data[0].y) == [0, 1, 0, 1]                      # 106 days (3 to 6 months) and 685 days
    officers = overdue_by_officer(overdue_list(sample_status))
    assert dict(zip(officers.data[0].y, officers.data[0].x)) == {"Jenni Craig": 1, "Clair Hepburn": 1}


def test_radar_one_trace_per_period_and_dashed_target(sample_tracker):
    scores = sample_tracker.themes
    fig = theme_radar(scores.frame, scores.periods, scores.scale)
    names = [t.name for t in fig.data]
    assert names == ["2020/21", "2021/22", "Target"]
    assert fig.data[-1].line.dash == "dash"
    assert len(fig.data[0].r) == 8                                   # seven themes, closed
    assert list(fig.layout.polar.radialaxis.range) == [1, 5]
    assert fig.data[1].r[0] == 3.5                                    # Vision and Leadership, 2021/22


def test_the_numbered_radar_leaves_the_circle_the_width(sample_tracker):
    """A phone's radar: numbers on the spokes, the names in the hover, and little margin beside the circle."""
    scores = sample_tracker.themes
    named = theme_radar(scores.frame, scores.periods, scores.scale)
    numbered = theme_radar(scores.frame, scores.periods, scores.scale, numbered=True)
    assert list(numbered.data[0].theta) == ["1", "2", "3", "4", "5", "6", "7", "1"]
    assert list(numbered.data[0].customdata) == list(named.data[0].customdata)
    assert "Accountability" in named.data[0].theta[1] and numbered.data[0].customdata[1] == "Governance and Accountability"
    assert numbered.layout.margin.l + numbered.layout.margin.r <= 60 < named.layout.margin.l + named.layout.margin.r
    assert list(numbered.data[1].r) == list(named.data[1].r)                        # the same scores
    assert numbered.layout.polar.angularaxis.type == "category"                      # "1" is a name, not a number


@pytest.mark.parametrize("scores, scale, expected", [
    ([1, 2, 3.5], None, (1.0, 5.0)),        # the framework's 1-5, never "1-4" because nobody scored a 5
    ([2, 5], None, (1.0, 5.0)), ([0, 3], None, (0.0, 5.0)),
    ([40, 80], None, (1.0, 100.0)), ([3], (0, 6), (0, 6)),
])
def test_radial_range_is_the_declared_scale_else_the_frameworks(scores, scale, expected):
    frame = pd.DataFrame({"score": scores, "target": [None] * len(scores)}, dtype="float64")
    assert radial_range(frame, scale) == expected


def test_text_from_the_data_is_escaped():
    assert plain("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    scores = pd.DataFrame({"theme": ["<b>Bold</b>", "Plain"], "period": ["P1"] * 2, "score": [2.0, 3.0], "target": [None] * 2})
    assert theme_radar(scores, ["P1"], numbered=True).data[0].customdata[0] == "&lt;b&gt;Bold&lt;/b&gt;"    # the hover
    assert "<img" not in wrap('<img src=x onerror="alert(1)">')


@pytest.mark.parametrize("build", [
    lambda status, tracker: status_roundup(status),
    lambda status, tracker: recommendation_progress(by_recommendation(status, tracker.recommendations)),
    lambda status, tracker: ageing_chart(ageing_counts(status)),
    lambda status, tracker: overdue_by_officer(overdue_list(status)),
    lambda status, tracker: theme_radar(tracker.themes.frame, tracker.themes.periods, tracker.themes.scale),
], ids=["roundup", "recommendations", "ageing", "officers", "radar"])
@pytest.mark.parametrize("default", ["plotly", "streamlit"])
def test_every_figure_is_drawn_on_the_white_template_whatever_the_default(build, default, sample_status,
                                                                          sample_tracker, monkeypatch):
    # Streamlit sets Plotly's process-wide default to its own template (colours as placeholders that
    # only its theme fills in); the figures name theirs, so the default never reaches them
    import plotly.io as pio
    import streamlit.elements.plotly_chart  # noqa: F401  (registers the "streamlit" template)

    from bvdata.papers.figures import TRACE_TYPES
    monkeypatch.setattr(pio.templates, "default", default)
    fig = build(sample_status, sample_tracker).to_dict()
    white = pio.templates["plotly_white"].to_plotly_json()
    assert fig["layout"]["template"]["layout"] == white["layout"]
    assert {t["type"] for t in fig["data"]} <= set(TRACE_TYPES)      # every trace drawn has its white defaults
    assert all(fig["layout"]["template"]["data"][kind] == white["data"][kind] for kind in TRACE_TYPES)


def test_the_radar_scale_runs_between_two_themes_not_along_one(sample_tracker):
    scores = sample_tracker.themes.frame
    periods = list(dict.fromkeys(scores["period"]))
    fig = theme_radar(scores, periods)
    n = scores["theme"].nunique()
    spokes = {(90 - k * 360 / n) % 360 for k in range(n)}                 # clockwise from the top
    angle = fig.layout.polar.radialaxis.angle % 360
    assert min(min(abs(angle - s), 360 - abs(angle - s)) for s in spokes) >= 360 / n / 2 - 0.01


def test_the_trend_draws_no_empty_mean_panel_when_no_snapshot_gives_a_percent():
    from bvdata.papers.figures import trend_chart
    history = pd.DataFrame({"id": [1, 2], "label": ["a", "b"], "as_at": pd.to_datetime(["2022-01-01", "2022-06-01"]),
                            "published_at": pd.to_datetime(["2022-01-02", "2022-06-02"], utc=True),
                            "complete_count": [1, 3], "mean_completion": [float("nan")] * 2, "overdue_count": [2, 1]})
    titles = [a.text for a in trend_chart(history).layout.annotations]
    assert titles == ["Complete", "Overdue"]
    with_mean = trend_chart(history.assign(mean_completion=[40.0, 60.0]))
    assert [a.text for a in with_mean.layout.annotations] == ["Complete", "Mean %", "Overdue"]


def _count_axes(fig):
    """(axis, its top) for every axis of counts (ticks as whole numbers) in a figure."""
    layout = fig.to_dict()["layout"]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and axis.get("tickformat") == ",d":
            yield name, axis


@pytest.mark.parametrize("rows", [1, 3, 7])
def test_a_count_axis_of_few_items_ticks_each_whole_number_once(sample_status, rows):
    """Issue 34, item 6: "0 0 0 1 1 1" never: with counts this small every tick is one more item."""
    from bvdata.papers.figures import ageing_chart, overdue_by_officer, recommendation_status_mix, roundup_comparison
    few = sample_status.head(rows)
    figures = [status_roundup(few), roundup_comparison(few, few, "Before", "Now"),
               recommendation_status_mix(by_recommendation(few)), ageing_chart(ageing_counts(few)),
               overdue_by_officer(overdue_list(few))]
    axes = [axis for fig in figures for _, axis in _count_axes(fig)]
    assert axes and all(axis.get("dtick") == 1 for axis in axes)
