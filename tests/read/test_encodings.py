"""Issue 33, item 6: every text encoding Excel writes is read: UTF-8 with or without a byte-order mark,
UTF-16 LE and BE (Excel's "Unicode Text", tab-separated, with a byte-order mark), and tab-separated files.
Binary data is still refused in one sentence."""
import pytest

from bvdata import TrackerError, load_tracker
from bvdata.base.cleantext import decode_text, text_encoding

ROWS = [["No.", "Action", "Timescales", "Lead Officer", "% Complete"],
        ["1", "Refresh the Best Value plan – café terms", "31/03/2022", "Siân Jones", "100%"],
        ["2", "Train elected members", "30/06/2030", "Chris Myers", "50%"]]


def text(delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"


@pytest.mark.parametrize("encoding, delimiter, bom", [
    ("utf-8", ",", b""), ("utf-8", ",", b"\xef\xbb\xbf"), ("utf-8", "\t", b""),
    ("utf-16-le", "\t", b"\xff\xfe"), ("utf-16-be", "\t", b"\xfe\xff"), ("utf-16-le", "\t", b""),
    ("utf-16-be", ",", b""), ("cp1252", ";", b""),
])
def test_a_tracker_reads_the_same_in_every_encoding_excel_writes(encoding, delimiter, bom):
    data = bom + text(delimiter).encode(encoding)
    tracker = load_tracker(data, "unicode.txt" if encoding.startswith("utf-16") else "tracker.csv")
    assert list(tracker.actions["action"]) == [ROWS[1][1], ROWS[2][1]]
    assert list(tracker.actions["lead_officer"]) == ["Siân Jones", "Chris Myers"]
    assert list(tracker.actions["completion"]) == [100, 50]


def test_the_encoding_is_told_from_the_bytes():
    assert text_encoding("ab".encode("utf-16")) in ("utf-16-le", "utf-16-be")
    assert text_encoding("plain, text".encode("utf-8")) is None
    assert decode_text(b"\xef\xbb\xbfNo.") == "No."
    assert decode_text("Siân".encode("cp1252")) == "Siân"


def test_binary_data_is_still_refused():
    with pytest.raises(TrackerError, match="holds binary data"):
        load_tracker(bytes(range(256)) * 20, "tracker.csv")
