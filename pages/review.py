"""Review, one plan at a time: pending updates beside the current values, accepted or rejected with a
comment; then the accepted ones published as a new snapshot, or downloaded in the analyst's own
workbook. Analysts only, checked on the server by every call into bvdata.updates and bvdata.reviewed."""
from pathlib import Path

import pandas as pd
import streamlit as st

from bvdata.base.errors import AccessRefused, StoreError
from bvdata.base.labels import plural
from bvdata.owners.reviewed import publish_reviewed
from bvdata.owners.updates import all_updates, queue_words, ready_to_publish, review, review_queue
from pages.common.connection import app_settings
from pages.common.dataset import shown_plan_id, snapshot_dataset, use_dataset
from pages.common.plan import open_owner_page, updated
from pages.common.widgets import md_escape
from pages.screens.review_card import review_card

person, engine, found = open_owner_page(__file__, "Review updates", "review updates")

try:
    waiting = review_queue(engine, person)
except AccessRefused as exc:
    st.error(md_escape(exc))
    st.stop()
plan = found[0]
if len(found) > 1:          # review is per plan: the one with updates waiting first, else the one shown
    by_id = {u.plan_id: u for u in found}
    counts, accepted = waiting["plan_id"].value_counts(), ready_to_publish(engine)["plan_id"].value_counts()
    first = next((i for i in by_id if counts.get(i, 0) or accepted.get(i, 0)),
                 shown_plan_id() if shown_plan_id() in by_id else found[0].plan_id)
    chosen = st.selectbox("Plan", list(by_id), index=list(by_id).index(first), key="review_plan",
                          format_func=lambda i: f"{by_id[i].plan_name} ({queue_words(counts.get(i, 0), accepted.get(i, 0))})")
    plan = by_id[chosen]
queue = waiting[waiting["plan_id"] == plan.plan_id].reset_index(drop=True)

st.subheader(f"Waiting for review ({len(queue)})")
if queue.empty:
    st.caption("No update waits for review.")
for row in queue.itertuples():
    decision = review_card(row, plan.actions)
    if decision is not None:
        accept, comment = decision
        try:
            review(engine, person, int(row.id), accept, comment, app_settings().plan_analysts)
            st.session_state["bv_flash"] = f"Update {row.id} {'accepted' if accept else 'rejected'}."
            st.rerun()
        except StoreError as exc:
            st.error(md_escape(exc))

st.subheader("Publish reviewed updates")
ready = ready_to_publish(engine, plan.plan_id)
if ready.empty:
    st.caption("No accepted update is waiting to be published.")
else:
    try:
        workbook = updated(plan.plan_id)
    except StoreError as exc:
        st.error(md_escape(exc))
        st.stop()
    for line in [*workbook.skipped, *filter(None, [workbook.loss_sentence()])]:
        st.warning(md_escape(line))            # the download below lacks the same things as the copy published
    for _, why in workbook.returned:
        st.warning(md_escape(f"{why} Publishing returns it to its officer, who can send it again."))
    changes = pd.DataFrame([{"Action": p.action_id, "Field": p.field, "Was": p.old, "Now": p.new,
                             "From": f"update {p.update_id} by {p.submitted_by}, accepted by {p.accepted_by}"}
                            for p in workbook.planned])
    st.dataframe(changes, hide_index=True, width="stretch", placeholder="–", key="review_changes")
    stem, suffix = Path(workbook.name).stem, Path(workbook.name).suffix
    st.download_button("Download the tracker with accepted updates", workbook.data,
                       f"{stem} (with accepted updates){suffix}", key="review_download", on_click="ignore")
    accept = bool(workbook.lost) and st.checkbox("Publish without them", key="review_accept_losses")
    as_at = st.date_input("The new snapshot is as at", key="review_as_at", format="DD/MM/YYYY")
    if st.button("Publish reviewed updates", type="primary", key="review_publish"):
        try:
            with st.spinner("Writing the accepted values into the workbook and publishing it…"):
                info, _ = publish_reviewed(engine, person, as_at=as_at, accept_losses=accept,
                                           plan_id=plan.plan_id, plan_analysts=app_settings().plan_analysts)
            use_dataset(*snapshot_dataset(engine, info.id))
            st.session_state["bv_flash"] = (f"Published snapshot {info.id}, '{info.label}', with "
                                            f"{plural(len(workbook.planned), 'accepted value')}. Compare shows what moved.")
            st.rerun()
        except StoreError as exc:
            st.error(md_escape(exc))

decided = all_updates(engine)
decided = decided[(decided["state"] != "pending") & (decided["plan_id"] == plan.plan_id)].iloc[::-1]
if len(decided):
    st.subheader("Decided")
    st.dataframe(decided[["id", "action_id", "submitted_by", "state", "reviewed_by", "comment", "published_in",
                          "returned_why"]]
                 .rename(columns={"id": "Update", "action_id": "Action", "submitted_by": "From", "state": "Decision",
                                  "reviewed_by": "By", "comment": "Comment", "published_in": "In snapshot",
                                  "returned_why": "Returned because"}),
                 hide_index=True, width="stretch", placeholder="–", key="review_decided")
