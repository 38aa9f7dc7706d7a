"""Plotly figure builders: data in, figure out. No Streamlit here, so each is tested on its own.

Every figure has a title and labelled axes, large type for a projector, and each status keeps its
label and fill pattern as well as its colour. Text from the tracker is escaped before it reaches a
label or hover, because Plotly reads a little HTML in text.
"""
from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ..base.labels import officer_names
from ..base.words import words_of
from ..model.status import AGE_LABELS, STATUS_RULES

FONT_SIZE = 16
# characters a hover line holds: at FONT_SIZE, about 260 px, inside a 390 px phone from either side of a bar
HOVER_WIDTH = 36
INK = "#1a1a1a"
TARGET_COLOUR = "#000000"
# distinct, colour-blind-safe line colours for radar periods (Okabe-Ito), then a dash per period
PERIOD_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
PERIOD_DASHES = ("solid", "dot", "dashdot", "longdash", "solid", "dot", "dashdot")
TRACE_TYPES = ("bar", "scatter", "scatterpolar", "heatmap")      # the kinds of trace drawn here



def count_axis(top) -> dict:
    """An axis of counts: whole numbers only, every one ticked while the counts are small (never "0 0 1 1")."""
    top = 0 if top is None or pd.isna(top) else float(top)
    return {"tickformat": ",d", **({"dtick": 1, "tick0": 0} if top < 10 else {})}

def _white_template() -> go.layout.Template:
    """Plotly's "plotly_white", cut to the trace types drawn here. Naming the whole template makes
    Plotly copy and validate its defaults for 24 trace types in every figure (about 15 ms of a 30 ms
    round-up); this one draws the same and costs half (bench/bench_figures.py). It is named in each
    figure, never set as Plotly's process-wide default, which Streamlit also sets (to its own)."""
    white = pio.templates["plotly_white"]
    data = white.data.to_plotly_json()
    return go.layout.Template(layout=white.layout, data={kind: data[kind] for kind in TRACE_TYPES})


TEMPLATE = _white_template()


def plain(text: object) -> str:
    """Tracker text made safe for a Plotly label: its tags are shown, never read."""
    return html.escape("" if text is None or text is pd.NA else str(text), quote=False)


def wrap(text: object, width: int = 40, max_lines: int = 3) -> str:
    """A long label broken onto lines for a category axis; the full text stays in the hover."""
    lines = textwrap.wrap(plain(text), width=width, break_long_words=False) or [""]   # never "Accountab-ility"
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "<br>".join(lines)


def _layout(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, font=dict(size=FONT_SIZE + 4, color=INK), x=0, xanchor="left"),
        font=dict(size=FONT_SIZE, color=INK),
        template=TEMPLATE,
        height=height,
        margin=dict(l=20, r=20, t=70, b=40),
        legend=dict(font=dict(size=FONT_SIZE - 1)),
        hoverlabel=dict(font_size=FONT_SIZE - 1),
    )
    return fig


def status_roundup(df: pd.DataFrame, title: str | None = None, y_max: int | None = None,
                   noun=None) -> go.Figure:
    """The items by status, one bar each. ``noun`` is the file's Words (or its item's (singular, plural))."""
    noun = words_of(noun).noun
    """Actions by status: one bar per status, labelled with its count, coloured and patterned.

    ``y_max`` gives two round-ups shown side by side the same scale."""
    counts = df["status"].value_counts()
    fig = go.Figure()
    for rule in STATUS_RULES:
        n = int(counts.get(rule.key, 0))
        if not n:                       # only the statuses that occur; the caption names the rest
            continue
        fig.add_bar(
            x=[rule.label], y=[n], name=rule.label, text=[f"{n}"], textposition="outside",
            marker=dict(color=rule.colour, pattern=dict(shape=rule.pattern, fgcolor="#ffffff", size=8)),
            hovertemplate=f"{rule.label}: %{{y}} {noun[1]}<br>{plain(rule.definition)}<extra></extra>",
        )
    fig.update_layout(showlegend=False, bargap=0.25)
    fig.update_xaxes(title_text="Status")
    top = y_max or max([int(counts.max())] if len(counts) else [0]) or 1
    fig.update_yaxes(title_text=noun[1].capitalize(), rangemode="tozero", range=[0, top * 1.18], **count_axis(top))
    return _layout(fig, title or ("Progress round-up of the one " + noun[0] if len(df) == 1
                                  else f"Progress round-up of all {len(df):,} {noun[1]}"))


def recommendation_progress(summary: pd.DataFrame, by_share: bool = False, noun=None) -> go.Figure:
    """Mean completion per recommendation, one horizontal bar each; click a bar to list its actions.
    With ``by_share`` (a tracker with no % column) the bars are the share of items complete instead.

    Each recommendation's name (one line) and figure ("81% · 4 actions") are written above its bar, from the left
    edge, so the bars keep the whole width on a phone as on a projector, and no label runs past the
    plot. Each bar's customdata holds the full recommendation, read back by ``selection.selected_recommendation``.
    """
    keys = [r.key for r in STATUS_RULES]
    counts_text = [
        "<br>".join(f"{rule.label}: {int(row[rule.key])}" for rule in STATUS_RULES if row[rule.key])
        for _, row in summary[keys].iterrows()
    ]
    measure, what = (summary["share_complete"], "Complete") if by_share else (summary["mean_completion"], "Mean completion")
    words = words_of(noun)
    noun = words.noun
    figures = [("no % given" if pd.isna(m) else f"{m:.0f}%") + f" · {n} {noun[0] if n == 1 else noun[1]}"
               for m, n in zip(measure, summary["actions"])]
    positions = list(range(len(summary)))
    fig = go.Figure(go.Bar(
        x=measure.fillna(0), y=positions, orientation="h", width=0.3, text=figures, textposition="none",
        marker=dict(color="#0072B2"),
        # [full title for the selection handler, the title wrapped for the hover, the status counts]; the
        # hover's lines as narrow as the names above the bars, so a tap on a phone's bar is never cut off
        customdata=[[r, wrap(r, HOVER_WIDTH, 8), c] for r, c in zip(summary["recommendation"], counts_text)],
        hovertemplate=f"%{{customdata[1]}}<br>{what}: %{{x:.0f}}%<br>%{{customdata[2]}}<extra></extra>",
    ))
    for y, name, figure in zip(positions, summary["recommendation"], figures):
        # the name on one line (cut with an ellipsis: the hover and the drill-down hold it whole), then the
        # figure: 60 px a row, so eight recommendations stand whole above the fold of a 1440 x 900 screen
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=y, yref="y", yanchor="bottom", yshift=12,
                           text=f"{wrap(name, 34, 1)}<br><b>{figure}</b>", showarrow=False, align="left",
                           font=dict(size=FONT_SIZE - 1, color=INK))
    fig.update_xaxes(title_text=f"{what} (%)", range=[0, 100], tickvals=[0, 25, 50, 75, 100])
    fig.update_yaxes(autorange="reversed", showticklabels=False, range=[len(summary) - 0.5, -0.9],
                     title_text="")
    group = words.group.singular
    title = f"Share of {noun[1]} complete by {group}" if by_share else f"Mean completion by {group}"
    _layout(fig, title, 110 + 60 * len(summary))
    fig.update_layout(margin=dict(l=10, r=20, t=70, b=60))
    return fig


def recommendation_status_mix(summary: pd.DataFrame, noun=None) -> go.Figure:
    """Per group, its items stacked by status: what a tracker without a % can show."""
    words = words_of(noun)
    noun = words.noun
    labels = [wrap(r, 45) for r in summary["recommendation"]]
    fig = go.Figure()
    for rule in STATUS_RULES:
        counts = summary[rule.key].astype(int)
        if not counts.any():
            continue
        fig.add_bar(
            x=counts, y=labels, orientation="h", name=rule.label, text=[str(c) if c else "" for c in counts],
            textposition="inside", insidetextanchor="middle",
            marker=dict(color=rule.colour, pattern=dict(shape=rule.pattern, fgcolor="#ffffff", size=8)),
            customdata=[[r] for r in summary["recommendation"]],
            hovertemplate=f"{rule.label}: %{{x}} {noun[1]}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    fig.update_xaxes(title_text=noun[1].capitalize(), rangemode="tozero", **count_axis(summary["actions"].max()))
    fig.update_yaxes(title_text=words.group.title, autorange="reversed", automargin=True)
    return _layout(fig, f"Status of the {noun[1]} in each {words.group.singular}", max(380, 130 + 60 * len(summary)))


def ageing_chart(ageing: pd.DataFrame, noun=None) -> go.Figure:
    items = words_of(noun).item
    fig = go.Figure(go.Bar(
        x=ageing["ageing"], y=ageing["actions"], text=ageing["actions"], textposition="outside",
        marker=dict(color="#D55E00", pattern=dict(shape="x", fgcolor="#ffffff", size=8)),
        hovertemplate=f"%{{x}} overdue: %{{y}} {items.plural}<extra></extra>",
    ))
    fig.update_xaxes(title_text="Days overdue", categoryorder="array", categoryarray=list(AGE_LABELS))
    top = max(1, int(ageing["actions"].max()))
    fig.update_yaxes(title_text=items.titles, rangemode="tozero", range=[0, top * 1.2], **count_axis(top))
    return _layout(fig, f"Overdue {items.plural} by how late they are", 420)


def overdue_by_officer(overdue: pd.DataFrame, noun=None) -> go.Figure:
    words = words_of(noun)
    officers = officer_names(overdue["lead_officer"]).value_counts().sort_values()
    fig = go.Figure(go.Bar(
        x=officers.to_numpy(), y=[plain(o) for o in officers.index], orientation="h",
        text=officers.to_numpy(), textposition="outside", cliponaxis=False,
        marker=dict(color="#D55E00", pattern=dict(shape="x", fgcolor="#ffffff", size=8)),
        hovertemplate="%{y}: %{x} overdue<extra></extra>",
    ))
    top = int(officers.max()) if len(officers) else 1
    # room beyond the longest bar for its count, so the label stays inside the plot
    fig.update_xaxes(title_text=f"Overdue {words.item.plural}", range=[0, top * 1.25 + 0.5], **count_axis(top))
    fig.update_yaxes(title_text=words.person, automargin=True)
    return _layout(fig, f"Overdue {words.item.plural} by {words.person.lower()}", max(320, 100 + 45 * len(officers)))


def radial_range(scores: pd.DataFrame, scale: tuple[float, float] | None) -> tuple[float, float]:
    """The radar's scale: the declared one, else the framework's (1 to 5, ``frameworks/scale_1_5.csv``)
    whenever the scores fit it, never one worked out from the data ("1 to 4" because nobody scored a 5);
    only scores beyond it (a 0-100 percentage) take the next round scale that holds them."""
    if scale:
        return scale
    from ..read.assembly.framework import load_framework
    low, high = load_framework().scale_range
    values = pd.concat([scores["score"], scores["target"]]).dropna()
    if values.empty or (values.min() >= low and values.max() <= high):
        return (float(low), float(high))
    low = 0.0 if values.min() < 1 else 1.0
    for top in (5, 7, 10, 20, 100):
        if values.max() <= top:
            return (low, float(top))
    return (low, float(values.max()))


def theme_radar(scores: pd.DataFrame, periods: list[str], scale: tuple[float, float] | None = None,
                themes: list[str] | None = None, numbered: bool = False) -> go.Figure:
    """One trace per chosen period over the seven themes, and the target as a dashed trace. ``numbered``
    for a phone: the spokes carry the themes' numbers (a key beside the chart names them), so the
    circle fills the screen instead of leaving room for the names, which the hover still gives whole."""
    themes = themes or list(dict.fromkeys(scores["theme"]))
    closed = themes + themes[:1]
    axis = [str(themes.index(t) + 1) for t in closed] if numbered else [wrap(t, 13, 4) for t in closed]
    names = [plain(t) for t in closed]             # the hover's, whole (and escaped: a theme may come from a file)
    fig = go.Figure()
    for i, period in enumerate(periods):
        by_theme = scores[scores["period"] == period].groupby("theme", sort=False)["score"].mean()
        r = [by_theme.get(t) for t in closed]
        fig.add_trace(go.Scatterpolar(
            r=r, theta=axis, name=plain(period), mode="lines+markers",
            line=dict(color=PERIOD_COLOURS[i % len(PERIOD_COLOURS)], width=3, dash=PERIOD_DASHES[i % len(PERIOD_DASHES)]),
            marker=dict(size=9), connectgaps=False, customdata=names,
            hovertemplate=f"{plain(period)}<br>%{{customdata}}: %{{r}}<extra></extra>",
        ))
    target = scores.dropna(subset=["target"]).groupby("theme", sort=False)["target"].max()
    if not target.empty:
        fig.add_trace(go.Scatterpolar(
            r=[target.get(t) for t in closed], theta=axis, name="Target", mode="lines",
            line=dict(color=TARGET_COLOUR, width=2, dash="dash"), customdata=names,
            hovertemplate="Target<br>%{customdata}: %{r}<extra></extra>",
        ))
    low, high = radial_range(scores, scale)
    # the scale's numbers run along a line halfway between the first two themes, never over a theme's
    # name or along the spoke its points sit on; small and grey, so they read as a scale, not as data
    between = 90 - 180 / max(len(themes), 1)
    fig.update_layout(polar=dict(radialaxis=dict(range=[low, high], dtick=1 if high - low <= 10 else None,
                                                 angle=between, tickangle=between,
                                                 tickfont=dict(size=FONT_SIZE - 3, color="#666666")),
                                 angularaxis=dict(direction="clockwise", rotation=90, type="category",
                                                  tickfont=dict(size=FONT_SIZE - 1))),
                      legend=dict(title=dict(text="Period"), orientation="h", yanchor="top", y=-0.08, x=0))
    # 520 on a wide screen: the whole radar above the fold at 1440 x 900 on the shared screen
    _layout(fig, f"Best Value themes: self-assessment ({low:g}–{high:g})", 480 if numbered else 520)
    # the themes' names sit outside the circle, where Plotly leaves no margin of its own: room for them
    # on every side (the top one under the title, never over it), and the legend below; numbers need little
    margin = dict(t=90, l=30, r=30, b=90) if numbered else dict(t=130, l=105, r=190, b=60)
    fig.update_layout(margin=margin, title=dict(y=0.98, yanchor="top"))
    if not numbered:        # a wide screen has room beside the circle, not under it: the legend goes right
        fig.update_layout(legend=dict(orientation="v", yanchor="middle", y=0.5, xanchor="left", x=1.08))
    return fig


MOVEMENT_COLOURS = {"completed": "#009E73", "progressed": "#0072B2", "no_movement": "#999999",
                    "went_backwards": "#D55E00", "new": "#CC79A7", "removed": "#000000"}
MOVEMENT_PATTERNS = {"completed": "", "progressed": "/", "no_movement": "-", "went_backwards": "x",
                     "new": ".", "removed": "\\"}


def movement_chart(counts: dict[str, int], movements, noun=None) -> go.Figure:
    """Items per movement category between two snapshots."""
    items = words_of(noun).item
    labels = [label for key, label, _ in movements]
    values = [counts.get(key, 0) for key, _, _ in movements]
    keys = [key for key, _, _ in movements]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", text=values, textposition="outside", cliponaxis=False,
        marker=dict(color=[MOVEMENT_COLOURS[k] for k in keys],
                    pattern=dict(shape=[MOVEMENT_PATTERNS[k] for k in keys], fgcolor="#ffffff", size=8)),
        hovertemplate=f"%{{y}}: %{{x}} {items.plural}<extra></extra>",
    ))
    fig.update_xaxes(title_text=items.titles, rangemode="tozero", range=[0, max(values + [1]) * 1.2],
                     **count_axis(max(values + [1])))
    fig.update_yaxes(title_text="Movement", autorange="reversed", automargin=True)
    return _layout(fig, "What moved between the two snapshots", 420)


def trend_chart(history: pd.DataFrame, noun=None) -> go.Figure:
    """Items complete, mean completion and items overdue at each snapshot's own date, on a time axis
    (snapshots in date order; the hover names each one)."""
    from plotly.subplots import make_subplots
    items = words_of(noun).item
    x = [r.as_at if pd.notna(r.as_at) else pd.Timestamp(r.published_at).tz_localize(None).normalize()
         for r in history.itertuples()]
    names = [f"Snapshot {r.id}: {plain(r.label)}" for r in history.itertuples()]
    # short titles, so three fit side by side on a phone; no panel for a % no snapshot gives
    series = [("complete_count", "#009E73", "solid", "Complete"), ("mean_completion", "#0072B2", "dot", "Mean %"),
              ("overdue_count", "#D55E00", "dash", "Overdue")]
    series = [s for s in series if s[0] != "mean_completion" or history[s[0]].notna().any()]
    fig = make_subplots(rows=1, cols=len(series), subplot_titles=[s[3] for s in series], horizontal_spacing=0.12)
    for col, (column, colour, dash, _) in enumerate(series, start=1):
        fig.add_trace(go.Scatter(x=x, y=history[column], mode="lines+markers+text", text=[
            "" if pd.isna(v) else f"{v:.0f}" for v in history[column]], textposition="top center",
            line=dict(color=colour, width=3, dash=dash), marker=dict(size=10), showlegend=False, customdata=names,
            hovertemplate="%{customdata}<br>as at %{x|%d %b %Y}: %{y:.0f}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="As at", row=1, col=col, type="date", tickformat="%b %Y", nticks=4)
        top = history[column].max()
        fig.update_yaxes(rangemode="tozero", range=[0, (top if pd.notna(top) and top > 0 else 1) * 1.25],
                         **count_axis(top if pd.notna(top) else 1), row=1, col=col)
    return _layout(fig, f"{items.titles} complete and overdue at each update", 440)


def roundup_comparison(previous: pd.DataFrame, current: pd.DataFrame, previous_label: str,
                       current_label: str, noun=None) -> go.Figure:
    """The seed paper's chart: items by status at the previous update beside the current one."""
    items = words_of(noun).item
    fig = go.Figure()
    before, now = previous["status"].value_counts(), current["status"].value_counts()
    rules = [r for r in STATUS_RULES if before.get(r.key, 0) or now.get(r.key, 0)]     # those that occur
    labels = [r.label for r in rules]
    for counts, name, colour, pattern in ((before, previous_label, "#999999", "/"), (now, current_label, "#0072B2", "")):
        values = [int(counts.get(r.key, 0)) for r in rules]
        fig.add_bar(x=labels, y=values, name=plain(name), text=values, textposition="outside",
                    marker=dict(color=colour, pattern=dict(shape=pattern, fgcolor="#ffffff", size=8)),
                    hovertemplate=f"{plain(name)}<br>%{{x}}: %{{y}}<extra></extra>")
    top = max([int(before.max()) if len(before) else 0, int(now.max()) if len(now) else 0, 1])
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.2))
    fig.update_xaxes(title_text="Status")
    fig.update_yaxes(title_text=items.titles, range=[0, top * 1.2], **count_axis(top))
    return _layout(fig, f"Progress round-up of {items.all(len(current))}", 480)


def characteristic_heatmap(characteristics: pd.DataFrame, scale: tuple[float, float]) -> go.Figure:
    """Characteristic scores by theme: a row per theme, a cell per characteristic, the score printed
    in each cell (blank = not scored) so the colour is never the only cue."""
    themes = list(dict.fromkeys(characteristics["theme"]))
    width = int(characteristics.groupby("theme").size().max())
    z, text, hover = [], [], []
    for theme in themes:
        rows = characteristics[characteristics["theme"] == theme]
        scores = rows["score"].tolist() + [None] * (width - len(rows))
        refs = rows["ref"].tolist() + [""] * (width - len(rows))
        words = [plain(t)[:90] for t in rows["characteristic"]] + [""] * (width - len(rows))
        z.append([None if s is None or s != s else s for s in scores])
        text.append(["" if s is None or s != s else f"{s:.1f}" for s in scores])
        hover.append([f"{r}: {w}" for r, w in zip(refs, words)])
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(1, width + 1)), y=[wrap(t, 22) for t in themes], text=text, texttemplate="%{text}",
        customdata=hover, hovertemplate="%{customdata}<br>Score: %{z}<extra></extra>",
        colorscale="Cividis", zmin=scale[0], zmax=scale[1], xgap=2, ygap=2,
        colorbar=dict(title=dict(text="Score")),
    ))
    fig.update_xaxes(title_text="Characteristic (in the guidance's order)", dtick=1 if width <= 20 else 5)
    fig.update_yaxes(title_text="Theme", autorange="reversed", automargin=True)
    return _layout(fig, "Self-assessment: characteristic scores by theme", 120 + 60 * len(themes))


def burnup_chart(forecast, noun=None) -> go.Figure:
    """Items complete at each published update against the items in the plan (closed ones left out),
    with the forecast: a dashed line to the expected date and a shaded band from the earliest to the
    latest date the recent intervals give. ``forecast`` is a bvdata.model.forecast.Forecast."""
    noun = words_of(noun).noun
    points = forecast.points
    x = [p.as_at for p in points]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=[p.items - p.closed for p in points], name=f"{noun[1].capitalize()} in the plan", mode="lines",
        line=dict(color="#555555", width=2, shape="hv"),
        hovertemplate=f"%{{x|%d %b %Y}}: %{{y}} {noun[1]} in the plan<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=x, y=[p.complete for p in points], name="Complete", mode="lines+markers", line=dict(color="#009E73", width=4),
        marker=dict(size=11), customdata=[plain(p.label) for p in points],
        hovertemplate=f"%{{customdata}}<br>as at %{{x|%d %b %Y}}: %{{y}} {noun[1]} complete<extra></extra>"))
    if forecast.kind == "projected" and points:
        last = points[-1]
        target = last.items - last.closed
        if forecast.earliest is not None and forecast.latest is not None and forecast.earliest != forecast.latest:
            fig.add_trace(go.Scatter(
                x=[last.as_at, forecast.earliest, forecast.latest, last.as_at], y=[last.complete, target, target, last.complete],
                fill="toself", fillcolor="rgba(0, 114, 178, 0.15)", line=dict(width=0), name="Range at recent rates",
                hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=[last.as_at, forecast.expected], y=[last.complete, target], name="Forecast at the recent rate",
            mode="lines+markers", line=dict(color="#0072B2", width=3, dash="dash"), marker=dict(size=[0, 11]),
            hovertemplate="Forecast: all complete around %{x|%b %Y}<extra></extra>"))
    # no axis title under the dates (they say what they are), so the legend below never meets one
    fig.update_xaxes(type="date", tickformat="%b %Y", nticks=6)
    top = max([p.items - p.closed for p in points] + [1])
    fig.update_yaxes(title_text=f"{noun[1].capitalize()} complete", rangemode="tozero", range=[0, top * 1.12],
                     **count_axis(top))
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.22, x=0))
    return _layout(fig, "Burn-up: complete at each update, and the forecast", 460)
