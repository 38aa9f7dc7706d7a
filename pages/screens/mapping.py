"""The column-mapping screen: for a tracker the reader could not place, or placed wrongly, the analyst
picks the sheet and the header row and says which column fills which field, sees the first rows and
the headline figures as they would be read, and uses the mapping for this file or saves it for one plan's
later files like it (bvdata.store.mappings: a mapping belongs to a plan)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from bvdata import TrackerError
from bvdata.base.errors import StoreError
from bvdata.base.labels import labelled
from bvdata.model.status import summary_sentence, with_status
from bvdata.read.assembly.mapping import FIELDS, IGNORE, letters, make_mapping, suggest
from bvdata.read.assembly.tracker import tracker_from_grids
from bvdata.read.door.guard import read_grids
from bvdata.read.finding.header import likely_table
from bvdata.store.mappings import save_mapping
from pages.common.widgets import md_escape

PREVIEW_ROWS = 8


@st.cache_data(max_entries=4, show_spinner=False)
def grids_cached(sha256: str, name: str, _data: bytes):
    return read_grids(_data, name)


def _header_rows(grid) -> list[int]:
    """Rows that could be a header: two or more filled cells, among the first 200."""
    return [grid.first_row + i for i, row in enumerate(grid.rows[:200]) if sum(1 for c in row if c != "") >= 2]


def _row_text(grid, row_number: int) -> str:
    cells = [str(c) for c in grid.rows[row_number - grid.first_row] if c != ""]
    return f"Row {row_number}: " + " | ".join(cells)[:110]


def mapping_screen(pending: dict, engine, who: str) -> None:
    """Draw the screen for the pending upload; saving re-checks the upload with the new mapping."""
    try:
        grids = grids_cached(pending["sha256"], pending["name"], pending["data"])
    except TrackerError as exc:
        st.error(md_escape(str(exc)))
        return
    sheets = [g.sheet for g in grids if g.rows]
    if not sheets:
        st.info("This file has no cells to map.")
        return
    likely = likely_table(grids)                # opens on the sheet and row most likely to hold the table
    sheet = st.selectbox("Sheet", sheets, index=sheets.index(likely[0]) if likely else 0, key="mapping_sheet")
    grid = next(g for g in grids if g.sheet == sheet)
    rows = _header_rows(grid)
    if not rows:
        st.info("No row of this sheet has two or more filled cells to use as a header.")
        return
    start = rows.index(likely[1]) if likely and likely[0] == sheet and likely[1] in rows else 0
    header_row = st.selectbox("Header row", rows, index=start, key=f"mapping_header_{sheet}",
                              format_func=lambda r: _row_text(grid, r))
    index = header_row - grid.first_row
    suggested = suggest(grid, index)
    options = [IGNORE] + list(FIELDS)
    st.caption("Say what each column holds. Columns left out are ignored; every row is still kept.")
    columns = st.columns(3)
    choices = {}
    for j, (letter, cell) in enumerate(zip(letters(grid, index), grid.rows[index])):
        choices[letter] = columns[j % 3].selectbox(
            f"{letter}: {str(cell)[:40] or '(blank header)'}", options, index=options.index(suggested.get(letter, IGNORE)),
            format_func=lambda f: "Leave out" if f == IGNORE else FIELDS[f], key=f"mapping_{sheet}_{header_row}_{letter}")
    name = st.text_input("Name of this mapping", value=f"{pending['name']} ({sheet}, row {header_row})",
                         key="mapping_name", max_chars=200)
    try:
        mapping = make_mapping(name, grid, index, choices)
        preview = tracker_from_grids(grids, pending["name"], pending["sha256"], [mapping])
    except TrackerError as exc:
        st.warning(md_escape(str(exc)))
        return
    df = with_status(preview.actions, preview.as_at or dt.date.today())
    st.markdown("**Preview**")
    st.info(md_escape(f"{summary_sentence(df, preview.words)} ({len(preview.warnings)} warning"
                      f"{'' if len(preview.warnings) == 1 else 's'})"))
    shown = ["action_id", "action", "status_label", "due_date", "lead_officer"] + \
        [f for f in ("completion", "progress_word", "rag") if df[f].notna().any()]
    st.dataframe(labelled(df[shown].head(PREVIEW_ROWS), preview.words), hide_index=True, width="stretch", placeholder="–", key="mapping_preview")
    left, right = st.columns(2)
    left.download_button("Download this mapping", mapping.to_json(), "column_mapping.json",
                         key="mapping_download", on_click="ignore", mime="application/json",
                         help="A file that reads this tracker the same way elsewhere (see the README).")
    if right.button("Use it for this file only", key="mapping_once", help="Read this upload with it, without saving it."):
        st.session_state["data_mapping_once"] = (pending["sha256"], mapping.to_json())
        st.session_state["bv_pending"] = None        # check the upload again, with this mapping
        st.rerun()
    _save_for_plan(engine, mapping, who)


def _save_for_plan(engine, mapping, who: str) -> None:
    """Save the mapping for one plan the analyst may change: it applies to that plan's later files only."""
    from bvdata.base.names import name_key
    from bvdata.store.guard import allowed_plans
    from bvdata.store.plans import list_plans
    from pages.common.connection import app_settings
    if engine is None:
        return
    limits = app_settings().plan_analysts
    allowed = allowed_plans(who, limits)
    mine = [p for p in list_plans(engine) if not p.sample and (allowed is None or name_key(p.name) in
                                                                {name_key(n) for n in allowed})]
    if not mine:
        st.caption("Once the file is published into a plan, a mapping can be saved for that plan's later files.")
        return
    left, right = st.columns(2)
    plan = left.selectbox("Save it for the plan", mine, format_func=lambda p: p.name, key="mapping_plan",
                          help="A saved mapping applies to this plan's files only, never to another plan's.")
    if right.button("Save the mapping and use it", type="primary", key="mapping_save"):
        try:
            save_mapping(engine, mapping, who, plan.id, limits)
        except StoreError as exc:
            st.error(md_escape(str(exc)))
            return
        st.session_state["bv_pending"] = None        # check the upload again: the saved mapping now applies
        st.session_state["bv_flash"] = f"Saved the mapping '{mapping.name}' for the plan '{plan.name}'; it applies " \
                                       "to this file and to the plan's later files with the same header row."
        st.rerun()
