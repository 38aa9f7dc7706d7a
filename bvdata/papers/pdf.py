"""The committee paper as PDF: the same .docx, converted by LibreOffice headless, as tagged PDF (with
a structure tree, so screen readers can follow headings, tables and the charts' alternative text).

LibreOffice is a system package (Debian's ``libreoffice-writer-nogui``); where it is absent the
caller is told, in one sentence, how to get it. Each conversion runs with its own LibreOffice profile
in a temporary folder, so two conversions at once never share a lock.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .report import ReportError

TIMEOUT_S = float(os.environ.get("BVDATA_PDF_TIMEOUT_S", "180"))
# LibreOffice 7.4+ takes the PDF export's options as JSON: tagged PDF, and the document's title kept
_PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
INSTALL_HINT = ("The PDF needs LibreOffice, which is not installed here; ask IT to install it "
                "(on Debian or Ubuntu: apt-get install libreoffice-writer-nogui), or download the .docx "
                "and save it as PDF from Word.")


def office() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a .docx, or a ReportError saying in one sentence why not."""
    program = office()
    if program is None:
        raise ReportError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="bvpdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [program, "--headless", "--norestore", "--nologo", "--nodefault",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", _PDF_FILTER, "--outdir", str(work), str(source)]
        try:
            _run(command, work)
        except subprocess.TimeoutExpired:
            raise ReportError(f"LibreOffice took longer than {TIMEOUT_S:.0f} seconds to make the PDF and was "
                              "stopped; download the .docx instead.") from None
        except OSError as exc:
            raise ReportError(f"LibreOffice could not be started ({exc.strerror or exc}); download the .docx "
                              "instead.") from None
        result = work / "report.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise ReportError("LibreOffice did not produce a PDF of the report; download the .docx instead.")
        return result.read_bytes()


def _run(command: list[str], work: Path) -> None:
    """Run LibreOffice in its own process group, so that a timeout ends every process it started."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, "HOME": str(work)})
    try:
        proc.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        raise


def is_tagged(pdf: bytes) -> bool:
    """Does the PDF carry a structure tree and say it is marked (tagged PDF)?"""
    return b"/StructTreeRoot" in pdf and b"/Marked true" in pdf
