"""Committee papers made in the test from the sample workbook (issue 26): the same plan as a Word paper,
shaped as councils write them (a title with the date, an introduction, one long table of the actions
under their recommendations, each written as a row merged across the table, notes wrapped over many
lines), and as its PDF made with LibreOffice where it is installed."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd

from tests.conftest import SAMPLE

HEADER = ["No.", "Action", "Timescales", "Lead Officer", "% Completion", "Notes"]
TITLE = "Best Value Audit Implementation Plan: Progress Update as at 14 February 2022"


def sample_actions() -> tuple[pd.DataFrame, list[str]]:
    from bvdata import load_tracker
    tracker = load_tracker(SAMPLE)
    return tracker.actions, tracker.recommendations


def _row_values(a) -> list[str]:
    due = a.revised_due_date if pd.notna(a.revised_due_date) else a.due_date
    return [str(a.action_id), str(a.action), f"{due:%d/%m/%Y}" if pd.notna(due) else "",
            "" if pd.isna(a.lead_officer) else str(a.lead_officer),
            "" if pd.isna(a.completion) else f"{a.completion:.0f}%", "" if pd.isna(a.notes) else str(a.notes)]


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def word_paper(split_into: int = 1, title: str = TITLE, nested: bool = False, longer_notes: int = 1) -> bytes:
    """The sample plan as a Word paper: its actions in one table (or ``split_into`` tables, each under a
    repeated header, with a page break between), each recommendation a row merged across the table;
    ``longer_notes`` repeats each note that many times (a longer paper)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt
    actions, recommendations = sample_actions()
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    document.add_heading("Scottish Borders Council", level=1)
    document.add_paragraph("Audit and Scrutiny Committee")
    document.add_heading(title, level=2)
    document.add_paragraph("1. This report updates the Committee on progress against the Best Value Audit "
                           "Implementation Plan agreed in response to the Controller of Audit's report. Each "
                           "action is listed under the recommendation it answers, with its timescale, lead "
                           "officer, the percentage complete and a note of progress.")
    groups = [(rec, actions[actions["recommendation"] == rec]) for rec in recommendations]
    chunks = [groups[k::split_into] for k in range(split_into)] if split_into > 1 else [groups]
    if split_into > 1:                        # keep the order: consecutive runs of recommendations
        size = -(-len(groups) // split_into)
        chunks = [groups[k:k + size] for k in range(0, len(groups), size)]
    for k, chunk in enumerate(chunks):
        if k:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = document.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER):
            cell.text = text
        _repeat_header(table.rows[0])
        for rec, rows in chunk:
            merged = table.add_row().cells
            merged[0].merge(merged[-1])
            merged[0].text = rec
            for a in rows.itertuples():
                cells = table.add_row().cells
                values = _row_values(a)
                values[-1] = " ".join([values[-1]] * longer_notes)
                for cell, text in zip(cells, values):
                    cell.text = text
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(8)
        if nested and k == 0:
            inner = table.rows[2].cells[5].add_table(rows=2, cols=2)
            inner.cell(0, 0).text, inner.cell(0, 1).text = "Milestone", "Done"
            inner.cell(1, 0).text, inner.cell(1, 1).text = "Draft model", "Yes"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(docx_bytes: bytes, folder: Path) -> bytes:
    """The Word paper printed to PDF by LibreOffice."""
    source = folder / "paper.docx"
    source.write_bytes(docx_bytes)
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return (folder / "paper.pdf").read_bytes()


# -- hostile papers -------------------------------------------------------------------------------

def tiny_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_pages_pdf(pages: int = 10_000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + k) for k in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    return tiny_pdf(objects)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def bomb_pdf(unpacked_mb: int = 256) -> bytes:
    """One page whose content stream inflates to ``unpacked_mb`` MB of zeros (about 1 MB on disk)."""
    import zlib
    packer = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    packed = b"".join(packer.compress(block) for _ in range(unpacked_mb)) + packer.flush()
    return tiny_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                     _stream(packed, b"/Filter /FlateDecode ")])


def chained_bomb_pdf(filters: bytes = b"[/ASCIIHexDecode /FlateDecode]", unpacked_mb: int = 256) -> bytes:
    """Issue 32, finding 7: the bomb behind a chain of filters, so its stream starts with neither zlib byte."""
    import base64
    import zlib
    packer = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    packed = b"".join(packer.compress(block) for _ in range(unpacked_mb)) + packer.flush()
    first = filters.split(b"/")[1].strip(b" []")
    encoded = {b"ASCIIHexDecode": lambda d: d.hex().encode() + b">", b"AHx": lambda d: d.hex().encode() + b">",
               b"ASCII85Decode": lambda d: base64.a85encode(d) + b"~>", b"A85": lambda d: base64.a85encode(d) + b"~>"}[first](packed)
    return tiny_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                     _stream(encoded, b"/Filter " + filters + b" ")])


def image_only_pdf() -> bytes:
    """A 'scanned' paper: one page holding a picture and no text."""
    pixels = bytes([128]) * (64 * 64)
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    return tiny_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                     b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
                     _stream(content),
                     _stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                                     b"/BitsPerComponent 8 ")])


def docx_bomb() -> bytes:
    """A .docx whose document part inflates to 256 MB of spaces (about 250 kB zipped)."""
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(256):
                part.write(block)
    return out.getvalue()
