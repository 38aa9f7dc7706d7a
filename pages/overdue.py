"""Overdue: the overdue items, most overdue first, with their ageing and who leads them, and downloads."""
import streamlit as st

from bvdata.base.formats import DATE_COLUMN
from bvdata.base.labels import and_list, column_labels, labelled, officer_names, plural, ties
from bvdata.model.status import ageing_counts, overdue_list
from bvdata.papers.exports import owner_digest
from bvdata.papers.figures import ageing_chart, overdue_by_officer
from pages.common.dataset import as_of, current_tracker
from pages.common.navigation import require_app
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, download_buttons, figure, md_escape, opened_expander, table

require_app(__file__)

tracker = current_tracker()
words = tracker.words
items, labels = words.item, column_labels(words)
page_header(f"Overdue {items.plural}")
df = filtered_actions()
late = overdue_list(df)

if late.empty:
    st.success(md_escape(f"No {items.singular} is overdue as of {as_of():%d %b %Y}."))
    st.stop()

oldest = int(late["days_overdue"].iloc[0])
st.subheader(md_escape(f"{len(late):,} overdue as of {as_of():%d %b %Y}; the oldest by {plural(oldest, 'day')}."))
ageing = ageing_counts(df)          # the page's key chart first; the lead officers' chart on demand
text = "; ".join(f"{r.ageing}: {r.actions}" for r in ageing.itertuples())
chart(figure(ageing_chart, ageing, words), "overdue_ageing", f"Overdue {items.plural} by lateness — {text}.")
# the columns that matter first, so they fit at 1440 px; the long text last, and whole in the Actions detail
view = late[["action_id", "action", "days_overdue", "due_date", "lead_officer", "completion", "ageing", "notes",
             "recommendation", "source_sheet", "source_row"]]
table(labelled(view, words), "overdue_table", percents=[labels["completion"]], wide=[labels["action"]], cards=True,
      **{labels["due_date"]: st.column_config.DateColumn(format=DATE_COLUMN),
         labels["days_overdue"]: st.column_config.NumberColumn(format="%d")})
download_buttons(view, f"overdue_{as_of():%Y-%m-%d}", "overdue", "Overdue", "the overdue list ", words)
st.download_button(f"Download owner digest (Excel: a sheet per {words.person.lower()}, open {items.plural}, overdue first)",
                   lambda: owner_digest(df, words), f"owner_digest_{as_of():%Y-%m-%d}.xlsx", key="overdue_digest",
                   on_click="ignore", help="The list to send round before a committee to chase updates.")

if (box := opened_expander(f"Overdue by {words.person.lower()}", "overdue_open_officers")) is not None:
    officers = officer_names(late["lead_officer"]).value_counts()
    names, most = ties(officers)
    who = (f"{names[0]} has the most ({most})" if len(names) == 1 else
           f"{and_list(names)} have the most ({most} each)" if len(names) < len(officers) else
           f"{and_list(names)} have {most} each" if len(names) <= 4 else f"each has {most}")
    with box:
        chart(figure(overdue_by_officer, late, words), "overdue_officers",
              f"{words.leads(len(officers))} {'has' if len(officers) == 1 else 'have'} overdue {items.plural}; {who}.")
