"""Plans: the Best Value plan, the external auditor's actions, internal audit's recommendations, an
inspection's action plan… Every snapshot belongs to one, and everything that looks back (the latest
update, Compare, the drop check, labels, the trend and the forecast) stays inside it.

Which plan a new file goes into is a matter of evidence: a file that shares at least half its items with
a plan's latest snapshot (matched as Compare matches actions, by number and wording) belongs to that
plan. The shipped sample is a plan of its own that a council's file never lands in. A whole plan can be
withdrawn (and restored), with a trace; an analyst can be limited to named plans, checked here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select

from ..base.cleantext import clean
from ..base.errors import AccessRefused, StoreError
from .audit import PLAN_CREATED, PLAN_RESTORED, PLAN_WITHDRAWN, REFUSED, record, withdrawn_plans
from .engine import writer
from .schema import plans, snapshots

KINDS = {"best_value": "Best Value", "external_audit": "External audit", "internal_audit": "Internal audit",
         "inspection": "Inspection", "other": "Other"}
SAMPLE_PLAN = "Sample (illustrative)"
SHARE = 0.5                 # a file sharing at least this share of its items with a plan's latest belongs to it


@dataclass(frozen=True)
class Plan:
    id: int
    name: str
    kind: str
    body: str | None
    noun: str | None
    sample: bool

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def list_plans(engine, include_withdrawn: bool = False) -> list[Plan]:
    """The plans, in the order they were created; withdrawn ones only when asked for."""
    with engine.connect() as connection:
        rows = connection.execute(select(plans).order_by(plans.c.id)).mappings().all()
    gone = withdrawn_plans(engine)
    return [Plan(r["id"], r["name"], r["kind"], r["body"], r["noun"], bool(r["sample"])) for r in rows
            if include_withdrawn or r["id"] not in gone]


def plan_named(engine, name: str, include_withdrawn: bool = False) -> Plan | None:
    """The plan with this name (letter case and spacing ignored), or None."""
    wanted = " ".join(str(name).split()).casefold()
    return next((p for p in list_plans(engine, include_withdrawn) if " ".join(p.name.split()).casefold() == wanted), None)


def plan_by_id(engine, plan_id: int) -> Plan:
    found = next((p for p in list_plans(engine, include_withdrawn=True) if p.id == plan_id), None)
    if found is None:
        raise StoreError(f"There is no plan {plan_id}.")
    return found


def create_plan(engine, name: str, who: str, kind: str = "best_value", body: str | None = None,
                noun: str | None = None, sample: bool = False, connection=None) -> Plan:
    """A new plan, with an event; StoreError when the name is blank or taken, or the kind unknown."""
    name = " ".join(clean(name or "").split())[:200]
    if not name:
        raise StoreError("Give the plan a name.")
    if kind not in KINDS:
        raise StoreError(f"A plan's kind is one of {', '.join(KINDS)}; '{kind}' is not.")
    if plan_named(engine, name, include_withdrawn=True) is not None:
        raise StoreError(f"There is already a plan called '{name}'.")
    values = dict(name=name, kind=kind, body=clean(body or "").strip()[:200] or None, noun=(noun or None),
                  sample=sample, created_by=(who or "unknown")[:200], created_at=dt.datetime.now(dt.UTC))

    def add(c) -> int:
        plan_id = c.execute(insert(plans).values(**values)).inserted_primary_key[0]
        record(c, who, PLAN_CREATED, None, f"Plan '{name}' ({KINDS[kind]}{', ' + values['body'] if values['body'] else ''})",
               plan_id=plan_id)
        return plan_id
    if connection is not None:
        plan_id = add(connection)
    else:
        with writer(engine) as c:
            plan_id = add(c)
    return Plan(plan_id, name, kind, values["body"], values["noun"], sample)


def withdraw_plan(engine, plan_id: int, who: str, reason: str) -> None:
    """Take a whole plan out of the dashboard (its snapshots stay in the store), with the reason."""
    plan = plan_by_id(engine, plan_id)
    reason = clean(reason or "").strip()
    if not reason:
        raise StoreError("Say why the plan is withdrawn: the reason is kept in the audit trail.")
    if plan_id in withdrawn_plans(engine):
        raise StoreError(f"The plan '{plan.name}' is already withdrawn.")
    with writer(engine) as connection:
        record(connection, who, PLAN_WITHDRAWN, None, reason, plan_id=plan_id)


def restore_plan(engine, plan_id: int, who: str) -> None:
    plan = plan_by_id(engine, plan_id)
    if plan_id not in withdrawn_plans(engine):
        raise StoreError(f"The plan '{plan.name}' is not withdrawn, so there is nothing to restore.")
    with writer(engine) as connection:
        record(connection, who, PLAN_RESTORED, None, None, plan_id=plan_id)


def may_publish(engine, who: str, plan, allowed: dict[str, list[str]] | None) -> None:
    """Refuse (AccessRefused, and an event) an analyst the settings limit to other plans
    (``[bvtracker] plan_analysts``: address -> the plan names they may publish to)."""
    from ..base.access import address_key
    limits = {address_key(k): [" ".join(n.split()).casefold() for n in v] for k, v in (allowed or {}).items()}
    mine = limits.get(address_key(who))
    if mine is None or " ".join(plan.name.split()).casefold() in mine:
        return
    what = f"{who} may publish to {', '.join(repr(n) for n in allowed_names(allowed, who))} only, not to '{plan.name}'"
    with writer(engine) as connection:
        record(connection, who, REFUSED, None, what, plan_id=getattr(plan, "id", None))
    raise AccessRefused(f"Refused: {what}.")


def allowed_names(allowed: dict[str, list[str]] | None, who: str) -> list[str]:
    from ..base.access import address_key
    return next((v for k, v in (allowed or {}).items() if address_key(k) == address_key(who)), [])


@dataclass(frozen=True)
class Evidence:
    """How much of a file a plan's latest snapshot shares: ``shared`` of the file's ``items``."""
    plan: Plan
    shared: int
    items: int
    latest_items: int

    @property
    def share(self) -> float:
        return self.shared / self.items if self.items else 0.0

    def sentence(self, noun: str = "actions") -> str:
        return f"shares {self.shared:,} of its {self.items:,} {noun} with {self.plan.name}"


def shared_items(latest: pd.DataFrame, actions: pd.DataFrame) -> int:
    """How many of ``actions`` are items of ``latest``: matched as Compare matches them (by number where
    the wording is still that item's, a close rewording counting; else by wording), or with the same
    wording as any of its items (an item renumbered onto another's number)."""
    from ..base.vocab import normalise
    from ..model.compare import match_actions, same_wording
    if latest.empty or actions.empty:
        return 0
    matching = match_actions(latest, actions)
    old, new = latest["action"].tolist(), actions["action"].tolist()
    shared = {j for (i, j), how in zip(matching.pairs, matching.how) if how != "id" or same_wording(old[i], new[j])}
    wordings = {normalise(a) for a in old if isinstance(a, str)}
    shared |= {j for j, a in enumerate(new) if isinstance(a, str) and normalise(a) in wordings}
    return len(shared)


def evidence(engine, actions: pd.DataFrame) -> list[Evidence]:
    """For each live plan (the sample's never), what its latest snapshot shares with ``actions``, the
    most shared first."""
    from .snapshots import latest_snapshot_id, snapshot_actions_frame
    out = []
    for plan in list_plans(engine):
        if plan.sample:
            continue
        latest = latest_snapshot_id(engine, plan=plan.id)
        frame = snapshot_actions_frame(engine, latest) if latest is not None else actions.iloc[0:0]
        out.append(Evidence(plan, shared_items(frame, actions), len(actions), len(frame)))
    return sorted(out, key=lambda e: (-e.share, e.plan.id))


def belongs_to(engine, actions: pd.DataFrame) -> Evidence | None:
    """The plan a file belongs to on the evidence (sharing at least half its items), or None."""
    found = evidence(engine, actions)
    return found[0] if found and found[0].share >= SHARE and found[0].shared else None


def plan_for_file(engine, actions: pd.DataFrame, name: str, noun: str = "actions",
                  hint: str = "say which plan it goes into, or name a new one") -> Evidence | None:
    """Which plan a file goes into when none is named: None when the store has no plan of its own yet (a
    new plan, named from the file); else the evidence of the plan sharing at least half its items; else
    StoreError, in one sentence listing the plans and what each shares."""
    if not any(not p.sample for p in list_plans(engine)):
        return None
    found = belongs_to(engine, actions)
    if found is not None:
        return found
    listed = "; ".join(f"'{e.plan.name}' shares {e.shared:,} of {e.items:,}" for e in evidence(engine, actions))
    raise StoreError(f"{name} shares fewer than half its {noun} with any plan ({listed}); {hint}.")


def plan_of_snapshot(engine, snapshot_id: int) -> int | None:
    with engine.connect() as connection:
        return connection.execute(select(snapshots.c.plan_id).where(snapshots.c.id == snapshot_id)).scalar()


def adopt_unplanned(connection) -> None:
    """Put snapshots that belong to no plan (loaded from a backup written before plans) into plans, as
    migration 0007 does for a store: the shipped sample's (published by "sample data", and those
    published from reviewed updates made on them) into "Sample (illustrative)", the rest into "Best Value
    plan"; and count each one's items closed without completion."""
    from sqlalchemy import func, update

    from .schema import snapshot_actions, update_publications, updates
    rows = connection.execute(select(snapshots.c.id, snapshots.c.published_by).where(snapshots.c.plan_id.is_(None))).all()
    if not rows:
        return
    found = {i for i, who in rows if who == "sample data"}
    pairs = connection.execute(select(update_publications.c.snapshot_id, updates.c.snapshot_id)
                               .join(updates, updates.c.id == update_publications.c.update_id)).all()
    grew = True
    while grew:
        before = len(found)
        found |= {int(new) for new, base in pairs if int(base) in found}
        grew = len(found) > before
    now = dt.datetime.now(dt.timezone.utc)
    for name, is_sample, members in ((SAMPLE_PLAN, True, [i for i, _ in rows if i in found]),
                                     ("Best Value plan", False, [i for i, _ in rows if i not in found])):
        if not members:
            continue
        plan_id = connection.execute(insert(plans).values(name=name, kind="best_value", noun="actions", sample=is_sample,
                                                          created_by="restore", created_at=now)).inserted_primary_key[0]
        connection.execute(update(snapshots).where(snapshots.c.id.in_(members)).values(plan_id=plan_id))
    closed = dict(connection.execute(select(snapshot_actions.c.snapshot_id, func.count())
                                     .where(snapshot_actions.c.progress == "closed")
                                     .group_by(snapshot_actions.c.snapshot_id)).all())
    for i, _ in rows:
        connection.execute(update(snapshots).where(snapshots.c.id == i).values(closed_count=int(closed.get(i, 0))))
