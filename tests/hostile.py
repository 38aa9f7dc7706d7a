"""Builders for the files the data core must refuse."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from helpers import replace_parts, xlsx_bytes
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"""


def xml_bomb() -> bytes:
    return replace_parts(SAMPLE.read_bytes(), {"xl/sharedStrings.xml": BILLION_LAUGHS})


def xml_bomb_after_comment() -> bytes:
    """The DOCTYPE after 8 KB of comment: past any scan that reads only a part's first 4 KB."""
    head, rest = BILLION_LAUGHS.split(b"\n", 1)
    return replace_parts(SAMPLE.read_bytes(), {"xl/sharedStrings.xml": head + b"\n<!--" + b" padding" * 1100 + b"-->\n" + rest})


def xml_bomb_utf16() -> bytes:
    """The same declarations written in UTF-16, where a byte search for '<!DOCTYPE' finds nothing."""
    text = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    return replace_parts(SAMPLE.read_bytes(), {"xl/sharedStrings.xml": text.encode("utf-16")})


def absurd_extent() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["No.", "Action", "Timescales"])
    ws.append([1, "x", "31/03/2022"])
    ws["XFD1048576"] = "boom"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb(megabytes: int = 700) -> bytes:
    """A workbook whose one sheet inflates to `megabytes` of zeros from about 0.1% of that."""
    raw = xlsx_bytes({"Plan": [["Action", "Lead Officer"], ["x", "A"]]})
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            if name == "xl/worksheets/sheet1.xml":
                with z.open(name, "w", force_zip64=True) as fh:
                    chunk = b"\0" * (1 << 20)
                    for _ in range(megabytes):
                        fh.write(chunk)
            else:
                z.writestr(name, src.read(name))
    return out.getvalue()


def password_protected() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(SAMPLE.read_bytes())).encrypt("secret", out)
    return out.getvalue()


def no_header() -> bytes:
    return xlsx_bytes({"Sheet1": [["alpha", "beta"], [1, 2], [3, 4]]})


def wide_csv() -> bytes:
    """Issue 21's 1 MB CSV: a header, one row of 1,000,000 commas and 599 short rows. Padded to the
    widest row it became about 2.8 GB of cells in the app's own process."""
    return b"No.,Action,Timescales\n" + b"," * 1_000_000 + b"\n" + b"1,Do it,31/03/2022\n" * 599


HOSTILE = {
    # name: (file name, builder, words the refusal must contain)
    "not a spreadsheet": ("picture.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "not a spreadsheet"),
    "binary renamed csv": ("data.csv", lambda: b"\x00\x01\x02garbage" * 50, "binary"),
    "word document": ("paper.xlsx", lambda: replace_parts(xlsx_bytes({"a": [["x"]]}), {"word/document.xml": b"<w/>"}), "Word"),
    "truncated": ("cut.xlsx", lambda: SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) // 2], "damaged or incomplete"),
    "password-protected": ("locked.xlsx", password_protected, "password-protected"),
    "empty": ("empty.xlsx", lambda: b"", "empty"),
    "no recognisable header": ("plain.xlsx", no_header, "No action table"),
    "xml entity bomb": ("bomb.xlsx", xml_bomb, "XML"),
    "xml bomb after 8 KB of comment": ("late-bomb.xlsx", xml_bomb_after_comment, "XML"),
    "xml bomb in UTF-16": ("wide-bomb.xlsx", xml_bomb_utf16, "XML"),
    "absurd sheet extent": ("huge.xlsx", absurd_extent, "could not be read safely"),
    "zip bomb": ("zipbomb.xlsx", zip_bomb, "zip bomb"),
    "csv a million columns wide": ("wide.csv", wide_csv, "more than the 16,384 a spreadsheet can hold"),
}
