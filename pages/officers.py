"""Officers and reminders (analysts): who each lead-officer name in the trackers is, the names that map
to nobody, and the reminder emails, previewed before they are sent."""
import datetime as dt

import streamlit as st

from bvdata.base.errors import StoreError
from bvdata.owners.officers import read_officers_file, save_officers, unmapped_names
from bvdata.owners.remind import eml_zip, message, open_across_plans, reminders, send_and_record, smtp_settings
from pages.common.connection import app_settings
from pages.common.plan import officers, open_owner_page
from pages.common.widgets import md_escape

person, engine, found = open_owner_page(__file__, "Officers and reminders", "manage officers and send reminders",
                                       needs_plan=False)


def save(table, how: str) -> None:
    try:
        count = save_officers(engine, table, person.name, how)
        st.session_state["bv_flash"] = f"Saved {count} spellings ({how})."
        st.rerun()
    except StoreError as exc:
        st.error(md_escape(exc))


st.subheader("Lead officers")
st.caption("One row per spelling of a name as the trackers write it, with that person's email address. "
           "A joint lead such as 'C Hepburn / C Myers' reaches both people.")
upload = st.file_uploader("Import from a CSV, or a workbook with an 'Officers' sheet (columns name and email)",
                          type=["csv", "xlsx", "xlsm", "xls", "ods"], key="officers_upload")
if upload is not None:
    try:
        imported = read_officers_file(upload.getvalue(), upload.name)
        st.dataframe(imported, hide_index=True, key="officers_imported")
        if st.button(f"Replace the officer table with these {len(imported)} rows", key="officers_import"):
            save(imported, f"imported from {upload.name}")
    except StoreError as exc:
        st.error(md_escape(exc))

table = officers()
edited = st.data_editor(table, num_rows="dynamic", hide_index=True, width="stretch", key="officers_editor",
                        column_config={"name": st.column_config.TextColumn("Name as written", required=True),
                                       "email": st.column_config.TextColumn("Email", required=True)})
if st.button("Save the officer table", key="officers_save"):
    save(edited, "edited on the Officers page")

actions, snapshot_ids = open_across_plans(engine)
if not actions.empty:
    missing = unmapped_names(actions, table)
    if len(missing):
        st.warning(f"{len(missing)} names in the latest updates map to nobody, so those officers get no "
                   "reminder and cannot update their actions:")
        st.dataframe(missing.rename(columns={"name": "Name as written", "actions": "Actions"}), hide_index=True,
                     key="officers_unmapped")
    else:
        st.caption("Every lead officer named in the latest updates has an email address.")

st.subheader("Reminders")
if actions.empty or table.empty:
    st.caption("Reminders need a published update and at least one officer with an email address.")
    st.stop()
left, right = st.columns(2)
as_of = left.date_input("Status as at", dt.date.today(), key="officers_as_of", format="DD/MM/YYYY")
within = right.number_input("Due soon means within (days)", 1, 365, 30, key="officers_within")
settings = app_settings()
due = reminders(actions, table, as_of, int(within))
sender = settings.smtp.get("sender") or "best-value-tracker@localhost"
mails = [message(r, sender, settings.app_url, as_of) for r in due]
st.write(f"{len(mails)} officers have open actions.")
for reminder, mail in zip(due, mails):
    with st.expander(f"{reminder.email}: {reminder.counts}"):
        st.text(f"Subject: {mail['Subject']}\n\n{mail.get_body(('plain',)).get_content()}")
st.download_button("Download the emails (.eml files, zipped)", eml_zip(mails), "reminders.zip",
                   key="officers_eml", on_click="ignore", disabled=not mails)
try:
    smtp = smtp_settings(settings.smtp)
except StoreError as exc:
    smtp = None
    st.caption(md_escape(exc))
if st.button(f"Send {len(mails)} reminders", type="primary", key="officers_send", disabled=smtp is None or not mails):
    try:
        sent = send_and_record(engine, person.name, snapshot_ids[0] if len(snapshot_ids) == 1 else None, due, mails, smtp, as_of)
        st.session_state["bv_flash"] = f"Sent {sent} reminders through {smtp.host}."
        st.rerun()
    except StoreError as exc:
        st.error(md_escape(exc))
