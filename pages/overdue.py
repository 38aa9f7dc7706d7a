"""Overdue: the overdue actions, most overdue first, with their ageing and lead officers, and downloads."""
import streamlit as st

from bvdata.base.labels import COLUMN_LABELS, and_list, labelled, officer_names, plural, ties
from bvdata.model.status import ageing_counts, overdue_list
from bvdata.papers.exports import owner_digest
from bvdata.papers.figures import ageing_chart, overdue_by_officer
from pages.common.dataset import as_of, current_tracker
from pages.common.navigation import require_app
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import chart, download_buttons, md_escape, table

require_app(__file__)

tracker = current_tracker()
page_header("Overdue actions")
df = filtered_actions(tracker)
late = overdue_list(df)

if late.empty:
    st.success(md_escape(f"No action is overdue as of {as_of():%d %b %Y}."))
    st.stop()

oldest = int(late["days_overdue"].iloc[0])
st.subheader(md_escape(f"{len(late)} overdue as of {as_of():%d %b %Y}; the oldest by {plural(oldest, 'day')}."))
# the columns that matter first, so they fit at 1440 px; the long text last, and whole in the Actions detail
view = late[["action_id", "days_overdue", "due_date", "lead_officer", "completion", "action", "ageing", "notes",
             "recommendation", "source_sheet", "source_row"]]
table(labelled(view), "overdue_table", percents=[COLUMN_LABELS["completion"]], wide=[COLUMN_LABELS["action"]],
      **{COLUMN_LABELS["due_date"]: st.column_config.DateColumn(format="DD/MM/YYYY"),
         COLUMN_LABELS["days_overdue"]: st.column_config.NumberColumn(format="%d")})
download_buttons(view, f"overdue_{as_of():%Y-%m-%d}", "overdue", "Overdue", "the overdue list ")
st.download_button("Download owner digest (Excel: a sheet per lead officer, open actions, overdue first)",
                   lambda: owner_digest(df), f"owner_digest_{as_of():%Y-%m-%d}.xlsx", key="overdue_digest",
                   on_click="ignore", help="The list to send round before a committee to chase updates.")

ageing = ageing_counts(df)
text = "; ".join(f"{r.ageing}: {r.actions}" for r in ageing.itertuples())
chart(ageing_chart(ageing), "overdue_ageing", f"Overdue actions by lateness — {text}.")
officers = officer_names(late["lead_officer"]).value_counts()
names, most = ties(officers)
who = (f"{names[0]} has the most ({most})" if len(names) == 1 else
       f"{and_list(names)} have the most ({most} each)" if len(names) < len(officers) else
       f"{and_list(names)} have {most} each" if len(names) <= 4 else f"each has {most}")
chart(overdue_by_officer(late), "overdue_officers",
      f"{plural(len(officers), 'lead officer')} {'has' if len(officers) == 1 else 'have'} overdue actions; {who}.")
