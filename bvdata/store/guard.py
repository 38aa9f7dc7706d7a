"""The one guard on every change to a plan: who may publish to it, review its updates, publish them,
withdraw or restore it or one of its snapshots, or save a column mapping for it.

An analyst named under ``[bvtracker.plan_analysts]`` (address -> the plan names they may change) may change
those plans only; an analyst not named there may change any. A refusal is one sentence (``AccessRefused``)
and a "refused" event. Every writer of ``bvdata.store`` and ``bvdata.owners`` that changes a plan calls
``may_change`` before it writes (``tests/store/test_guard.py`` walks them all).

``plan_analysts`` is what the caller read from its settings (the app reads them on every run); left out, it
is read here from the secrets files the command line reads, so a caller that forgets the limits never
opens a door.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ..base.access import address_key
from ..base.errors import AccessRefused, StoreError
from ..base.names import name_key
from .audit import REFUSED, record
from .engine import writer
from .schema import plans, snapshots

FROM_SETTINGS = "from the secrets files"      # plan_analysts' default: read them here


def limits_of(plan_analysts: Mapping | str | None = FROM_SETTINGS) -> dict[str, list[str]]:
    """The limits as configured (address -> plan names), read from the secrets files when not given."""
    if plan_analysts == FROM_SETTINGS:
        from ..base.settings import SECRETS_FILES, read_settings
        plan_analysts = read_settings(list(SECRETS_FILES)).plan_analysts
    return dict(plan_analysts or {})


def allowed_plans(who: str, plan_analysts: Mapping | str | None = FROM_SETTINGS) -> list[str] | None:
    """The plan names ``who`` may change, as configured; None when they are not limited."""
    key = address_key(who)
    return next((list(names) for k, names in limits_of(plan_analysts).items() if address_key(k) == key), None)


def is_limited(who: str, plan_analysts: Mapping | str | None = FROM_SETTINGS) -> bool:
    return allowed_plans(who, plan_analysts) is not None


def plan_name(engine, plan) -> str | None:
    """The name of ``plan``: a Plan or a plan to make (anything with ``.name``), or a plan's id."""
    if plan is None:
        return None
    if hasattr(plan, "name"):
        return plan.name
    with engine.connect() as connection:
        name = connection.execute(select(plans.c.name).where(plans.c.id == int(plan))).scalar()
    if name is None:
        raise StoreError(f"There is no plan {plan}.")
    from .audit import plan_renames
    return plan_renames(engine).get(int(plan), name)


def plan_of_snapshot(engine, snapshot_id: int) -> int | None:
    with engine.connect() as connection:
        return connection.execute(select(snapshots.c.plan_id).where(snapshots.c.id == int(snapshot_id))).scalar()


def may_change(engine, who: str, plan, what: str, plan_analysts: Mapping | str | None = FROM_SETTINGS) -> None:
    """Return when ``who`` may do ``what`` ("publish to", "withdraw a snapshot of"…) to ``plan`` (a Plan, a
    plan to make, a plan's id, or None for the whole store, which only an analyst with no limit may
    change); else record the refusal and raise AccessRefused with it in one sentence."""
    allowed = allowed_plans(who, plan_analysts)
    if allowed is None:
        return
    name = plan_name(engine, plan)
    if name is not None and name_key(name) in {name_key(n) for n in allowed}:
        return
    only = ", ".join(f"'{n}'" for n in allowed) or "no plan"
    target = f"the plan '{name}'" if name is not None else "the whole store"
    sentence = f"{who} may change {only} only, so may not {what} {target}"
    plan_id = getattr(plan, "id", plan if isinstance(plan, int) else None)
    with writer(engine) as connection:
        record(connection, who, REFUSED, None, sentence, plan_id=plan_id)
    raise AccessRefused(f"Refused: {sentence}.")
