"""Each plan's latest published update and the officer table, for the owner screens (My actions, Review,
Officers). Cached on what the store holds (its latest event), so every app process agrees."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from bvdata import store
from bvdata.owners.officers import officer_table
from bvdata.owners.writeback import cell_columns
from bvdata.store import audit
from pages.common.connection import get_store, store_url


@dataclass(frozen=True)
class Latest:
    """A plan's latest published update, as the owner screens need it."""
    plan_id: int
    plan_name: str
    snapshot_id: int
    label: str
    actions: pd.DataFrame
    fields: frozenset          # the action fields the file has a column for

    @property
    def noun(self) -> tuple[str, str]:
        return ("action", "actions")


@st.cache_data(max_entries=4, show_spinner=False)
def _latest_as_of(url: str | None, version: tuple[int, int]) -> list[Latest]:
    from bvdata.store.plans import list_plans
    engine, _ = get_store()
    out = []
    for plan in sorted(list_plans(engine), key=lambda p: p.sample):      # a council's own plans first
        latest = store.latest_snapshot_id(engine, plan=plan.id)
        if latest is None:
            continue
        info = store.snapshot_info(engine, latest)
        name, data = store.snapshot_file(engine, latest)
        try:
            fields = frozenset(f for columns in cell_columns(data, name, store.snapshot_mapping(engine, latest)).values()
                               for f in columns)
        except Exception:       # noqa: BLE001 - a file that cannot be read back takes no values back either
            fields = frozenset()
        out.append(Latest(plan.id, plan.name, latest, info.label, store.snapshot_actions_frame(engine, latest), fields))
    return out


def latest_updates() -> list[Latest]:
    """Every live plan's latest update (a council's own plans before the sample's)."""
    engine, _ = get_store()
    return [] if engine is None else _latest_as_of(store_url(), audit.version(engine))


def latest_of(plan_id: int | None) -> Latest | None:
    """One plan's latest update (the first plan's when none is named)."""
    found = latest_updates()
    return next((u for u in found if u.plan_id == plan_id), found[0] if found and plan_id is None else None)


@st.cache_data(max_entries=4, show_spinner=False)
def _officers_as_of(url: str | None, version: tuple[int, int]) -> pd.DataFrame:
    engine, _ = get_store()
    return officer_table(engine)


def officers() -> pd.DataFrame:
    engine, _ = get_store()
    return pd.DataFrame(columns=["name", "email"]) if engine is None else _officers_as_of(store_url(), audit.version(engine))


@st.cache_data(max_entries=8, show_spinner=False)
def _updated_as_of(url: str | None, version: tuple[int, int], plan_id: int):
    from bvdata.owners.reviewed import updated_workbook
    engine, _ = get_store()
    return updated_workbook(engine, plan_id=plan_id)


def updated(plan_id: int) -> object:
    """The plan's latest workbook with the accepted, unpublished updates written in (bvdata.owners.reviewed.Updated)."""
    engine, _ = get_store()
    return _updated_as_of(store_url(), audit.version(engine), plan_id)


@st.cache_data(max_entries=32, show_spinner=False)
def _provenance_of(url: str | None, snapshot_id: int) -> pd.DataFrame:
    from bvdata.owners.reviewed import provenance
    engine, _ = get_store()
    return provenance(engine, snapshot_id)


def value_sources(action_id: str) -> list[tuple[str, str]]:
    """(field, 'from update N by X, accepted by Y') for the values of this action in the snapshot shown that
    came from reviewed updates; nothing when every value is from the uploaded file."""
    shown = st.session_state.get("bv_dataset")
    engine, _ = get_store()
    if engine is None or shown is None or shown.snapshot_id is None:
        return []
    made = _provenance_of(store_url(), shown.snapshot_id)
    rows = made[made["action_id"] == action_id]
    return [(r.field, f"{r.new_value} — {r.source}") for r in rows.itertuples()]


def open_owner_page(page_file: str, title: str, analyst_task: str | None = None, needs_plan: bool = True):
    """The start the owner screens share: inside the app, analysts only when ``analyst_task`` names what
    only they may do, the header, the store and every plan's latest update, and the message left by the
    last run. Stops with one sentence when there is no store, or no published plan and ``needs_plan``.
    Returns (person, engine, latest updates)."""
    from pages.common.identity import current_identity, require_analyst
    from pages.common.navigation import require_app
    from pages.common.sidebar import page_header
    from pages.common.widgets import md_escape
    require_app(page_file)
    if analyst_task:
        require_analyst(analyst_task)
    page_header(title, per_plan=False)
    engine, problem = get_store()
    found = latest_updates()
    if engine is None or (not found and needs_plan):
        st.info(md_escape(problem or "Nothing has been published yet, so there are no actions to update."))
        st.stop()
    if st.session_state.get("bv_flash"):
        st.success(md_escape(st.session_state.pop("bv_flash")))
    return current_identity(), engine, found
