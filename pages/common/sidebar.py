"""What every page shares: the sidebar (what data is shown, the plan and snapshot pickers, who is signed
in) and the page header (the title, the sample's banner, and the filter control: the status date and
the recommendation and lead-officer filters in a popover drawn only when opened, with a one-line
summary of the filters in force beside it)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from bvdata import Tracker
from bvdata.base.words import DEFAULT_WORDS

from .connection import get_store
from .dataset import (
    Dataset,
    as_of,
    current_actions,
    plan_list,
    shown_plan,
    shown_plan_id,
    shows_sample,
    snapshot_dataset,
    snapshot_list,
    use_dataset,
)
from .identity import current_identity
from .plans import plan_picker
from .widgets import md_escape


def _keep(widget_key: str, state_key: str):
    def copy() -> None:
        st.session_state[state_key] = st.session_state[widget_key]
    return copy


def render_sidebar(tracker: Tracker) -> None:
    state = st.session_state
    dataset: Dataset = state["bv_dataset"]
    if state["bv_as_of_for"] != dataset.sha256:
        state["bv_as_of"] = dataset.as_at or tracker.as_at or dt.date.today()
        state["bv_as_of_for"] = dataset.sha256
    officers = sorted(tracker.actions["lead_officer"].dropna().unique())
    # drop remembered choices the current file does not have (a multiselect refuses unknown values)
    state["bv_recommendations"] = [r for r in state["bv_recommendations"] if r in tracker.recommendations]
    state["bv_officers"] = [o for o in state["bv_officers"] if o in officers]
    state["bv_words"] = tracker.words
    state["bv_filter_options"] = (list(tracker.recommendations), officers)
    with st.sidebar:
        st.caption(f"Data shown: {md_escape(dataset.describe(dataset.as_at or tracker.as_at))}")
        plan_picker()
        _snapshot_picker(dataset)
        _who_is_signed_in()


def filter_control() -> None:
    """The page's filters: a button that opens them (drawn only when opened: Streamlit reruns the page
    then), and beside it one line saying what is in force."""
    state = st.session_state
    words = state.get("bv_words") or DEFAULT_WORDS
    recommendations, officers = state.get("bv_filter_options", ([], []))
    row = st.container(horizontal=True, vertical_alignment="center")
    box = row.popover("Filters", icon=":material/filter_list:", key="filters_open", on_change="rerun",
                       help="The status date, and which of the items to show")
    row.caption(filter_summary())
    if not box.open:
        return
    state["filters_as_of"] = state["bv_as_of"]
    state["filters_recommendations"] = state["bv_recommendations"]
    state["filters_officers"] = state["bv_officers"]
    with box:
        st.date_input("Status as of", key="filters_as_of", format="DD/MM/YYYY",
                      on_change=_keep("filters_as_of", "bv_as_of"),
                      help="Defaults to the tracker's own 'as at' date; overdue and due-soon are judged against it.")
        st.multiselect(words.group.title, options=recommendations, key="filters_recommendations",
                       on_change=_keep("filters_recommendations", "bv_recommendations"),
                       placeholder=f"All {words.group.plural}")
        st.multiselect(words.person, options=officers, key="filters_officers",
                       on_change=_keep("filters_officers", "bv_officers"), placeholder=f"All {words.people.lower()}")
        st.button("Clear filters", key="filters_clear", on_click=_clear_filters)


def _who_is_signed_in() -> None:
    person = current_identity()
    if person.local:
        st.caption("No secrets file, so no sign-in: this copy runs for one local analyst.")
    elif person.signed_in:
        st.caption("Signed in as")
        st.text(f"{person.name} ({person.role})")
        if person.note:
            st.caption(person.note)
        st.button("Sign out", key="sidebar_sign_out", on_click=st.logout)


def _snapshot_picker(dataset: Dataset) -> None:
    """The snapshots of the plan shown (every snapshot when the data shown belongs to no plan), in a
    popover drawn only when opened: a page opens without it."""
    listed = snapshot_list(plan=shown_plan_id())
    if listed.empty:
        return
    box = st.popover("Earlier snapshots", icon=":material/history:", key="sidebar_snapshot_open",
                     on_change="rerun", width="stretch",
                     help="Every published tracker is kept; pick an earlier one to see the dashboard as it was.")
    if not box.open:
        return
    labels = {int(r.id): snapshot_choice(r) for r in listed.itertuples()}
    st.session_state["sidebar_snapshot"] = dataset.snapshot_id if dataset.kind == "snapshot" else None
    box.radio("Snapshot", list(labels), format_func=labels.get, key="sidebar_snapshot", index=None,
              on_change=_switch_snapshot, label_visibility="collapsed")


def snapshot_choice(row) -> str:
    """A snapshot as a picker lists it, short enough never to be cut: its date and number, then its label."""
    from bvdata.base.formats import day
    when = day(row.as_at) if row.as_at == row.as_at and row.as_at is not None else "no date"
    return f"{when} · snapshot {row.id} · {row.label}"


def _switch_snapshot() -> None:
    chosen = st.session_state["sidebar_snapshot"]
    engine, _ = get_store()
    if chosen is not None and engine is not None:
        use_dataset(*snapshot_dataset(engine, chosen))


def _clear_filters() -> None:
    st.session_state["bv_recommendations"] = []
    st.session_state["bv_officers"] = []


def apply_filters(df: pd.DataFrame) -> pd.DataFrame:
    """Narrow any action table by the recommendation and lead-officer filters in force."""
    return narrowed(df, st.session_state["bv_recommendations"], st.session_state["bv_officers"])


def narrowed(df: pd.DataFrame, recs, officers) -> pd.DataFrame:
    """An action table narrowed to these recommendations and lead officers (none given: all of them)."""
    if recs:
        df = df[df["recommendation"].isin(recs)]
    if officers:
        df = df[df["lead_officer"].isin(officers)]
    return df


def filtered_actions() -> pd.DataFrame:
    """The shown tracker's actions with their status as of the status date, narrowed by the filters."""
    return apply_filters(current_actions())


def filter_summary() -> str:
    """One line: the status date and what the items are narrowed to ("Status as of 14 Feb 2022 · all
    recommendations · 2 lead officers")."""
    from bvdata.base.formats import day
    recs = st.session_state["bv_recommendations"]
    officers = st.session_state["bv_officers"]
    words = st.session_state.get("bv_words") or DEFAULT_WORDS
    parts = [f"Status as of {day(as_of())}",
             words.group.count(len(recs)) if recs else f"all {words.group.plural}",
             words.leads(len(officers)) if officers else f"all {words.people.lower()}"]
    return " · ".join(parts)


def page_header(title: str, per_plan: bool = True, filters: bool | None = None) -> None:
    """The page's title (naming the plan shown, when the store holds several and the page shows one),
    the sample's banner while the sample is shown, and the filter control (on a page of one plan, unless
    ``filters`` says otherwise)."""
    plan = shown_plan() if per_plan and len(plan_list()) > 1 else None
    st.title(md_escape(f"{title}: {plan.name}" if plan is not None else title))
    if per_plan and shows_sample():          # one line: every element before the chart delays it
        # Markdown, not a caption: a caption's muted text would take the badge under WCAG AA contrast
        st.markdown(":orange-badge[:material/science: Sample data] The sample plan: a real council's 2022 plan and "
                    "an ILLUSTRATIVE earlier update, kept apart from your own plans.",
                    help="Your own trackers are kept as plans of their own; an analyst can withdraw the sample plan "
                         "on the Data page.")
    if per_plan if filters is None else filters:
        filter_control()
