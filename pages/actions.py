import pandas as pd
import streamlit as st

from bvdata.exports import COLUMN_LABELS, labelled, to_csv_bytes, to_xlsx_bytes
from bvdata.status import STATUS_RULES, action_label
from pages.common import current_tracker, filtered_actions, page_header

tracker = current_tracker()
page_header("Actions", tracker)
df = filtered_actions(tracker)

left, middle, right = st.columns([2, 2, 3])
service_leads = sorted(df["service_lead"].dropna().unique())
chosen_leads = left.multiselect("Service lead", service_leads, key="actions_service_leads", placeholder="All service leads")
labels = [r.label for r in STATUS_RULES]
chosen_status = middle.multiselect("Status", labels, key="actions_status", placeholder="All statuses")
search = right.text_input("Search the action and notes", key="actions_search", placeholder="e.g. survey")


def matches(frame: pd.DataFrame, text: str) -> pd.Series:
    """Case-insensitive, literal (not a pattern) search in the action wording and the notes."""
    needle = text.strip().lower()
    return (frame["action"].fillna("").str.lower().str.contains(needle, regex=False)
            | frame["notes"].fillna("").str.lower().str.contains(needle, regex=False))


if chosen_leads:
    df = df[df["service_lead"].isin(chosen_leads)]
if chosen_status:
    df = df[df["status_label"].isin(chosen_status)]
if search.strip():
    df = df[matches(df, search)]

st.caption(f"{len(df):,} of {len(tracker.actions):,} actions shown.")
view = df[["action_id", "action", "status_label", "completion", "due_date", "lead_officer", "service_lead",
           "recommendation", "notes", "source_sheet", "source_row"]]
event = st.dataframe(
    labelled(view), hide_index=True, width="stretch", key="actions_table",
    on_select="rerun", selection_mode="single-row",
    column_config={
        COLUMN_LABELS["completion"]: st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
        COLUMN_LABELS["due_date"]: st.column_config.DateColumn(format="DD/MM/YYYY"),
        COLUMN_LABELS["action_id"]: st.column_config.TextColumn(width="small"),
        COLUMN_LABELS["action"]: st.column_config.TextColumn(width="large"),
    },
)
a, b = st.columns(2)
a.download_button("Download these actions (Excel)", to_xlsx_bytes({"Actions": view}), "actions.xlsx", key="actions_download_xlsx")
b.download_button("Download these actions (CSV)", to_csv_bytes(view), "actions.csv", key="actions_download_csv")

if df.empty:
    st.stop()

st.subheader("Action detail")
positions = list(range(len(df)))
picked_rows = list(event.selection.rows) if event is not None else []
# a new click in the table moves the detail view; otherwise the picker below keeps its choice
if picked_rows and picked_rows != st.session_state.get("actions_last_pick"):
    st.session_state["actions_detail"] = picked_rows[0]
st.session_state["actions_last_pick"] = picked_rows
if st.session_state.get("actions_detail", 0) >= len(df):
    st.session_state["actions_detail"] = 0
choice = st.selectbox(
    "Action", positions, key="actions_detail",
    format_func=lambda i: f"{action_label(df.iloc[i])} — {(df.iloc[i]['action'] or '')[:90]}",
    help="Pick an action here, or click a row of the table above.",
)
row = df.iloc[choice]
facts = st.columns(4)
facts[0].metric("Status", row["status_label"])
facts[1].metric("Completion", "No update" if pd.isna(row["completion"]) else f"{row['completion']:.0f}%")
facts[2].metric("Timescales", "Not given" if pd.isna(row["due_date"]) else f"{row['due_date']:%d %b %Y}")
facts[3].metric("Days overdue", "–" if pd.isna(row["days_overdue"]) else f"{int(row['days_overdue']):,}")
for label, field in [("Action", "action"), ("Notes", "notes"), ("Recommendation", "recommendation"),
                     ("Lead officer", "lead_officer"), ("Service lead", "service_lead"), ("Report ref", "report_ref")]:
    st.caption(label)
    st.text(row[field] if isinstance(row[field], str) else "—")
st.caption("Source")
st.text(f"Sheet '{row['source_sheet']}', row {row['source_row']} of {tracker.source_name}")
