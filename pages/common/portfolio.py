"""Every plan the committee oversees, for the All plans page and the Overview's priority, ageing and
at-risk views: read from the store once per store version and date (``st.cache_data`` keyed on what the
store holds), so a publish through any app process shows at the next rerun."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from bvdata.model.portfolio import PortfolioView, portfolio_view
from bvdata.store import audit
from bvdata.store.portfolio import committee_plan_ids, committee_plans

from .connection import get_store, store_url


@st.cache_data(max_entries=8, show_spinner="Reading every plan…")
def _view_as_of(url: str | None, version: tuple[int, int], as_of: dt.date) -> PortfolioView:
    engine, _ = get_store()
    return portfolio_view(committee_plans(engine), as_of)


def current_portfolio(as_of: dt.date) -> PortfolioView | None:
    """The committee's plans as at ``as_of`` (None without a store)."""
    engine, _ = get_store()
    return None if engine is None else _view_as_of(store_url(), audit.version(engine), as_of)


@st.cache_data(max_entries=8, show_spinner=False)
def _count_as_of(url: str | None, version: tuple[int, int]) -> int:
    engine, _ = get_store()
    return len(committee_plan_ids(engine))


def committee_plan_count() -> int:
    """How many plans the committee oversees (the sample's counts only while it is alone)."""
    engine, _ = get_store()
    return 0 if engine is None else _count_as_of(store_url(), audit.version(engine))
