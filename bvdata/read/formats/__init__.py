"""The input formats: each module here reads one kind of file, and declares it in a ``FORMAT``.

A format module says how its files are known (their first bytes, or the part a zip archive holds), what
the analyst calls them ("a Word document"), and how the reader child turns their bytes into sheets
(``stream``, in the messages of ``wire``). The door (``bvdata.read.door``) asks this registry which
format a file is and starts the child on it; the child asks it for the format's ``stream``. A new
format is one module here with a ``FORMAT``, found by ``formats()``.

Format modules run in the reader child, so they import only the standard library at the top: the
parser a format needs (python-calamine, python-docx, pdfplumber) is imported by its ``stream``.
Modules: ``wire`` (the child's messages), ``spreadsheet`` (.xlsx, .xlsm, .xlsb, .xls, .ods),
``delimited`` (CSV and tab-separated text in any encoding Excel writes), ``paper`` (a committee
paper's tables, shared by ``docx`` and ``pdf``), ``pdf_check`` (a PDF's streams decoded under a limit),
``xlsx`` (what the fast reader leaves out of an .xlsx: formulas with no saved value, cell fills), ``ods``
(an .ods's cell backgrounds); these two are read in the app, only when needed.

May import: bvdata.base, bvdata.read.cells.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Callable


@dataclass(frozen=True)
class Format:
    kind: str                           # the name the reader child is started with
    what: str                           # the kind of file in the analyst's words: "a Word document"
    stream: Callable                    # (bytes, out) -> None: the file's sheets as messages (``wire``), in the child
    magic: tuple[bytes, ...] = ()       # a file starting with one of these is of this format
    zip_parts: tuple[str, ...] = ()     # a zip archive holding one of these parts is of this format
    suffixes: tuple[str, ...] = ()      # the names such files end in, for the sentence when one is not
    text: bool = False                  # plain text: the format of a file nothing else claims
    rank: int = 50                      # where it comes when the formats are listed for the analyst
    module: str = ""                    # the module declaring it: all the reader child imports (set by ``formats``)


@cache
def formats() -> tuple[Format, ...]:
    """Every format, from the ``FORMAT`` of each module of this package (imported here, in the app; the
    reader child imports only its own format's module, to start quickly)."""
    import importlib
    import pkgutil
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "FORMAT", None), Format):
            found.append(replace(module.FORMAT, module=module.__name__))
    return tuple(sorted(found, key=lambda f: f.rank))


def accepted_suffixes() -> tuple[str, ...]:
    """Every file name ending a format claims, for an upload box: ("xlsx", "xlsm", …, "pdf")."""
    return tuple(s.lstrip(".") for f in formats() for s in f.suffixes)


def in_words() -> str:
    """The formats in the analyst's words: "a spreadsheet (.xlsx, …), a CSV file (.csv, …) … or a PDF (.pdf)"."""
    named = [f"{f.what} ({', '.join(f.suffixes)})" for f in formats()]
    return ", ".join(named[:-1]) + f" or {named[-1]}" if len(named) > 1 else named[0]


def format_named(kind: str) -> Format:
    """The format the reader child was started for (KeyError for a name no module declares)."""
    return {f.kind: f for f in formats()}[kind]


def by_magic(head: bytes) -> Format | None:
    return next((f for f in formats() if any(head.startswith(m) for m in f.magic)), None)


def by_zip(names: set[str]) -> Format | None:
    """The format of a zip archive holding the parts ``names``; the most specific claim wins (a Word
    document's part before a spreadsheet's)."""
    claims = [(len(p), f) for f in formats() for p in f.zip_parts if p in names]
    return max(claims, key=lambda c: c[0])[1] if claims else None


def by_suffix(suffix: str) -> Format | None:
    return next((f for f in formats() if suffix in f.suffixes), None)


def plain_text() -> Format:
    return next(f for f in formats() if f.text)
