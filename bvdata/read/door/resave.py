"""What re-saving a workbook through openpyxl would drop: text boxes and shapes, sparklines, slicers,
threaded comments, form controls, Excel 2010 conditional formats and the like, which openpyxl does not
read. Counted in the workbook before and after, so nothing leaves a published copy unannounced.

Write-back (``bvdata.owners.writeback``) re-saves the latest snapshot's workbook with the accepted values; the
earlier snapshot keeps its own bytes, but the new published copy would silently lack what openpyxl
could not keep. ``losses`` names each kind, with how many, in words an analyst can act on.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

from .guard import wide_codec

# (what the analyst is told, its plural, the parts it is counted in, the element counted there, or
# None: the parts themselves)
# Counted by name in the XML, ignoring any namespace prefix; a part in UTF-16 is decoded first.
FEATURES: tuple[tuple[str, str, str, str | None], ...] = (
    ("text box or shape", "text boxes or shapes", r"xl/drawings/drawing\d+\.xml", r"sp|cxnSp|grpSp"),
    ("picture", "pictures", r"xl/drawings/drawing\d+\.xml", r"pic"),
    ("chart", "charts", r"xl/charts/chart\d+\.xml", None),
    ("comment", "comments", r"xl/comments\d*\.xml|xl/comments/comment\d+\.xml", r"comment"),
    ("threaded comment", "threaded comments", r"xl/threadedComments/.*\.xml", r"threadedComment"),
    ("sparkline group", "sparkline groups", r"xl/worksheets/sheet\d+\.xml", r"sparklineGroup"),
    ("Excel 2010 conditional format", "Excel 2010 conditional formats", r"xl/worksheets/sheet\d+\.xml", r"x14:conditionalFormatting"),
    ("Excel 2010 data validation", "Excel 2010 data validations", r"xl/worksheets/sheet\d+\.xml", r"x14:dataValidation"),
    ("header or footer picture", "header or footer pictures", r"xl/worksheets/sheet\d+\.xml", r"legacyDrawingHF"),
    ("table", "tables", r"xl/tables/table\d+\.xml", None),
    ("pivot table", "pivot tables", r"xl/pivotTables/pivotTable\d+\.xml", None),
    ("slicer", "slicers", r"xl/slicers/slicer\d+\.xml", r"slicer"),
    ("timeline", "timelines", r"xl/timelines/timeline\d+\.xml", r"timeline"),
    ("form control", "form controls", r"xl/ctrlProps/ctrlProp\d+\.xml", None),
    ("embedded object", "embedded objects", r"xl/embeddings/.+", None),
    ("external link", "external links", r"xl/externalLinks/externalLink\d+\.xml", None),
    ("data connection", "data connections", r"xl/connections\.xml", r"connection"),
    ("query table", "query tables", r"xl/queryTables/queryTable\d+\.xml", None),
    ("macro project", "macro projects", r"xl/vbaProject\.bin", None),
    ("custom XML part", "custom XML parts", r"customXml/item\d+\.xml", None),
)


def _text(raw: bytes) -> str:
    codec = wide_codec(raw[:4])
    return raw[: len(raw) // 2 * 2].decode(codec, "ignore") if codec else raw.decode("utf-8", "ignore")


def _element(names: str) -> re.Pattern:
    # an opening tag with that local name (prefixed or not), never a closing tag or a longer name
    if ":" in names:      # a prefixed name is matched as written (x14: marks the Excel 2010 extension)
        return re.compile(rf"<(?:{names})[\s/>]")
    return re.compile(rf"<(?:[A-Za-z_][\w.-]*:)?(?:{names})[\s/>]")


_COMPILED = tuple((label, re.compile(parts), _element(element) if element else None)
                  for label, _, parts, element in FEATURES)


def contents(data: bytes) -> Counter:
    """How many of each kind in ``FEATURES`` an .xlsx/.xlsm holds."""
    counts: Counter = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = None           # each part is read and decoded once, however many kinds are counted in it
            for label, parts, element in _COMPILED:
                if not parts.fullmatch(name):
                    continue
                if element is None:
                    counts[label] += 1
                    continue
                text = _text(archive.read(name)) if text is None else text
                counts[label] += len(element.findall(text))
    return counts


def losses(before: bytes, after: bytes) -> list[str]:
    """What ``after`` (a re-save of ``before``) has fewer of, as phrases: ["1 text box or shape", …]."""
    had, has = contents(before), contents(after)
    return [f"{had[one] - has[one]} {one if had[one] - has[one] == 1 else many}"
            for one, many, _, _ in FEATURES if had[one] > has[one]]
