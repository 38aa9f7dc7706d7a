"""Actions (or recommendations…, as the file calls them): search and filter every item; the detail view gives
its full wording, notes, source sheet and row."""
import pandas as pd
import streamlit as st

from bvdata.base.formats import DATE_COLUMN, PERCENT_COLUMN
from bvdata.base.labels import column_labels, labelled
from bvdata.model.detail import action_facts
from bvdata.model.status import STATUS_RULES
from pages.common.dataset import current_tracker
from pages.common.navigation import require_app
from pages.common.plan import value_sources
from pages.common.sidebar import filtered_actions, page_header
from pages.common.widgets import download_buttons, md_escape, phone_cards

require_app(__file__)
CARD_LIMIT = 50     # a phone gets the first rows as cards, whole; the search narrows them
# the list's first columns, and a phone's cards; the notes are left to the detail view there: they are
# long, and quote dates in the council's own words
CARD_FIELDS = ["action_id", "status_label", "completion", "due_date", "lead_officer", "action"]

tracker = current_tracker()
words = tracker.words
items, labels_ = words.item, column_labels(words)
page_header(items.titles)
df = filtered_actions()

# optional fields become filters when the file carries them: priority and acceptance
optional = [(f, label) for f, label in (("service_lead", "Service lead"), ("priority", "Priority"),
                                         ("acceptance", "Acceptance")) if df[f].notna().any()]
columns = st.columns([2] * (len(optional) + 1) + [3])
chosen = {f: column.multiselect(label, sorted(df[f].dropna().unique()), key=f"actions_{f}", placeholder="All")
          for (f, label), column in zip(optional, columns)}
labels = [r.label for r in STATUS_RULES]
chosen_status = columns[len(optional)].multiselect("Status", labels, key="actions_status", placeholder="All statuses")
search = columns[-1].text_input("Search the wording and notes", key="actions_search", placeholder="e.g. survey")


def matches(frame: pd.DataFrame, text: str) -> pd.Series:
    """Case-insensitive, literal (not a pattern) search in the wording and the notes."""
    needle = text.strip().lower()
    return (frame["action"].fillna("").str.lower().str.contains(needle, regex=False)
            | frame["notes"].fillna("").str.lower().str.contains(needle, regex=False))


for f, values in chosen.items():
    if values:
        df = df[df[f].isin(values)]
if chosen_status:
    df = df[df["status_label"].isin(chosen_status)]
if search.strip():
    df = df[matches(df, search)]

noun = tracker.noun
st.caption(f"{len(df):,} of {len(tracker.actions):,} {noun[1]} shown.")
extra = [f for f in ("rag", "progress_word", "priority", "acceptance", "times_moved", "completion_date", "validated")
         if tracker.actions[f].notna().any() and (f != "times_moved" or tracker.actions[f].gt(0).any())]
view = df[CARD_FIELDS + extra + ["service_lead", "recommendation", "notes", "source_sheet", "source_row"]]
with st.container(key="wide_actions_table"):        # a table on a wide screen, cards on a phone
    event = st.dataframe(
        labelled(view, words), hide_index=True, width="stretch", placeholder="–", key="actions_table",
        on_select="rerun", selection_mode="single-row",
        column_config={
            labels_["completion"]: st.column_config.ProgressColumn(format=PERCENT_COLUMN, min_value=0, max_value=100),
            labels_["due_date"]: st.column_config.DateColumn(format=DATE_COLUMN),
            labels_["action_id"]: st.column_config.TextColumn(width="small"),
            labels_["action"]: st.column_config.TextColumn(width="large"),
        },
    )
phone_cards(labelled(view[CARD_FIELDS], words), "actions_table", percents=[labels_["completion"]],
            wide=[labels_["action"]], limit=CARD_LIMIT)
download_buttons(view, items.plural, "actions", items.titles, f"these {items.plural} ", words)

if df.empty:
    st.stop()

st.subheader(md_escape(f"{items.title} detail"))
PICKER_LIMIT = 1000   # a drop-down of 20,000 actions helps nobody; the search narrows it
ids = df["action_id"].fillna("Sheet '" + df["source_sheet"] + "' row " + df["source_row"].astype(str))
labels = (ids + " — " + df["action"].fillna("").str.slice(0, 90)).tolist()
picked_rows = list(event.selection.rows) if event is not None else []
# a new click in the table moves the detail view; otherwise the picker below keeps its choice
if picked_rows and picked_rows != st.session_state.get("actions_last_pick"):
    st.session_state["actions_detail"] = picked_rows[0]
st.session_state["actions_last_pick"] = picked_rows
positions = list(range(min(len(df), PICKER_LIMIT)))
current = st.session_state.get("actions_detail", 0)
if current >= len(df):
    st.session_state["actions_detail"] = current = 0
if current >= PICKER_LIMIT:
    positions.append(current)
choice = st.selectbox(
    items.title, positions, key="actions_detail", format_func=labels.__getitem__,
    help=f"Pick {'an' if items.singular[0] in 'aeiou' else 'a'} {items.singular} here, or click a row of the table above."
         + (f" The list holds the first {PICKER_LIMIT:,}; search to narrow it." if len(df) > PICKER_LIMIT else ""),
)
row = df.iloc[choice]
facts = st.columns(4)
facts[0].metric("Status", row["status_label"])
facts[1].metric("Completion", "–" if pd.isna(row["completion"]) else f"{row['completion']:.0f}%")
facts[2].metric("Timescales", "Not given" if pd.isna(row["due_date"]) else f"{row['due_date']:%d %b %Y}")
facts[3].metric("Days overdue", "–" if pd.isna(row["days_overdue"]) else f"{int(row['days_overdue']):,}")
for label, text in action_facts(row, words):
    st.caption(label)
    st.text(text)
st.caption("Source")
st.text(f"Sheet '{row['source_sheet']}', row {row['source_row']} of {tracker.source_name}")
for field, text in value_sources(row["action_id"]):
    st.caption(f"{labels_.get(field, field)}: where the value came from")
    st.text(text)
