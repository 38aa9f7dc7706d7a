"""Saved column mappings: each kept in the store for one plan, with an event, through the plan's guard, and
offered to the reader (which never opens the store itself) only for the plans the analyst may change, as
the latest mapping for each header row. A mapping saved on a look-alike file of another plan is never
applied to this plan's files, and a snapshot read with a plan's saved mapping goes into that plan only.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import insert, select

from ..base.errors import StoreError
from ..read.assembly.mapping import ColumnMapping
from .audit import MAPPING, record
from .engine import writer
from .guard import FROM_SETTINGS, allowed_plans, may_change, plan_name
from .schema import column_mappings, plans


@dataclass(frozen=True)
class SavedMapping:
    """A mapping as saved: for which plan, by whom and when."""
    mapping: ColumnMapping
    plan_id: int | None
    plan_name: str | None
    saved_by: str
    saved_at: dt.datetime

    def sentence(self) -> str:
        """'Read with the column mapping 'X', saved by ana@… on 04 Dec 2026 for the plan 'Best Value plan'.'"""
        return (f"Read with the column mapping '{self.mapping.name}', saved by {self.saved_by} on "
                f"{self.saved_at:%d %b %Y} for the plan '{self.plan_name}'.")


def save_mapping(engine, mapping: ColumnMapping, saved_by: str, plan, plan_analysts: Mapping | str | None = FROM_SETTINGS) -> int:
    """Keep a mapping for ``plan`` (a Plan or its id); a later one for the same header row and plan takes
    its place when applied. AccessRefused for an analyst who may not change the plan."""
    if plan is None:
        raise StoreError("Say which plan the mapping is for: a saved mapping applies to one plan's files only.")
    plan_id = int(getattr(plan, "id", plan))
    name = plan_name(engine, plan_id)
    may_change(engine, saved_by, plan_id, "save a column mapping for", plan_analysts)
    with writer(engine) as connection:
        new_id = connection.execute(insert(column_mappings).values(
            name=mapping.name[:300], signature=mapping.signature, mapping_json=mapping.to_json(),
            saved_by=saved_by[:200], saved_at=dt.datetime.now(dt.UTC), plan_id=plan_id)).inserted_primary_key[0]
        fields = ", ".join(f"{letter}={f}" for letter, f in mapping.columns.items())
        record(connection, saved_by, MAPPING, None, f"Column mapping '{mapping.name}' for the plan '{name}' (sheet "
               f"'{mapping.sheet}', header row {mapping.header_row}): {fields}", plan_id=plan_id)
        return new_id


def saved_for(engine, who: str | None = None, plan_analysts: Mapping | str | None = FROM_SETTINGS,
              plan: int | None = None) -> list[SavedMapping]:
    """The saved mappings ``who`` may use (those of the plans they may change; every plan's when ``who`` is
    None or not limited), or only ``plan``'s; the latest for each header row and plan first."""
    from ..base.names import name_key
    with engine.connect() as connection:
        rows = connection.execute(select(column_mappings, plans.c.name.label("plan_name"))
                                  .join(plans, plans.c.id == column_mappings.c.plan_id)
                                  .order_by(column_mappings.c.id.desc())).mappings().all()
    allowed = allowed_plans(who, plan_analysts) if who is not None else None
    keys = None if allowed is None else {name_key(n) for n in allowed}
    latest: dict[tuple, SavedMapping] = {}
    for r in rows:
        if (plan is not None and r["plan_id"] != plan) or (keys is not None and name_key(r["plan_name"]) not in keys):
            continue
        if (r["signature"], r["plan_id"]) not in latest:
            latest[(r["signature"], r["plan_id"])] = SavedMapping(ColumnMapping.from_json(r["mapping_json"]), r["plan_id"],
                                                                  r["plan_name"], r["saved_by"], r["saved_at"])
    return list(latest.values())


def saved_mappings(engine, who: str | None = None, plan_analysts: Mapping | str | None = FROM_SETTINGS,
                   plan: int | None = None) -> list[ColumnMapping]:
    """``saved_for``'s mappings, as the reader takes them."""
    return [s.mapping for s in saved_for(engine, who, plan_analysts, plan)]


def used_mapping(saved: list[SavedMapping], tracker) -> SavedMapping | None:
    """The saved mapping a tracker was read with, if it was read with one of ``saved``."""
    return next((s for s in saved if tracker.mapping is not None and s.mapping.name == tracker.mapping), None)


def check_mapping_plan(engine, mapping_json: str | None, plan_id: int | None) -> None:
    """A file read with a mapping saved for a plan goes into that plan only: StoreError, naming it, otherwise.
    A mapping saved for no plan (or given as a file, never saved) binds no plan."""
    if not mapping_json:
        return
    with engine.connect() as connection:
        rows = connection.execute(select(column_mappings.c.plan_id, column_mappings.c.name, column_mappings.c.saved_by)
                                  .where(column_mappings.c.mapping_json == mapping_json)).all()
    owners = {r.plan_id for r in rows if r.plan_id is not None}
    if owners and plan_id not in owners:
        first = next(r for r in rows if r.plan_id is not None)
        raise StoreError(f"This file was read with the column mapping '{first.name}', which {first.saved_by} saved "
                         f"for the plan '{plan_name(engine, first.plan_id)}', so it cannot go into "
                         f"{'a new plan' if plan_id is None else repr(plan_name(engine, plan_id))} read that way; "
                         "publish it into that plan, or map its columns for this one.")
