"""The input formats' registry (bvdata.read.formats): each format module declares itself, the door picks a
file's format from its bytes, and the analyst is told every format in one list (issue 33, item 9; issue
34, item 14)."""
import pytest

from bvdata.read import formats


def test_every_format_module_declares_itself_once():
    kinds = [f.kind for f in formats.formats()]
    assert kinds == ["spreadsheet", "csv", "docx", "pdf"]
    assert formats.plain_text().kind == "csv"


@pytest.mark.parametrize("head, names, kind", [
    (b"%PDF-1.7", None, "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, "spreadsheet"),
    (None, {"word/document.xml", "[Content_Types].xml"}, "docx"),
    (None, {"xl/workbook.xml", "xl/styles.xml"}, "spreadsheet"),
    (None, {"mimetype", "content.xml"}, "spreadsheet"),
    (None, {"ppt/presentation.xml"}, None),
])
def test_a_file_is_known_by_its_bytes(head, names, kind):
    found = formats.by_magic(head) if head is not None else formats.by_zip(names)
    assert (found.kind if found else None) == kind


def test_the_analyst_is_told_every_format_the_upload_takes():
    words = formats.in_words()
    assert "a Word document (.docx)" in words and words.endswith("or a PDF (.pdf)")
    assert set(formats.accepted_suffixes()) >= {"xlsx", "ods", "csv", "txt", "docx", "pdf"}
