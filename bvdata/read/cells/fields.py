"""The action table's fields as data (bvdata/vocab/fields.csv): the one place that says which fields an
action has, which are read from a file's columns, what kind each is, and what the mapping screen calls
them. The reader's column lists, the frame's types and the store's frame derive from it."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ...base.vocab import VOCAB_DIR, read_table

# pandas' "str" dtype with Python storage: the same missing-value semantics as the default, but
# built from a list of Python strings in a millisecond where the Arrow-backed one takes 100 ms
TEXT = pd.StringDtype("python", na_value=np.nan)


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    return tuple(read_table(VOCAB_DIR / "fields.csv"))


def _where(**wanted) -> list[str]:
    return [r["field"] for r in _rows() if all(r[k] == v for k, v in wanted.items())]


ACTION_COLUMNS = _where(table="yes")                      # the action table's columns, in order
RAW_FIELDS = tuple(_where(raw="yes"))                    # read from a column of the file
DATE_COLUMNS = tuple(f for f in ACTION_COLUMNS if f in _where(kind="date"))
NUMBER_COLUMNS = tuple(f for f in ACTION_COLUMNS if f in _where(kind="number"))
COUNT_COLUMNS = tuple(f for f in ACTION_COLUMNS if f in _where(kind="count"))
TEXT_COLUMNS = tuple(f for f in ACTION_COLUMNS if f in _where(kind="text"))
MAPPABLE = {r["field"]: r["mapping"] for r in _rows() if r["mapping"]}   # field -> its name on the mapping screen


_KIND = {**{c: "datetime64[s]" for c in DATE_COLUMNS}, **{c: "float64" for c in NUMBER_COLUMNS}}


def frame_of(columns: dict[str, list]) -> pd.DataFrame:
    """The action table from its columns as lists, each built straight into its own kind (a missing
    column is blank); far quicker than converting a frame of Python objects afterwards."""
    n = len(next(iter(columns.values()))) if columns else 0
    data = {}
    for column in ACTION_COLUMNS:
        values = columns.get(column)
        if values is None or (column not in COUNT_COLUMNS and all(v is None for v in values)):
            # a blank column made blank at once (building it from a list of None is ten times slower)
            data[column] = pd.Series(np.nan, index=pd.RangeIndex(n), dtype=_KIND.get(column, TEXT)).array
            continue
        if column in DATE_COLUMNS:
            data[column] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[s]")
        elif column in NUMBER_COLUMNS:
            data[column] = pd.array(values, dtype="float64")
        elif column in COUNT_COLUMNS:
            data[column] = pd.array(values, dtype="int64")
        else:
            data[column] = pd.array(values, dtype=TEXT)
    return pd.DataFrame(data, columns=ACTION_COLUMNS)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The action table's columns, each of its own kind: text, dates to the second, numbers, counts."""
    for column in ACTION_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(pd.Series(frame[column], dtype="object"), errors="coerce").astype("datetime64[s]")
        elif column in NUMBER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif column in COUNT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).fillna(0).astype("int64")
        else:
            frame[column] = frame[column].astype(TEXT)
    return frame[ACTION_COLUMNS]
