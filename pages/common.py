"""What every page shares: the cached loader, the current dataset, the sidebar and its filters.

Shared state is initialised here, in one place, with ``session_state.setdefault``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from bvdata import Tracker, TrackerError, load_tracker, store
from bvdata.errors import StoreError
from bvdata.status import with_status

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"
# (file, label) published into an empty store, oldest first, so Compare has something on first start
SAMPLE_HISTORY = [
    (ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", "ILLUSTRATIVE earlier update, 08 Feb 2021 (sample)"),
    (SAMPLE, "Audit & Scrutiny Committee, 14 Feb 2022 (sample)"),
]


@dataclass(frozen=True)
class Dataset:
    """Which file the dashboard is showing; the bytes live in session state, keyed by their hash."""

    name: str
    kind: str          # "sample" | "configured" | "upload" | "snapshot"
    sha256: str
    snapshot_id: int | None = None
    label: str | None = None

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
def load_cached(sha256: str, name: str, _data: bytes) -> Tracker:
    """Cached by the file's content hash; the bytes themselves are not hashed again on each run."""
    return load_tracker(_data, name)


def _read_start_file() -> tuple[Dataset, bytes, str | None]:
    """What the dashboard opens on: $BVDATA_TRACKER if set and readable, else the latest snapshot
    in the store (which starts with the sample history), else the sample file."""
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
        if engine is not None:
            latest = store.latest_snapshot_id(engine)
            if latest is not None:
                return snapshot_dataset(engine, latest) + (None,)
        problem = store_problem
    data = SAMPLE.read_bytes()
    return Dataset(SAMPLE.name, "sample", hashlib.sha256(data).hexdigest()), data, problem


def store_url() -> str | None:
    """BVDATA_DATABASE_URL from Streamlit secrets, if any; bvdata falls back to the environment."""
    try:
        return st.secrets.get("BVDATA_DATABASE_URL")
    except Exception:  # no secrets file at all is the normal local case
        return None


@st.cache_resource(show_spinner="Opening the snapshot store…")
def get_store():
    """(engine, None) or (None, the reason in one sentence). Created once per server process and
    never mutated; on first use an empty store gets the shipped sample history."""
    try:
        engine = store.open_store(store_url())
        store.seed_if_empty(engine, SAMPLE_HISTORY)
        return engine, None
    except StoreError as exc:
        return None, f"{exc} Snapshots and Compare are unavailable; showing the sample file."


def snapshot_dataset(engine, snapshot_id: int) -> tuple[Dataset, bytes]:
    info = store.snapshot_info(engine, snapshot_id)
    name, data = store.snapshot_file(engine, snapshot_id)
    return Dataset(name, "snapshot", info.sha256, snapshot_id, info.label), data


def current_user() -> str:
    """Who is using the dashboard, as a snapshot records its publisher."""
    return current_identity().name


def init_state() -> None:
    """Every key the pages share, set once per session."""
    state = st.session_state
    if "bv_dataset" not in state:
        dataset, data, problem = _read_start_file()
        state.setdefault("bv_dataset", dataset)
        state.setdefault("bv_data", data)
        state.setdefault("bv_start_problem", problem)
    state.setdefault("bv_pending", None)          # an upload that passed validation, not yet in use
    state.setdefault("bv_scores", None)           # (name, sha256, bytes) of a separate theme-score file
    state.setdefault("bv_publish_dropped", None)  # (sha256, message, dropped actions) awaiting confirmation
    state.setdefault("bv_flash", None)            # a message to show once after a rerun
    state.setdefault("bv_report", None)           # ((sha256, as-of), .docx bytes) once prepared
    # The filters' values live under bv_* keys; the sidebar widgets (sidebar_* keys) are refreshed
    # from them on every run, because Streamlit forgets a widget's state when the page changes.
    state.setdefault("bv_as_of", None)
    state.setdefault("bv_as_of_for", None)        # the dataset the as-of date was defaulted from
    state.setdefault("bv_recommendations", [])
    state.setdefault("bv_officers", [])


def current_tracker() -> Tracker:
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    return load_cached(dataset.sha256, dataset.name, state["bv_data"])


def use_dataset(dataset: Dataset, data: bytes) -> None:
    """Switch every page to another file; the filters and as-of date start afresh for it."""
    state = st.session_state
    state["bv_dataset"] = dataset
    state["bv_data"] = data
    state["bv_as_of_for"] = None
    state["bv_recommendations"] = []
    state["bv_officers"] = []
    state["bv_scores"] = None


def _keep(widget_key: str, state_key: str):
    def copy() -> None:
        st.session_state[state_key] = st.session_state[widget_key]
    return copy


def render_sidebar(tracker: Tracker) -> None:
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    if state["bv_as_of_for"] != dataset.sha256:
        state["bv_as_of"] = tracker.as_at or dt.date.today()
        state["bv_as_of_for"] = dataset.sha256
    officers = sorted(tracker.actions["lead_officer"].dropna().unique())
    # drop remembered choices the current file does not have (a multiselect refuses unknown values)
    state["bv_recommendations"] = [r for r in state["bv_recommendations"] if r in tracker.recommendations]
    state["bv_officers"] = [o for o in state["bv_officers"] if o in officers]
    state["sidebar_as_of"] = state["bv_as_of"]
    state["sidebar_recommendations"] = state["bv_recommendations"]
    state["sidebar_officers"] = state["bv_officers"]
    with st.sidebar:
        st.caption("Data shown")
        st.text(dataset.describe(tracker.as_at))
        _snapshot_picker(dataset)
        _who_is_signed_in()
        st.date_input("Status as of", key="sidebar_as_of", format="DD/MM/YYYY",
                      on_change=_keep("sidebar_as_of", "bv_as_of"),
                      help="Defaults to the tracker's own 'as at' date; overdue and due-soon are judged against it.")
        st.multiselect("Recommendation", options=tracker.recommendations, key="sidebar_recommendations",
                       on_change=_keep("sidebar_recommendations", "bv_recommendations"),
                       placeholder="All recommendations")
        st.multiselect("Lead officer", options=officers, key="sidebar_officers",
                       on_change=_keep("sidebar_officers", "bv_officers"), placeholder="All lead officers")
        st.button("Clear filters", key="sidebar_clear", on_click=_clear_filters)


def _who_is_signed_in() -> None:
    person = current_identity()
    if person.local:
        st.caption("No sign-in is configured: this copy runs for one local analyst.")
    elif person.signed_in:
        st.caption("Signed in as")
        st.text(f"{person.name} ({person.role})")
        st.button("Sign out", key="sidebar_sign_out", on_click=st.logout)


@st.cache_data(max_entries=4, ttl=5, show_spinner=False)
def snapshot_list() -> pd.DataFrame:
    """The snapshots, newest first (re-read every few seconds: another analyst may publish)."""
    engine, _ = get_store()
    return store.list_snapshots(engine).iloc[::-1] if engine is not None else pd.DataFrame()


def _snapshot_picker(dataset: Dataset) -> None:
    listed = snapshot_list()
    if listed.empty:
        return
    labels = {int(r.id): f"{r.id}: {r.label}" for r in listed.itertuples()}
    st.session_state["sidebar_snapshot"] = dataset.snapshot_id if dataset.kind == "snapshot" else None
    st.selectbox("Snapshot", list(labels), format_func=labels.get, key="sidebar_snapshot",
                 index=None, placeholder="Not a published snapshot", on_change=_switch_snapshot,
                 help="Every published tracker is kept; pick an earlier one to see the dashboard as it was.")


def _switch_snapshot() -> None:
    chosen = st.session_state["sidebar_snapshot"]
    engine, _ = get_store()
    if chosen is not None and engine is not None:
        use_dataset(*snapshot_dataset(engine, chosen))


def _clear_filters() -> None:
    st.session_state["bv_recommendations"] = []
    st.session_state["bv_officers"] = []


def as_of() -> dt.date:
    return st.session_state["bv_as_of"] or dt.date.today()


def apply_filters(df: pd.DataFrame) -> pd.DataFrame:
    """Narrow any action table by the sidebar's recommendation and lead-officer filters."""
    recs = st.session_state["bv_recommendations"]
    officers = st.session_state["bv_officers"]
    if recs:
        df = df[df["recommendation"].isin(recs)]
    if officers:
        df = df[df["lead_officer"].isin(officers)]
    return df


def filtered_actions(tracker: Tracker) -> pd.DataFrame:
    """The actions with their status as of the sidebar date, narrowed by the sidebar filters."""
    return apply_filters(with_status(tracker.actions, as_of()))


def filter_note() -> str | None:
    recs = st.session_state["bv_recommendations"]
    officers = st.session_state["bv_officers"]
    parts = []
    if recs:
        parts.append(f"{len(recs)} recommendation{'s' if len(recs) > 1 else ''}")
    if officers:
        parts.append(f"{len(officers)} lead officer{'s' if len(officers) > 1 else ''}")
    return f"Filtered to {' and '.join(parts)} (see the sidebar)." if parts else None


def page_header(title: str, tracker: Tracker) -> None:
    st.title(title)
    note = filter_note()
    if note:
        st.info(note)


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def md_escape(text: object) -> str:
    """Text for an st.error/st.info message, which read Markdown: every special character escaped,
    so a file name or value from the data shows as typed and never becomes a link or an image."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))


def chart(fig, key: str, summary: str, **kwargs):
    """Draw a figure with its message as alt text and as a caption: no chart relies on sight alone."""
    # theme=None keeps the figure's own large, high-contrast type for the projector
    event = st.plotly_chart(fig, key=key, alt=summary, theme=None, config={"displaylogo": False}, **kwargs)
    st.caption(md_escape(summary))
    return event


@st.cache_data(max_entries=8, show_spinner=False)
def load_scores_cached(sha256: str, name: str, _data: bytes):
    from bvdata import load_theme_scores
    return load_theme_scores(_data, name)


def current_themes(tracker: Tracker):
    """Theme scores from a separately uploaded file if there is one, else from the tracker."""
    override = st.session_state.get("bv_scores")
    if override:
        name, sha256, data = override
        return load_scores_cached(sha256, name, data), name
    return tracker.themes, None


def download_buttons(view: pd.DataFrame, stem: str, key_prefix: str, sheet: str, what: str = "") -> None:
    """Excel and CSV downloads of a table view, built only when clicked (a big tracker's export takes
    seconds, and should not slow every rerun)."""
    from bvdata.exports import to_csv_bytes, to_xlsx_bytes
    left, right = st.columns(2)
    left.download_button(f"Download {what}(Excel)".replace("( ", "("), lambda: to_xlsx_bytes({sheet: view}),
                         f"{stem}.xlsx", key=f"{key_prefix}_download_xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button(f"Download {what}(CSV)", lambda: to_csv_bytes(view), f"{stem}.csv",
                          key=f"{key_prefix}_download_csv", on_click="ignore", mime="text/csv")


def report_section(tracker: Tracker) -> None:
    """Prepare the committee paper (it takes a few seconds: charts are drawn in a browser), then
    offer it for download."""
    from bvdata.report import ChartRenderer, ReportError, build_report, previous_snapshot
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    key = (dataset.sha256, as_of())
    if st.button("Prepare committee report (.docx)", key="overview_prepare_report"):
        with st.status("Preparing the committee report…", expanded=True) as status:
            try:
                engine, _ = get_store()
                previous = None
                if engine is not None:
                    st.write("Comparing with the previous snapshot")
                    previous = previous_snapshot(engine, tracker, dataset.snapshot_id)
                st.write("Drawing the charts")
                with ChartRenderer() as renderer:
                    st.write("Writing the document")
                    data = build_report(tracker, renderer, as_of(), previous)
            except ReportError as exc:
                status.update(label="The report could not be prepared", state="error")
                st.error(md_escape(str(exc)))
                return
            state["bv_report"] = (key, data)
            status.update(label="The committee report is ready", state="complete")
    ready = state.get("bv_report")
    if ready and ready[0] == key:
        st.download_button("Download committee report", ready[1], f"committee_report_{as_of():%Y-%m-%d}.docx",
                           key="overview_download_report", on_click="ignore", type="primary",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def require_app() -> None:
    """Make sure the page runs inside dashboard.py's navigation.

    With a pages/ folder beside it, Streamlit runs the very first session after a start in its old
    multipage mode, executing a deep-linked page (say /themes) without dashboard.py. Send that
    session through dashboard.py, which switches Streamlit to st.navigation and then opens the
    page that was asked for.
    """
    if "bv_dataset" in st.session_state:
        return
    import inspect
    asked_for = Path(inspect.stack()[1].filename).resolve()
    st.session_state["bv_deep_link"] = str(asked_for.relative_to(ROOT))
    st.switch_page(str(ROOT / "dashboard.py"))


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file: the local, embedded default
        return False


def analyst_allowlist() -> list[str]:
    try:
        return list(st.secrets.get("bvtracker", {}).get("analysts", []))
    except Exception:
        return []


def _streamlit_identity():
    """The identity check: Streamlit's OIDC sign-in when [auth] is configured, else the local analyst."""
    from bvdata.access import ANONYMOUS, LOCAL_ANALYST, Identity, role_for
    if not auth_configured():
        return LOCAL_ANALYST
    if not st.user.is_logged_in:
        return ANONYMOUS
    email = st.user.get("email") or st.user.get("sub") or "unknown"
    return Identity(str(email), role_for(str(email), analyst_allowlist()), signed_in=True)


# The one place identity is decided; tests replace it with a function returning an Identity.
identity_provider = _streamlit_identity


def current_identity():
    return identity_provider()


def require_analyst() -> None:
    """Stop a page that changes data for anyone who is not an analyst (the page is also hidden)."""
    if not current_identity().can_publish:
        st.error("Only analysts can upload or publish trackers.")
        st.stop()
