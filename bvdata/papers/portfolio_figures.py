"""Figure builders for the All plans page (data in, figure out): outstanding and overdue items by
priority, and the overdue ones by how long they have been overdue. Same look as bvdata.papers.figures:
large type, and each series keeps a fill pattern as well as its colour."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..base.labels import COLUMN_LABELS
from ..model.portfolio import WHO
from ..model.status import AGE_BANDS
from .figures import _layout, count_axis, plain

OVERDUE = dict(color="#D55E00", pattern=dict(shape="x", fgcolor="#ffffff", size=8))
NOT_YET = dict(color="#0072B2", pattern=dict(shape="", fgcolor="#ffffff"))
# the age bands from the least late to the most, light to dark
BAND_COLOURS = ("#FDD0A2", "#FD8D3C", "#D94801", "#7F2704")
BAND_PATTERNS = ("", "/", "x", ".")


def priority_chart(priority: pd.DataFrame, plan: str = "All plans") -> go.Figure:
    """Outstanding items per priority for one plan (or across all), split into overdue and not yet."""
    rows = priority[priority["plan"] == plan]
    names = [plain(p) for p in rows["priority"]]
    late = rows["overdue"].astype(int).to_numpy()
    rest = (rows["outstanding"] - rows["overdue"]).astype(int).to_numpy()
    fig = go.Figure([
        go.Bar(name="Overdue", x=names, y=late, marker=OVERDUE, text=late, textposition="inside",
               hovertemplate="%{x}: %{y} overdue<extra></extra>"),
        go.Bar(name="Outstanding, not overdue", x=names, y=rest, marker=NOT_YET, text=rest, textposition="inside",
               hovertemplate="%{x}: %{y} outstanding, not overdue<extra></extra>"),
    ])
    top = int(rows["outstanding"].max()) if len(rows) else 1
    # no x-axis title (the title says "by priority"), so the legend below never meets one at any width
    fig.update_layout(barmode="stack", legend=dict(orientation="h", yanchor="top", y=-0.12))
    fig.update_yaxes(title_text="Outstanding items", rangemode="tozero", range=[0, top * 1.1 + 0.5], **count_axis(top))
    return _layout(fig, f"Outstanding and overdue items by priority: {plain(plan)}", 440)


def age_band_chart(ageing: pd.DataFrame, top: int = 12) -> go.Figure:
    """Overdue items per lead officer or body (``model.portfolio.WHO``), the most first, split into the age bands."""
    shown = ageing.head(top).iloc[::-1]
    who = [plain(w) for w in shown["who"]]
    fig = go.Figure([
        go.Bar(name=label, y=who, x=shown[label].astype(int).to_numpy(), orientation="h",
               marker=dict(color=colour, pattern=dict(shape=pattern, fgcolor="#ffffff", size=8)),
               hovertemplate=f"%{{y}}: %{{x}} overdue {label.lower()}<extra></extra>")
        for (_, label), colour, pattern in zip(AGE_BANDS, BAND_COLOURS, BAND_PATTERNS)])
    fig.update_layout(barmode="stack", legend=dict(orientation="h", yanchor="top", y=-0.12, traceorder="normal"))
    most = shown["total"].max() if "total" in shown and len(shown) else 0
    fig.update_xaxes(rangemode="tozero", **count_axis(most))          # counts of overdue items: the title says so
    fig.update_yaxes(automargin=True)
    more = f" (the {top} with most)" if len(ageing) > top else ""
    return _layout(fig, f"Overdue items by how long overdue, by {COLUMN_LABELS[WHO].lower()}{more}",
                   max(360, 120 + 42 * len(shown)))
