"""The schema of a column mapping's JSON (a file given to ``check --mapping``, or one saved in the store),
checked with pydantic before anything is built from it: types, ranges, sizes and depth, each failure
one sentence."""
from __future__ import annotations

import json
from typing import Annotated

from ...base.errors import TrackerError

MAX_TEXT = 1_000_000            # characters of JSON: a mapping is a few hundred
MAX_ROW = 1_048_576             # Excel's last row
MAX_COLUMNS = 16_384            # Excel's last column, XFD
_WHERE = {"name": "its name", "sheet": "its sheet", "header_row": "header_row", "headers": "headers",
          "columns": "columns"}


def _model():
    from pydantic import BaseModel, ConfigDict, Field, StringConstraints

    class MappingModel(BaseModel):
        model_config = ConfigDict(strict=True, extra="ignore")
        name: Annotated[str, StringConstraints(max_length=300)]
        sheet: Annotated[str, StringConstraints(max_length=300)]
        header_row: Annotated[int, Field(ge=1, le=MAX_ROW)]
        headers: Annotated[list[Annotated[str, StringConstraints(max_length=10_000)]], Field(max_length=MAX_COLUMNS)]
        columns: Annotated[dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,3}$")],
                                Annotated[str, StringConstraints(max_length=40)]], Field(max_length=MAX_COLUMNS)]
    return MappingModel


def checked(text: str):
    """The mapping's fields, checked; TrackerError naming the first thing wrong, in one sentence."""
    from pydantic import ValidationError
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise TrackerError("This column mapping could not be read: it is far longer than a mapping can be.")
    try:
        data = json.loads(text)
    except RecursionError:
        raise TrackerError("This column mapping could not be read: it is nested far deeper than a mapping is.") from None
    except ValueError:
        raise TrackerError("This column mapping could not be read: it is not JSON.") from None
    if not isinstance(data, dict):
        raise TrackerError("This column mapping could not be read: it needs name, sheet, header_row, headers "
                           "and columns.")
    try:
        return _model().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        raise TrackerError(f"This column mapping could not be read: {_sentence(field, first)}.") from None
    except RecursionError:
        raise TrackerError("This column mapping could not be read: it is nested far deeper than a mapping is.") from None


def _sentence(field: str, error: dict) -> str:
    if error["type"] == "missing":
        return "it needs name, sheet, header_row, headers and columns"
    if field == "header_row":
        return f"header_row must be a whole number from 1 to {MAX_ROW:,}"
    if field == "columns":
        return "columns must map column letters (A to XFD) to field names"
    if field == "headers":
        return f"headers must be a list of at most {MAX_COLUMNS:,} texts"
    return f"{_WHERE.get(field, field)} must be text of at most 300 characters"
