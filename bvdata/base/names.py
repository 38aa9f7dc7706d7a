"""Names as people read them: a plan's name is stored as a reader would see it, and two names that a reader
could not tell apart are the same name.

``display_name`` is what is stored and reported: the text cleaned (``cleantext.clean``), NFKC-normalised (so
full-width letters are the ordinary ones), without format characters (zero-width spaces and joiners, the
bidirectional controls such as a right-to-left override, soft hyphens) and with its spaces collapsed.
``name_key`` is how names are compared: that, case-folded, with every letter of another script that looks
like a Latin one (``vocab/confusables.csv``) read as that letter. A name longer than ``MAX_NAME`` is refused,
never cut: a cut name is not the name the person gave.
"""
from __future__ import annotations

import unicodedata
from functools import cache

from .cleantext import clean
from .errors import StoreError
from .vocab import VOCAB_DIR, read_table

MAX_NAME = 200


@cache
def _reads_as() -> dict[int, str]:
    return {ord(r["letter"]): r["reads_as"] for r in read_table(VOCAB_DIR / "confusables.csv")}


def display_name(text: object) -> str:
    """The name as stored and shown: cleaned, NFKC, no format or bidi characters, spaces collapsed."""
    value = unicodedata.normalize("NFKC", clean(str(text or "")))
    value = "".join(c for c in value if unicodedata.category(c) != "Cf")
    return " ".join(value.split())


def name_key(text: object) -> str:
    """The name as compared: two names with the same key read the same to a person."""
    return display_name(text).casefold().translate(_reads_as())


def checked_name(text: object, what: str = "The plan's name") -> str:
    """``display_name``, or StoreError when it is blank or longer than ``MAX_NAME`` characters."""
    name = display_name(text)
    if not name:
        raise StoreError(f"{what} is blank; give it a name.")
    if len(name) > MAX_NAME:
        raise StoreError(f"{what} is {len(name):,} characters long; a name has at most {MAX_NAME}, so it was "
                         "not used. Give a shorter one.")
    return name
