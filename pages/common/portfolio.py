"""Every plan the committee oversees, for the All plans page and the Overview's priority, ageing and
at-risk views. Each plan's part is cached on what it is made of (the plan and its snapshots' ids: a
snapshot never changes), so a publish to one plan works out that plan again and reuses every other's;
the whole view is cached on what the store holds (its latest event) and the date."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from bvdata.model.portfolio import PlanPart, PortfolioView, combine, plan_part
from bvdata.store import audit
from bvdata.store.portfolio import committee_listing, plan_state

from .connection import get_store, store_url


@st.cache_data(max_entries=8, show_spinner=False)
def _listing_as_of(url: str | None, version: tuple[int, int]):
    engine, _ = get_store()
    return committee_listing(engine)


@st.cache_data(max_entries=1024, show_spinner=False)
def _part(url: str | None, plan_id: int, name: str, snapshot_ids: tuple[int, ...], as_of: dt.date | None,
          today: dt.date) -> PlanPart:
    """``today`` keys the cache only: the days since each update are counted to it."""
    engine, _ = get_store()
    plan, snaps = next((p, s) for p, s in _listing_as_of(url, audit.version(engine)) if p.id == plan_id)
    return plan_part(plan_state(engine, plan, snaps), as_of)


@st.cache_data(max_entries=8, show_spinner="Reading every plan…")
def _view_as_of(url: str | None, version: tuple[int, int], as_of: dt.date | None, today: dt.date) -> PortfolioView:
    listed = _listing_as_of(url, version)
    return combine([_part(url, p.id, p.name, tuple(int(i) for i in s["id"]), as_of, today) for p, s in listed], as_of)


def current_portfolio(as_of: dt.date | None) -> PortfolioView | None:
    """The committee's plans as at ``as_of``, or each as at its own latest update when None (None without a store)."""
    engine, _ = get_store()
    return None if engine is None else _view_as_of(store_url(), audit.version(engine), as_of, dt.date.today())


def committee_plan_count() -> int:
    """How many plans the committee oversees (the sample's counts only while it is alone)."""
    engine, _ = get_store()
    return 0 if engine is None else len(_listing_as_of(store_url(), audit.version(engine)))
