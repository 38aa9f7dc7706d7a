"""The report as tagged PDF, by LibreOffice headless, read back with poppler's pdftotext and pdfinfo."""
import re
import subprocess
import sys

import pytest

from bvdata.papers import pdf
from bvdata.papers.report import ReportError, build_report
from tests.conftest import ROOT
from tests.papers.test_report import FakeRenderer


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def sample_pdf(sample_tracker):
    from browser import need_office
    need_office()
    return pdf.docx_to_pdf(build_report(sample_tracker, FakeRenderer()))


def test_the_pdf_is_tagged(sample_pdf, tmp_path):
    assert sample_pdf.startswith(b"%PDF") and pdf.is_tagged(sample_pdf)
    (tmp_path / "r.pdf").write_bytes(sample_pdf)
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def test_every_action_is_in_the_pdf(sample_pdf, sample_tracker, tmp_path):
    (tmp_path / "r.pdf").write_bytes(sample_pdf)
    text = words(subprocess.run(["pdftotext", "-raw", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                                text=True, check=True).stdout)
    ids = set(re.findall(r"\b\d+\b", text))
    missing = [a for a in sample_tracker.actions["action_id"] if a not in ids]
    assert not missing, missing
    # and each action's opening words, so it is the table that holds them, not a stray number (two
    # words: a row that runs over a page break has the table's header repeated inside its text)
    openings = [" ".join(str(a).split()[:2]) for a in sample_tracker.actions["action"]]
    assert [o for o in openings if o not in text] == []


def test_a_docx_without_libreoffice_is_one_sentence(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(ReportError) as caught:
        pdf.docx_to_pdf(b"PK")
    assert str(caught.value) == pdf.INSTALL_HINT and "libreoffice-writer-nogui" in str(caught.value)


def test_a_conversion_that_hangs_is_stopped_with_one_sentence(sample_pdf, monkeypatch):
    monkeypatch.setattr(pdf, "TIMEOUT_S", 0.05)
    with pytest.raises(ReportError, match="took longer than 0 seconds to make the PDF"):
        pdf.docx_to_pdf(b"PK")


def test_cli_report_as_pdf_and_without_libreoffice(tmp_path, sample_pdf):
    from browser import need_browser
    need_browser()
    sample = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"
    out = tmp_path / "paper.pdf"
    run = subprocess.run([sys.executable, "-m", "bvdata", "report", str(sample), "--out", str(out), "--no-history"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF") and pdf.is_tagged(out.read_bytes())
    bare = {"PATH": str(tmp_path), "HOME": str(tmp_path)}        # no soffice on this PATH
    run = subprocess.run([sys.executable, "-m", "bvdata", "report", str(sample), "--out", str(tmp_path / "x.pdf"),
                          "--no-history"], capture_output=True, text=True, cwd=ROOT, timeout=300, env=bare)
    assert run.returncode == 1 and run.stderr.strip() == pdf.INSTALL_HINT


def test_references_and_status_words_survive_whole_in_the_pdf(tmp_path):
    """40 references such as "RP0/01" and status words such as "Implemented" are never broken across
    lines in the paper's tables (issue 25: "BV / 01", "Implement / ed")."""
    from browser import need_office

    from bvdata import load_tracker
    need_office()
    rows = ["Ref,Action,Target Date,Status,Lead Officer"] + [
        f"RP0/{i:02d},Put right finding {i} of the audit report,31/03/2023,{'Implemented' if i % 3 else 'In progress'},"
        f"Officer {i % 5}" for i in range(1, 41)]
    tracker = load_tracker(("\n".join(rows) + "\n").encode(), "ia.csv")
    (tmp_path / "r.pdf").write_bytes(pdf.docx_to_pdf(build_report(tracker, FakeRenderer())))
    text = words(subprocess.run(["pdftotext", "-raw", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                                text=True, check=True).stdout)
    whole = [f"RP0/{i:02d}" for i in range(1, 41) if re.search(rf"(?<![\w/])RP0/{i:02d}(?!\d)", text)]
    assert len(whole) == 40, sorted(set(f"RP0/{i:02d}" for i in range(1, 41)) - set(whole))
    assert "Implement ed" not in text and "Implemented" in text


def test_no_word_reference_or_date_breaks_inside_itself_and_empty_columns_are_left_out(tmp_path):
    """Issue 34, item 7: "Responsibl/e officer", "Procureme/nt" and "IA/22/002" over three lines never; an
    empty "Report Ref" column never; every row kept whole on its page."""
    from browser import need_office

    from bvdata import load_tracker
    need_office()
    rows = ["Ref,Recommendation,Due date,Status,Responsible officer,Service,Report Ref"] + [
        f"IA/22/{i:03d},Strengthen the controls over procurement card spending in area {i},31/03/2023,"
        f"{'Implemented' if i % 3 else 'Partially implemented'},Head of Procurement {i % 4},Procurement,"
        for i in range(1, 31)]
    tracker = load_tracker(("\n".join(rows) + "\n").encode(), "ia.csv")
    docx_bytes = build_report(tracker, FakeRenderer(), plan_name="Internal audit 2022/23", kind="internal_audit")
    (tmp_path / "r.pdf").write_bytes(pdf.docx_to_pdf(docx_bytes))
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    text = words(raw)
    tokens = {f"IA/22/{i:03d}" for i in range(1, 31)} | {"Responsible", "Procurement", "Implemented", "31 Mar 2023"}
    assert [t for t in sorted(tokens) if not re.search(rf"(?<![\w/]){re.escape(t)}(?![\w/])", text)] == []
    assert "Report Ref" not in text                                 # no value in it: left out
    import io

    from docx import Document
    table = Document(io.BytesIO(docx_bytes)).tables[0]._tbl.xml
    assert table.count("<w:tr>") + table.count("<w:tr ") == table.count("<w:cantSplit/>")
