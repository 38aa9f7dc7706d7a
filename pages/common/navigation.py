"""Navigation: every page runs inside dashboard.py's ``st.navigation``, and a deep link that arrived
before it was in force (a reminder's ``/my_actions?action=14``) is taken to the page it asked for,
if the person may see it."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from .connection import ROOT

PAGE_FILES = {"all_plans", "overview", "progress", "overdue", "themes", "compare", "actions", "data", "my_actions",
              "review", "officers"}


ANALYST_ONLY = {"data", "review", "officers"}


def require_app(page_file: str, needs_data: bool = True) -> None:
    """Make sure the page runs inside dashboard.py's navigation: call with the page's ``__file__``.

    With a pages/ folder beside it, Streamlit runs the very first session after a start in its old
    multipage mode, executing a deep-linked page (say /themes) without dashboard.py. Send that
    session through dashboard.py, which switches Streamlit to st.navigation and then opens the
    page that was asked for (``deep_link``).
    """
    if "bv_dataset" in st.session_state:
        from .plans import leave_withdrawn_plan
        leave_withdrawn_plan()          # also here: a page can run without dashboard.py (see above)
        if st.session_state["bv_dataset"] is None and needs_data:   # an empty production store: the welcome
            st.switch_page(str(ROOT / "dashboard.py"))
        return
    st.session_state["bv_deep_link"] = (Path(page_file).stem, st.query_params.to_dict())
    st.switch_page(str(ROOT / "dashboard.py"))


def deep_link(can_publish: bool) -> tuple[str, dict] | None:
    """The page a first session asked for before st.navigation was in force, if it may see it, with the
    query it carried (a reminder's link names an action: ?action=14)."""
    asked, query = st.session_state.pop("bv_deep_link", (None, {}))
    if asked in PAGE_FILES and (asked not in ANALYST_ONLY or can_publish):
        return f"pages/{asked}.py", query
    return None
