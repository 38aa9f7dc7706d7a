"""Issue 33, item 2: status as colour. A status or RAG cell with a fill and no text takes the colour's
meaning, from the document's own key where it has one ("Blue – complete", "Grey – superseded"), else from
the nearest standard RAG colour; the report says which cells were read by colour only, and a colour nothing
explains is warned about with its count, never counted as no update in silence."""
import datetime as dt

import pytest
from colour_fixtures import ROWS, ods_workbook, paper, workbook

from bvdata import load_tracker
from bvdata.model.status import with_status
from bvdata.read.assembly.colours import colour_name, document_key


@pytest.mark.parametrize("make, name", [(workbook, "plan.xlsx"), (paper, "paper.docx"), (ods_workbook, "plan.ods")])
def test_a_status_shown_by_colour_alone_takes_its_meaning_from_the_files_key(make, name):
    tracker = load_tracker(make(), name)
    df = with_status(tracker.actions, dt.date(2022, 6, 1)).set_index("action_id")
    assert df.loc["2", "status"] == "complete"
    assert df.loc["3", "status"] == "closed"                  # superseded, by the file's own key
    assert df.loc["4", "status"] != "no_update" and df.loc["4", "progress"] == "in_progress"
    assert df.loc["5", "status"] == "overdue"
    assert df.loc["3", "colour_only"] == ("colour only: the RAG (D) cell was blank, filled Grey as 'superseded' "
                                          "(the file's key)") or name != "plan.xlsx"
    assert df["colour_only"].notna().tolist() == [bool(fill) for *_, fill in ROWS]      # its source, item by item
    [note] = [i for i in tracker.issues if "colour only" in i.message]
    assert "3 status cells" in note.message and "Grey as 'superseded' (the file's key)" in note.message


def test_a_colour_nothing_explains_is_warned_about_with_its_count():
    tracker = load_tracker(workbook(key=False), "plan.xlsx")
    df = tracker.actions.set_index("action_id")
    assert df.loc["2", "progress"] == "complete"               # blue, the standard RAG meaning
    [warned] = [w for w in tracker.warnings if "blank but coloured" in w.message]
    assert warned.message.startswith("1 status cell is blank but coloured grey (rows 4)")
    assert "bvdata/" not in warned.message


def test_a_workbook_with_no_blank_status_never_reads_styles(monkeypatch):
    import bvdata.read.formats.xlsx as xlsx
    called = []
    monkeypatch.setattr(xlsx, "xlsx_fills", lambda *a: called.append(a) or {})
    plain = [(n, w, d, word or "Green", None) for n, w, d, word, _ in ROWS]
    load_tracker(workbook(key=False, rows=plain), "plain.xlsx")
    assert called == []


@pytest.mark.parametrize("hex_text, name", [("00B050", "Green"), ("92D050", "Green"), ("FFC000", "Amber"),
                                            ("FFFF00", "Amber"), ("FF0000", "Red"), ("0070C0", "Blue"),
                                            ("BFBFBF", "Grey"), ("FFFFFF", None), ("", None)])
def test_a_fill_is_named_by_the_nearest_listed_colour(hex_text, name):
    assert colour_name(hex_text) == name


def test_a_key_is_read_from_lines_and_tables():
    assert document_key(["RAG key: Blue is complete", "Grey: superseded", "Blue sky thinking"]) == \
        {"Blue": "complete", "Grey": "superseded"}
