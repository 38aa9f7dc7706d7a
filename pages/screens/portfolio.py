"""What a committee asks of its plans, drawn from a bvdata.model.portfolio.PortfolioView: outstanding
and overdue items by priority, the overdue ones by age and service, the items at risk with the rule's
inputs, what was completed since each plan's previous update, and every overdue item by lead and plan
with a link to its plan. On All plans for every plan, and on the Overview of a store with one plan."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from bvdata.base.formats import DATE_COLUMN
from bvdata.base.labels import COLUMN_LABELS
from bvdata.model.portfolio import WHO, PortfolioView
from bvdata.model.status import AGE_BANDS
from bvdata.papers.portfolio_figures import age_band_chart, priority_chart
from pages.common.widgets import chart, figure, table

LINK = st.column_config.LinkColumn


def plan_links(frame: pd.DataFrame, page: str = "overview") -> pd.Series:
    """Each row's link to its plan's page (``overview?plan=3``), relative so it works under any base path."""
    return frame["plan_id"].map(lambda i: f"{page}?plan={int(i)}")


def portfolio_sections(view: PortfolioView, key: str, several: bool = True) -> None:
    """The sections below the summary; ``key`` prefixes every widget key; ``several`` adds each row's plan."""
    st.subheader("Outstanding and overdue by priority")
    if view.has_priority:
        across = view.priority[view.priority["plan"] == "All plans"]
        chart(figure(priority_chart, view.priority), f"{key}_priority", "Outstanding items by priority: " + "; ".join(
            f"{r.priority} {int(r.outstanding):,} outstanding, {int(r.overdue):,} overdue" for r in across.itertuples()) + ".")
        shown = view.priority if several else across
        table(shown.rename(columns={"plan": "Plan", "priority": "Priority", "outstanding": "Outstanding",
                                    "overdue": "Overdue"}), key=f"{key}_priority_table")
    else:
        st.caption("No plan gives its items a priority, so they are not counted by priority.")

    st.subheader("Overdue by how long, and by service")
    if view.ageing.empty:
        st.caption(f"Nothing is overdue, {view.as_at_words}.")
    else:
        bands = [b for _, b in AGE_BANDS]
        chart(figure(age_band_chart, view.ageing), f"{key}_ageing", "Overdue items by how long overdue: " + "; ".join(
            f"{b} {int(view.ageing[b].sum()):,}" for b in bands) + ".")
        table(view.ageing.rename(columns={"who": COLUMN_LABELS[WHO], "total": "Total"}), key=f"{key}_ageing_table")

    st.subheader("At risk")
    st.caption("Not yet due, but progress lags the time left: with a % at the previous update and now, the rate "
               "since is projected to the due date and falls short of 100%; without one, not started (or no "
               "update) and due within 90 days. Why each is at risk is given beside it.")
    risk = view.at_risk
    if risk.empty:
        st.caption("No item is at risk on this rule.")
    else:
        _items_table(risk, f"{key}_risk", several, {"why": "Why at risk", "days_left": "Days left"})

    st.subheader("Completed since the previous update")
    if view.completed.empty:
        st.caption("Nothing was completed between any plan's previous update and its latest.")
    else:
        _items_table(view.completed, f"{key}_completed", several, {})

    st.subheader("Every overdue item, by lead and plan")
    if view.overdue.empty:
        st.caption(f"Nothing is overdue, {view.as_at_words}.")
    else:
        _items_table(view.overdue, f"{key}_overdue", several, {"days_overdue": "Days overdue", "priority": "Priority"},
                     page="overdue")


def _items_table(frame: pd.DataFrame, key: str, several: bool, extra: dict[str, str], page: str = "overview") -> None:
    names = {"lead_officer": "Lead", "plan": "Plan", "action_id": "No.", "action": "Item", "due_date": "Due"} | extra
    columns = [c for c in names if c in frame.columns and (several or c != "plan")]
    shown = frame[columns].rename(columns=names)
    if several:
        shown.insert(0, "Open", plan_links(frame, page).to_numpy())
    # on a tablet or a phone, cards: the number, the wording, its due date, lead and plan all in view
    table(shown, key=key, wide=("Item", "Why at risk"), cards=True, card_columns=[c for c in shown.columns if c != "Open"],
          Due=st.column_config.DateColumn(format=DATE_COLUMN), Open=LINK("Open", display_text="Open plan", width="small"))
