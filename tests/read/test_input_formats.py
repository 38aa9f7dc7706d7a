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


@pytest.mark.parametrize("name", ["os", "bvdata.read.formats.wire", "bvdata.read.formats..x", "bvdata.store.engine"])
def test_the_reader_child_imports_only_a_format_module(name):
    """The door names the child's format by its module; anything else ends the child before it reads."""
    from bvdata.read.door.child_main import format_module
    with pytest.raises(SystemExit):
        format_module(name)


def test_the_reader_child_starts_without_the_other_formats():
    """The child imports its own format's module only (the registry's discovery stays in the app)."""
    import subprocess
    import sys

    from tests.conftest import ROOT
    code = ("import sys; sys.path.insert(0, '.'); from bvdata.read.door.child_main import format_module; "
            "format_module('bvdata.read.formats.spreadsheet'); "
            "print(sorted(m for m in sys.modules if m.startswith('bvdata.read.formats.')))")
    loaded = subprocess.run([sys.executable, "-P", "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "['bvdata.read.formats.spreadsheet', 'bvdata.read.formats.wire']"
