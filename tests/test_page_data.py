from apptest_helpers import open_page
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
