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

from ..base.errors import StoreError
from ..base.names import checked_name, display_name, name_key
from .audit import PLAN_CREATED, PLAN_RENAMED, PLAN_RESTORED, PLAN_WITHDRAWN, plan_renames, record, withdrawn_plans
from .engine import writer
from .guard import FROM_SETTINGS, may_change, plan_of_snapshot  # noqa: F401 - plan_of_snapshot is offered here too
from .schema import plans
from .withdrawals import given_reason

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
    gone, renamed = withdrawn_plans(engine), plan_renames(engine)
    return [Plan(r["id"], renamed.get(r["id"], r["name"]), r["kind"], r["body"], r["noun"], bool(r["sample"]))
            for r in rows if include_withdrawn or r["id"] not in gone]


def plan_named(engine, name: str, include_withdrawn: bool = False) -> Plan | None:
    """The plan with this name as a person reads it (``base.names.name_key``: letter case, spacing, width,
    invisible characters and look-alike letters of other scripts ignored), or None."""
    wanted = name_key(name)
    return next((p for p in list_plans(engine, include_withdrawn) if name_key(p.name) == wanted), None)


def _first_named(engine, name: str) -> Plan | None:
    """The plan first created with this name (as a person reads it), whatever it is called now."""
    wanted = name_key(name)
    with engine.connect() as connection:
        rows = connection.execute(select(plans.c.id, plans.c.name)).all()
    first = next((i for i, n in rows if name_key(n) == wanted), None)
    return None if first is None else plan_by_id(engine, first)


def plan_by_id(engine, plan_id: int) -> Plan:
    found = next((p for p in list_plans(engine, include_withdrawn=True) if p.id == plan_id), None)
    if found is None:
        raise StoreError(f"There is no plan {plan_id}.")
    return found


def create_plan(engine, name: str, who: str, kind: str = "best_value", body: str | None = None,
                noun: str | None = None, sample: bool = False, connection=None,
                plan_analysts: dict | str | None = FROM_SETTINGS) -> Plan:
    """A new plan, with an event; StoreError when the name is blank, too long or taken (as a person reads
    it), or the kind unknown; AccessRefused for an analyst limited to other plans."""
    name = checked_name(name)
    if kind not in KINDS:
        raise StoreError(f"A plan's kind is one of {', '.join(KINDS)}; '{kind}' is not.")
    taken = plan_named(engine, name, include_withdrawn=True)
    if taken is not None:
        raise StoreError(f"There is already a plan called '{taken.name}'" + ("" if taken.name == name else
                         f", which reads the same as '{name}'") + ".")
    first = _first_named(engine, name)
    if first is not None:
        raise StoreError(f"The plan now called '{first.name}' was first called '{name}', a name it keeps in the "
                         "record; choose another name.")
    may_change(engine, who, PlanName(name), "create", plan_analysts)
    values = dict(name=name, kind=kind, body=checked_body(body), noun=(noun or None),
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


@dataclass(frozen=True)
class PlanName:
    """A plan known by its name alone (one about to be made), as the guard takes it."""
    name: str


def checked_body(body: str | None) -> str | None:
    """The body a plan belongs to, as stored and shown (names' rules; at most 200 characters, else refused)."""
    return checked_name(body, "The body's name") if display_name(body) else None


def withdraw_plan(engine, plan_id: int, who: str, reason: str, plan_analysts: dict | str | None = FROM_SETTINGS) -> None:
    """Take a whole plan out of the dashboard (its snapshots stay in the store), with the reason."""
    plan = plan_by_id(engine, plan_id)
    may_change(engine, who, plan, "withdraw", plan_analysts)
    reason = given_reason(reason, "the plan")
    if plan_id in withdrawn_plans(engine):
        raise StoreError(f"The plan '{plan.name}' is already withdrawn.")
    with writer(engine) as connection:
        record(connection, who, PLAN_WITHDRAWN, None, reason, plan_id=plan_id)


def rename_plan(engine, plan_id: int, name: str, who: str, plan_analysts: dict | str | None = FROM_SETTINGS) -> str:
    """Give a plan a new name (as a name is stored: ``base.names.checked_name``), with an event; the name
    stays the plan's everywhere (pickers, All plans, papers, the analysts' limits name it by it)."""
    plan = plan_by_id(engine, plan_id)
    # the analysts' limits name plans by their names: renaming one changes who they let in, so only an
    # analyst who may change every plan may rename one
    may_change(engine, who, None, f"rename the plan '{plan.name}' in", plan_analysts)
    if plan.sample:
        raise StoreError("The sample plan keeps its name, so that every page can say it is sample data.")
    new = checked_name(name)
    taken = plan_named(engine, new, include_withdrawn=True)
    if taken is not None and taken.id != plan_id:
        raise StoreError(f"There is already a plan called '{taken.name}'; choose another name.")
    first = _first_named(engine, new)
    if first is not None and first.id != plan_id:
        raise StoreError(f"The plan now called '{first.name}' was first called '{new}', a name it keeps in the "
                         "record; choose another name.")
    if new == plan.name:
        raise StoreError(f"The plan is already called '{plan.name}'.")
    with writer(engine) as connection:
        record(connection, who, PLAN_RENAMED, None, new, plan_id=plan_id)
    return new


def restore_plan(engine, plan_id: int, who: str, plan_analysts: dict | str | None = FROM_SETTINGS) -> None:
    plan = plan_by_id(engine, plan_id)
    may_change(engine, who, plan, "restore", plan_analysts)
    if plan_id not in withdrawn_plans(engine):
        raise StoreError(f"The plan '{plan.name}' is not withdrawn, so there is nothing to restore.")
    with writer(engine) as connection:
        record(connection, who, PLAN_RESTORED, None, None, plan_id=plan_id)


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


def qualifying(found: list[Evidence]) -> list[Evidence]:
    """The plans the evidence points to: each sharing at least half the file's items."""
    return [e for e in found if e.share >= SHARE and e.shared]


def belongs_to(engine, actions: pd.DataFrame) -> Evidence | None:
    """The one plan a file belongs to on the evidence (sharing at least half its items), or None; StoreError
    when more than one plan does, naming them: which one is the analyst's to say, never the store's."""
    found = qualifying(evidence(engine, actions))
    if len(found) > 1:
        raise Ambiguous(found)
    return found[0] if found else None


class Ambiguous(StoreError):
    """More than one plan shares at least half of a file's items; ``found`` is their evidence."""

    def __init__(self, found: list[Evidence], name: str = "This file", noun: str = "actions"):
        self.found = found
        listed = " and ".join(f"'{e.plan.name}' ({e.shared:,} of {e.items:,})" for e in found)
        super().__init__(f"{name} shares at least half its {noun} with more than one plan, {listed}; say which "
                         "plan it goes into.")


def plan_for_file(engine, actions: pd.DataFrame, name: str, noun: str = "actions",
                  hint: str = "say which plan it goes into, or name a new one") -> Evidence | None:
    """Which plan a file goes into when none is named: None when the store has no plan of its own yet (a
    new plan, named from the file); else the evidence of the one plan sharing at least half its items;
    else StoreError, in one sentence listing the plans and what each shares (or naming the several plans
    that qualify)."""
    if not any(not p.sample for p in list_plans(engine)):
        return None
    try:
        found = belongs_to(engine, actions)
    except Ambiguous as exc:
        raise Ambiguous(exc.found, name, noun) from None
    if found is not None:
        return found
    listed = "; ".join(f"'{e.plan.name}' shares {e.shared:,} of {e.items:,}" for e in evidence(engine, actions))
    raise StoreError(f"{name} shares fewer than half its {noun} with any plan ({listed}); {hint}.")


def adopt_unplanned(held: dict[str, list[dict]]) -> None:
    """Put the snapshots of a backup written before plans (``held``: table name -> rows, before they are
    loaded, since a loaded snapshot is never changed) into plans, as migration 0007 does for a store: the
    shipped sample's (published by "sample data", and those published from reviewed updates made on them)
    into "Sample (illustrative)", the rest into "Best Value plan"; and count each one's items closed
    without completion."""
    rows = [r for r in held.get("snapshots", []) if r.get("plan_id") is None]
    if not rows:
        return
    found = {r["id"] for r in rows if r["published_by"] == "sample data"}
    base_of = {u["id"]: u["snapshot_id"] for u in held.get("updates", [])}
    pairs = {(p["snapshot_id"], base_of[p["update_id"]]) for p in held.get("update_publications", [])
             if p["update_id"] in base_of}
    grew = True
    while grew:
        before = len(found)
        found |= {int(new) for new, base in pairs if int(base) in found}
        grew = len(found) > before
    now = dt.datetime.now(dt.timezone.utc)
    made = held.setdefault("plans", [])
    for name, is_sample, members in ((SAMPLE_PLAN, True, [r for r in rows if r["id"] in found]),
                                     ("Best Value plan", False, [r for r in rows if r["id"] not in found])):
        if not members:
            continue
        plan_id = max((p["id"] for p in made), default=0) + 1
        made.append(dict(id=plan_id, name=name, kind="best_value", body=None, noun="actions", sample=is_sample,
                         created_by="restore", created_at=now))
        for row in members:
            row["plan_id"] = plan_id
    closed: dict[int, int] = {}
    for action in held.get("snapshot_actions", []):
        if action.get("progress") == "closed":
            closed[action["snapshot_id"]] = closed.get(action["snapshot_id"], 0) + 1
    for row in rows:
        row["closed_count"] = closed.get(row["id"], 0)
