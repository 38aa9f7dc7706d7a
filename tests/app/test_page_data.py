import datetime as dt

from apptest_helpers import open_page, own_plan, table_with
from helpers import csv_bytes
from hostile import HOSTILE


def upload(at, name: str, data: bytes, mime="application/octet-stream"):
    at.file_uploader(key="data_upload").set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def test_data_page_offers_template_and_report():
    at = open_page("data")
    labels = [b.label for b in at.get("download_button")]
    assert "Download blank tracker (.xlsx)" in labels


def test_good_upload_is_validated_then_used():
    at = open_page("data")
    data = csv_bytes([["No.", "Action", "Timescales", "% Complete"], ["1", "One", "TBC", "50%"],
                      ["2", "Two", "31/12/2030", ""]])
    upload(at, "refresh.csv", data, "text/csv")
    assert "refresh.csv: 2 actions" in at.success[0].value.replace("\\", "")
    report = table_with(at, "Row")
    assert ((report["Row"] == 2) & (report["Value"] == "TBC")).any()
    at.button(key="data_use").click().run()
    assert not at.exception
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Actions"] == "2"


def test_bad_upload_leaves_the_data_in_place():
    at = open_page("data")
    name, build, words = HOSTILE["truncated"]
    upload(at, name, build())
    assert words in at.error[0].value.replace("\\", "")
    assert "still shows the data it had" in at.error[0].value
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Actions"] == "40"


def test_publish_makes_a_snapshot_every_page_shows():
    at = open_page("data")
    data = csv_bytes([["No.", "Action", "Timescales", "% Complete"]] +
                     [[str(i), f"Action {i}", "31/12/2030", "100%"] for i in range(1, 41)])
    upload(at, "published.csv", data, "text/csv")
    at.date_input(key="data_as_at").set_value(dt.date(2026, 11, 2)).run()
    at.text_input(key="data_label").input("Test committee, Nov 2026").run()
    at.text_input(key="data_plan_name").input("Best Value plan").run()      # a file with no title: named here
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert "Published snapshot" in at.success[0].value.replace("\\", "")
    # (AppTest drops the sidebar after switch_page, so read the dataset the sidebar describes)
    assert at.session_state["bv_dataset"].label == "Test committee, Nov 2026"
    assert at.session_state["bv_dataset"].kind == "snapshot"
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Complete"] == "40"


def test_publishing_a_file_that_drops_most_actions_asks_first():
    at = open_page("data")
    own_plan()
    data = csv_bytes([["No.", "Action", "Timescales"], ["1", "Only one left", "31/12/2030"]])
    upload(at, "tiny.csv", data, "text/csv")
    plans = at.selectbox(key="data_plan")
    assert plans.value == -1                 # it shares nothing with any plan: a new plan, by default
    plans.set_value(_plan_option(at, "Our Best Value plan")).run()       # the analyst says it is that plan
    assert any("less than half" in w.value for w in at.warning)
    at.date_input(key="data_as_at").set_value(dt.date(2026, 11, 2)).run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert any("confirm that they should disappear" in w.value.replace("\\", "") for w in at.warning)
    assert len(table_with(at, "action_id")) >= 39
    at.checkbox(key="data_confirm_drop").check().run()
    at.button(key="data_publish").click().run()
    assert "Published snapshot" in at.success[0].value.replace("\\", "")


import pytest  # noqa: E402


@pytest.mark.parametrize("case", list(HOSTILE))
def test_every_refused_file_shows_one_error_and_keeps_the_data(case):
    at = open_page("data")
    name, build, words = HOSTILE[case]
    upload(at, name, build())
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "")
    assert words in message and "Traceback" not in message
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Actions"] == "40"


def test_the_label_starts_from_each_uploads_own_date_never_the_last_publish():
    at = open_page("data")
    first = csv_bytes([["Position as at 31 March 2023"], ["No.", "Action", "Timescales"], ["1", "A", "31/12/2030"]])
    upload(at, "first.csv", first, "text/csv")
    assert at.text_input(key="data_label").value == "Update as at 31 Mar 2023"
    at.text_input(key="data_label").input("h2 2023 (later update)").run()
    second = csv_bytes([["Position as at 30 September 2023"], ["No.", "Action", "Timescales"], ["1", "A", "31/12/2030"],
                        ["2", "B", "31/12/2030"]])
    upload(at, "second.csv", second, "text/csv")
    assert at.text_input(key="data_label").value == "Update as at 30 Sep 2023"
    assert at.date_input(key="data_as_at").value == dt.date(2023, 9, 30)
    assert any("row 1 of sheet 'CSV'" in c.value.replace("\\", "") for c in at.caption)


def test_publish_needs_a_date_and_a_label_of_its_own():
    at = open_page("data")
    own_plan()
    undated = csv_bytes([["No.", "Action", "Timescales"]] + [[str(i), f"Action {i}", "31/12/2030"] for i in range(1, 41)])
    upload(at, "undated.csv", undated, "text/csv")
    assert at.date_input(key="data_as_at").value is None
    at.button(key="data_publish").click().run()
    assert "Give the date" in at.error[0].value.replace("\\", "")
    at.date_input(key="data_as_at").set_value(dt.date(2024, 9, 1)).run()
    at.text_input(key="data_label").input("Our Best Value plan, first update").run()
    at.button(key="data_publish").click().run()
    assert "already called" in at.error[0].value.replace("\\", "")     # a label of this plan
    at.text_input(key="data_label").input("   ").run()
    at.button(key="data_publish").click().run()
    assert "Give the snapshot a label" in at.error[0].value.replace("\\", "")


def test_an_earlier_update_is_said_to_come_before_the_latest():
    at = open_page("data")
    own_plan(3)                                  # snapshot 3, as at 1 June 2024, of the council's own plan
    early = csv_bytes([["Position as at 1 June 2021"], ["No.", "Action", "Timescales"], ["1", "Action 1", "31/12/2030"],
                       ["2", "Action 2", "31/12/2030"]])
    upload(at, "early.csv", early, "text/csv")
    assert "shares 2 of its 2 actions with Our Best Value plan" in " ".join(c.value for c in at.caption).replace("\\", "")
    notes = " ".join(i.value.replace("\\", "") for i in at.info)
    assert "dated before snapshot 3" in notes and "appear before it in the history" in notes


def test_an_unplaced_file_is_mapped_saved_and_the_mapping_reused():
    at = open_page("data")
    odd = csv_bytes([["Ref", "What we said we would do", "Who", "When", "Where we are"],
                     ["1", "Refresh the plan", "A Smith", "31/03/2022", "Complete"],
                     ["2", "Train members", "B Jones", "30/06/2022", "Ongoing"]])
    upload(at, "odd.csv", odd, "text/csv")
    assert "No action table" in at.error[0].value.replace("\\", "")
    assert "Data page" not in at.error[0].value                # said to someone already on it
    at.button(key="data_map").click().run()                     # the button on the refusal opens the screen
    header = at.selectbox(key="mapping_header_CSV")
    assert header.value == 1
    for letter, field in [("A", "action_id"), ("B", "action"), ("C", "lead_officer"), ("D", "due_date"),
                          ("E", "progress_word")]:
        at.selectbox(key=f"mapping_CSV_1_{letter}").set_value(field).run()
    assert not at.exception, at.exception
    preview = table_with(at, "Status")
    assert list(preview["No."]) == ["1", "2"] and list(preview["Status"])[0] == "Complete"
    # the store has no plan of its own yet: the mapping reads this file only, and it is published into a new plan
    assert "mapping_plan" not in {w.key for w in at.selectbox}      # no plan of its own to save it for
    at.button(key="mapping_once").click().run()
    assert not at.exception, at.exception
    assert at.session_state["bv_pending"]["tracker"].mapping is not None
    assert "the column mapping you gave for this file" in at.info[0].value.replace("\\", "")
    assert at.text_input(key="data_plan_name").value == ""         # never the file name ("odd")
    at.date_input(key="data_as_at").set_value(dt.date(2022, 4, 1)).run()
    at.button(key="data_publish").click().run()
    assert "Give the new plan a name." in at.error[0].value.replace("\\", "")
    at.text_input(key="data_plan_name").set_value("Odd plan").run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error] + [i.value for i in at.info]
    # a later file with the same header row: mapped again, and saved for the plan it now has
    later = odd.replace(b"Train members", b"Train all members")
    upload(at, "odd-later.csv", later, "text/csv")
    at.button(key="data_map").click().run()
    for letter, field in [("A", "action_id"), ("B", "action"), ("C", "lead_officer"), ("D", "due_date"),
                          ("E", "progress_word")]:
        at.selectbox(key=f"mapping_CSV_1_{letter}").set_value(field).run()
    assert at.selectbox(key="mapping_plan").options == ["Odd plan"]        # never the sample's
    at.button(key="mapping_save").click().run()
    assert not at.exception, at.exception
    assert "Saved the mapping" in at.success[0].value.replace("\\", "") and "for the plan 'Odd plan'" in \
        at.success[0].value.replace("\\", "")
    assert "odd-later.csv: 2 actions" in at.success[1].value.replace("\\", "")
    # the validation report says which saved mapping was used, and who saved it
    note = at.info[0].value.replace("\\", "")
    assert "saved by local analyst" in note and "for the plan 'Odd plan'" in note
    kinds = table_with(at, "Kind")
    assert any("saved mapping" in k for k in kinds["First example"])


def test_the_mapping_screen_opens_on_the_sheet_most_likely_to_hold_the_table():
    """Issue 23: it opened on the first sheet ("Start": "No row of this sheet has two or more filled cells")."""
    from tests.helpers import xlsx_bytes
    at = open_page("data")
    book = xlsx_bytes({"Start": [["Recommendation tracking workbook"]],
                       "Menu": [["Tracker"], ["Metrics"]],
                       "Tracker": [["Our recommendations"], [], ["Ref", "What we said we would do", "Who", "When"],
                                   ["1", "Refresh the plan", "A Smith", "31/03/2022"],
                                   ["2", "Train members", "B Jones", "30/06/2022"]]})
    upload(at, "book.xlsx", book, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at.button(key="data_map").click().run()
    assert at.selectbox(key="mapping_sheet").value == "Tracker"
    assert at.selectbox(key="mapping_header_Tracker").value == 3


def _plan_option(at, name: str) -> int:
    """The plan chooser's option for the plan of this name."""
    from apptest_helpers import app_store

    from bvdata.store.plans import plan_named
    return plan_named(app_store(), name).id


def test_a_word_committee_paper_is_read_like_a_workbook():
    from tests.paper_fixtures import word_paper
    at = open_page("data")
    upload(at, "Audit and Scrutiny Committee.docx", word_paper(),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "Audit and Scrutiny Committee.docx: 40 actions" in at.success[0].value.replace("\\", "")
    assert at.date_input(key="data_as_at").value == dt.date(2022, 2, 14)     # from the paper's title
    assert not at.error
