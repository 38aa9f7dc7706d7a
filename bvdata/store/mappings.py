"""Saved column mappings: kept in the store, each with an event, and offered to the reader (which never
opens the store itself) as the latest mapping for each header row."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from ..read.mapping import ColumnMapping
from .audit import MAPPING, record
from .engine import writer
from .schema import column_mappings


def save_mapping(engine, mapping: ColumnMapping, saved_by: str) -> int:
    """Keep a mapping in the store; a later one for the same header row takes its place when applied."""
    with writer(engine) as connection:
        new_id = connection.execute(insert(column_mappings).values(
            name=mapping.name[:300], signature=mapping.signature, mapping_json=mapping.to_json(),
            saved_by=saved_by[:200], saved_at=dt.datetime.now(dt.UTC))).inserted_primary_key[0]
        fields = ", ".join(f"{letter}={f}" for letter, f in mapping.columns.items())
        record(connection, saved_by, MAPPING, None, f"Column mapping '{mapping.name}' (sheet '{mapping.sheet}', "
               f"header row {mapping.header_row}): {fields}")
        return new_id


def saved_mappings(engine) -> list[ColumnMapping]:
    """The saved mappings, the latest for each header row first."""
    with engine.connect() as connection:
        rows = connection.execute(select(column_mappings.c.signature, column_mappings.c.mapping_json)
                                  .order_by(column_mappings.c.id.desc())).all()
    latest: dict[str, ColumnMapping] = {}
    for signature, text in rows:
        if signature not in latest:
            latest[signature] = ColumnMapping.from_json(text)
    return list(latest.values())
