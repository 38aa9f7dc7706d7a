"""Which tracker every page shows, the cached loaders, and what the store holds for the pages (its
snapshots, the sample's, the forecast), cached on the store's own version.

Shared state is initialised here, in one place (``init_state``), with ``session_state.setdefault``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from bvdata import Tracker, TrackerError, load_theme_scores, load_tracker, store
from bvdata.model.forecast import Forecast
from bvdata.store import audit
from bvdata.store.plans import Plan, list_plans
from bvdata.store.versions import plan_forecast

from .connection import SAMPLE, get_store, is_demo, store_url


@dataclass(frozen=True)
class Dataset:
    """Which file the dashboard is showing; the bytes live in session state, keyed by their hash."""

    name: str
    kind: str          # "sample" | "configured" | "upload" | "snapshot"
    sha256: str
    snapshot_id: int | None = None
    label: str | None = None
    mapping_json: str | None = None      # the column mapping the file is read with, if it needs one
    as_at: dt.date | None = None         # a snapshot's date as published (the analyst may have corrected the file's)
    plan_id: int | None = None           # the plan a snapshot belongs to

    def describe(self, as_at: dt.date | None) -> str:
        when = f", as at {as_at:%d %b %Y}" if as_at else ""
        if self.kind == "sample":
            return f"Sample data{when}"
        if self.kind == "configured":
            return f"{self.name}{when} (set by BVDATA_TRACKER)"
        if self.kind == "snapshot":
            return f"Snapshot {self.snapshot_id}: {self.label}{when}"
        return f"Uploaded file {self.name}{when} (not published)"


@st.cache_data(max_entries=8, show_spinner=False)
def load_cached(sha256: str, name: str, _data: bytes, mapping_json: str | None = None) -> Tracker:
    """Cached by the file's content hash (and the mapping it is read with); the bytes themselves are
    not hashed again on each run."""
    from bvdata.read.assembly.mapping import ColumnMapping
    return load_tracker(_data, name, mappings=[ColumnMapping.from_json(mapping_json)] if mapping_json else ())


@st.cache_data(max_entries=8, show_spinner=False)
def load_scores_cached(sha256: str, name: str, _data: bytes):
    return load_theme_scores(_data, name)


def snapshot_dataset(engine, snapshot_id: int) -> tuple[Dataset, bytes]:
    info = store.snapshot_info(engine, snapshot_id)
    name, data = store.snapshot_file(engine, snapshot_id)
    return Dataset(name, "snapshot", info.sha256, snapshot_id, info.label, store.snapshot_mapping(engine, snapshot_id),
                   info.as_at, info.plan_id), data


def opening_snapshot(engine) -> int | None:
    """The snapshot a new session opens on: the latest of the plan updated most recently (a council's own
    plans before the shipped sample's)."""
    listed = store.list_snapshots(engine)
    if listed.empty:
        return None
    from bvdata.store.plans import list_plans
    sample = {p.id for p in list_plans(engine) if p.sample}
    own = listed[~listed["plan_id"].isin(list(sample))]
    return int((own if len(own) else listed).iloc[-1]["id"])


@st.cache_data(max_entries=4, show_spinner=False)
def _opening_as_of(url: str | None, version: tuple[int, int]) -> tuple[Dataset, bytes] | None:
    """The opening snapshot and its file, cached on what the store holds (a new session opens on it
    without asking the store again until a publish or a withdrawal)."""
    engine, _ = get_store()
    latest = opening_snapshot(engine)
    return None if latest is None else snapshot_dataset(engine, latest)


def _read_start_file() -> tuple[Dataset, bytes, str | None]:
    """What the dashboard opens on: $BVDATA_TRACKER if set and readable, else the latest snapshot
    in the store (which starts with the sample history in demo mode), else in demo mode the sample file,
    else nothing: an empty production store opens on the welcome page."""
    configured = os.environ.get("BVDATA_TRACKER")
    problem = None
    if configured:
        path = Path(configured)
        try:
            data = path.read_bytes()
            load_cached(hashlib.sha256(data).hexdigest(), path.name, data)
            return Dataset(path.name, "configured", hashlib.sha256(data).hexdigest()), data, None
        except OSError as exc:
            problem = f"BVDATA_TRACKER names {path}, which could not be opened ({exc.strerror}); showing the sample data instead."
        except TrackerError as exc:
            problem = f"{exc} Showing the sample data instead."
    else:
        engine, store_problem = get_store()
        if engine is not None and (opening := _opening_as_of(store_url(), audit.version(engine))) is not None:
            return opening + (None,)
        problem = store_problem
    if not is_demo():
        return None, b"", problem
    data = SAMPLE.read_bytes()
    return Dataset(SAMPLE.name, "sample", hashlib.sha256(data).hexdigest()), data, problem


def init_state() -> None:
    """Every key the pages share, set once per session."""
    state = st.session_state
    if state.get("bv_dataset") is None:       # a new session, or an empty store that may have filled since
        dataset, data, problem = _read_start_file()
        state["bv_dataset"] = dataset
        state["bv_data"] = data
        state["bv_start_problem"] = problem
    state.setdefault("bv_pending", None)          # an upload that passed validation, not yet in use
    state.setdefault("bv_scores", None)           # (name, sha256, bytes) of a separate theme-score file
    state.setdefault("bv_publish_dropped", None)  # (sha256, message, dropped actions) awaiting confirmation
    state.setdefault("bv_flash", None)            # a message to show once after a rerun
    state.setdefault("bv_report", None)           # ((sha256, as-of), .docx bytes) once prepared
    state.setdefault("bv_portfolio_report", None)  # (what it covers, .docx bytes) of the paper for every plan
    state.setdefault("bv_portfolio_pdf", None)
    state.setdefault("bv_plan_link", None)        # the last ?plan= link followed
    state.setdefault("bv_assessment", None)       # (name, SelfAssessment) on the Themes page
    # The filters' values live under bv_* keys; the sidebar widgets (sidebar_* keys) are refreshed
    # from them on every run, because Streamlit forgets a widget's state when the page changes.
    state.setdefault("bv_as_of", None)
    state.setdefault("bv_as_of_for", None)        # the dataset the as-of date was defaulted from
    state.setdefault("bv_recommendations", [])
    state.setdefault("bv_officers", [])


def current_tracker() -> Tracker:
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    return load_cached(dataset.sha256, dataset.name, state["bv_data"], dataset.mapping_json)


@st.cache_data(max_entries=16, show_spinner=False)
def _actions_as_of(sha256: str, mapping_json: str | None, as_at: dt.date, _actions: pd.DataFrame) -> pd.DataFrame:
    from bvdata.model.status import with_status
    return with_status(_actions, as_at)


def current_actions() -> pd.DataFrame:
    """The shown tracker's actions with their status as of the status date; cached on the file (its
    hash and the mapping it is read with) and the date, so a page opens without working it out again."""
    dataset: Dataset = st.session_state["bv_dataset"]
    return _actions_as_of(dataset.sha256, dataset.mapping_json, as_of(), current_tracker().actions)


def use_dataset(dataset: Dataset, data: bytes) -> None:
    """Switch every page to another file; the filters and as-of date start afresh for it."""
    state = st.session_state
    state["bv_dataset"] = dataset
    state["bv_data"] = data
    state["bv_as_of_for"] = None
    state["bv_recommendations"] = []
    state["bv_officers"] = []
    state["bv_scores"] = None


@st.cache_data(max_entries=16, show_spinner=False)
def _snapshots_as_of(url: str | None, version: tuple[int, int], include_withdrawn: bool, plan: int | None) -> pd.DataFrame:
    engine, _ = get_store()
    return store.list_snapshots(engine, include_withdrawn, plan=plan).iloc[::-1].reset_index(drop=True)


def snapshot_list(include_withdrawn: bool = False, plan: int | None = None) -> pd.DataFrame:
    """The snapshots (of one plan, or all), the latest by date first. Cached on what the store holds (its
    latest event), so a publish or a withdrawal through any app process shows in every other at its
    next rerun."""
    engine, _ = get_store()
    if engine is None:
        return pd.DataFrame()
    return _snapshots_as_of(store_url(), audit.version(engine), include_withdrawn, plan)


@st.cache_data(max_entries=8, show_spinner=False)
def _sample_ids_as_of(url: str | None, version: tuple[int, int]) -> frozenset[int]:
    from bvdata.store.plans import list_plans
    engine, _ = get_store()
    sample = [p.id for p in list_plans(engine, include_withdrawn=True) if p.sample]
    listed = store.list_snapshots(engine, include_withdrawn=True)
    return frozenset(int(i) for i in listed.loc[listed["plan_id"].isin(sample), "id"])


def sample_ids() -> frozenset[int]:
    """The snapshots of the shipped sample's plan (with those published from reviewed updates made on them)."""
    engine, _ = get_store()
    return frozenset() if engine is None else _sample_ids_as_of(store_url(), audit.version(engine))


def shows_sample() -> bool:
    """Is the dashboard showing the shipped sample (its file, or a snapshot of its plan)?"""
    shown: Dataset | None = st.session_state.get("bv_dataset")
    if shown is None:                # an empty store: nothing is shown yet
        return False
    if shown.kind == "snapshot":
        return shown.snapshot_id in sample_ids()
    return shown.kind == "sample"


@st.cache_data(max_entries=16, show_spinner=False)
def _forecast_as_of(url: str | None, version: tuple[int, int], sha256: str, as_at: dt.date, plan: int | None,
                    _tracker: Tracker) -> Forecast:
    engine, _ = get_store()
    return plan_forecast(engine, _tracker, as_at, plan=plan)


def current_forecast(tracker: Tracker) -> Forecast | None:
    """The burn-up and forecast over the published updates of the plan shown (never another plan's) and
    the tracker shown; cached on what the store holds. None without a store, or for a file of no plan."""
    engine, _ = get_store()
    plan = shown_plan_id()
    if engine is None or plan is None:
        return None
    sha256 = st.session_state["bv_dataset"].sha256
    return _forecast_as_of(store_url(), audit.version(engine), sha256, as_of(), plan, tracker)


def current_themes(tracker: Tracker):
    """Theme scores from a separately uploaded file if there is one, else from the tracker."""
    override = st.session_state.get("bv_scores")
    if override:
        name, sha256, data = override
        return load_scores_cached(sha256, name, data), name
    return tracker.themes, None


def as_of() -> dt.date:
    return st.session_state["bv_as_of"] or dt.date.today()


@st.cache_data(max_entries=8, show_spinner=False)
def _plans_as_of(url: str | None, version: tuple[int, int]) -> list[Plan]:
    engine, _ = get_store()
    return list_plans(engine)


def plan_list() -> list[Plan]:
    """The live plans, in the order they were made; cached on what the store holds."""
    engine, _ = get_store()
    return [] if engine is None else _plans_as_of(store_url(), audit.version(engine))


def shown_plan_id() -> int | None:
    """The plan of the data shown: a snapshot's own; for the shipped sample file, the sample's plan."""
    dataset = st.session_state.get("bv_dataset")
    if dataset is None:
        return None
    if dataset.plan_id is not None:
        return dataset.plan_id
    if dataset.kind == "sample":
        return next((p.id for p in plan_list() if p.sample), None)
    return None


def default_plan_id() -> int | None:
    """The plan a new session opens on (see ``opening_snapshot``)."""
    engine, _ = get_store()
    opening = opening_snapshot(engine) if engine is not None else None
    return None if opening is None else int(store.snapshot_info(engine, opening).plan_id)


def shown_plan() -> Plan | None:
    wanted = shown_plan_id()
    return next((p for p in plan_list() if p.id == wanted), None)
