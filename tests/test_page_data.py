from apptest_helpers import open_page, table_with
from hostile import HOSTILE
from helpers import csv_bytes


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
    report = at.dataframe[0].value
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
    at.text_input(key="data_label").input("Test committee, Nov 2026").run()
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
    data = csv_bytes([["No.", "Action", "Timescales"], ["1", "Only one left", "31/12/2030"]])
    upload(at, "tiny.csv", data, "text/csv")
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert "confirm that they should disappear" in at.warning[0].value.replace("\\", "")
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
