"""What a click on a chart chose, worked out from Streamlit's selection event in small pure functions (AppTest
cannot send a selection, so the pages keep no logic of their own about it): the recommendation a clicked
bar holds in its customdata, and which recommendation the drill-down lists after the rerun."""
from __future__ import annotations


def selected_recommendation(selection: dict | None) -> str | None:
    """The recommendation of the first clicked bar in a Streamlit Plotly selection, or None."""
    if not selection:
        return None
    points = selection.get("points") or []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and custom:
            return str(custom[0])
        if isinstance(custom, str):
            return custom
    return None


def next_drilldown(clicked: str | None, last_click: str | None, current: str | None) -> str | None:
    """The recommendation to list after a rerun: a new click on a bar moves the list to that bar;
    otherwise the keyboard-reachable picker keeps its own choice."""
    if clicked is not None and clicked != last_click:
        return clicked
    return current
