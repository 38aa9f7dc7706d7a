"""The commands for plans: ``plans [list|withdraw|restore] [--json]``, which plan ``publish`` puts a file
into (``--plan``, or the evidence), and the plan a ``report``/``export`` is of."""
from __future__ import annotations

import datetime as dt
import json

from ..base.cleantext import whole_number
from ..base.errors import StoreError
from ..base.words import plural
from .common import CliError, settings, store_of, who_of


def named_plan(engine, name: str):
    """The plan with this name, or one sentence listing the plans there are."""
    from ..store.plans import list_plans, plan_named
    found = plan_named(engine, name)
    if found is None:
        names = ", ".join(f"'{p.name}'" for p in list_plans(engine)) or "none yet"
        raise CliError(f"There is no plan called '{name}' (the plans are: {names}).")
    return found


def publishing_plan(engine, args, tracker):
    """(the plan a publish goes into, a sentence saying how it was chosen or None). ``--plan`` names it
    (a new name makes it, with ``--kind`` and ``--body``); else an empty store makes one named from the
    file, and otherwise the plan that shares at least half the file's items takes it. A file that
    matches no plan is refused, with the plans listed."""
    from ..store.plans import KINDS, plan_for_file, plan_named
    from ..store.publishing import NewPlan, plan_name_of
    noun = tracker.noun[1]
    if args.plan:
        found = plan_named(engine, args.plan)
        if found is not None:
            return found, None
        if plan_named(engine, args.plan, include_withdrawn=True) is not None:
            raise CliError(f"The plan '{args.plan}' is withdrawn; restore it first with: plans restore \"{args.plan}\".")
        return NewPlan(args.plan, args.kind, args.body), f"Created the plan '{args.plan}' ({KINDS[args.kind]})."
    try:
        found = plan_for_file(engine, tracker.actions, tracker.source_name, noun,
                              hint="name the plan it goes into with --plan (a new name makes a new plan)")
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if found is None:
        name = plan_name_of(tracker)
        return NewPlan(name, args.kind, args.body), f"Created the plan '{name}' ({KINDS[args.kind]}), named from the file."
    return found.plan, f"The file {found.sentence(noun)}, so it goes into that plan."


def plan_source(args):
    """For ``report``/``export``: (the tracker, its snapshot id or None, its plan id or None) from SOURCE
    and ``--plan`` (without SOURCE, the plan's latest snapshot)."""
    from ..read.assembly.tracker import load_tracker
    from ..store.plans import belongs_to, plan_of_snapshot
    from ..store.snapshots import latest_snapshot_id, snapshot_tracker
    source = args.source
    if source is None and not args.plan:
        raise CliError("Name a tracker file or a snapshot id, or a plan with --plan.")
    engine = store_of(args) if (args.plan or (source and whole_number(source) is not None)) else None
    plan = named_plan(engine, args.plan).id if args.plan else None
    if source is None:
        source = latest_snapshot_id(engine, plan=plan)
        if source is None:
            raise CliError(f"The plan '{args.plan}' has no snapshot yet.")
        source = str(source)
    if whole_number(source) is not None:
        tracker = snapshot_tracker(engine, int(source))
        return tracker, int(source), plan_of_snapshot(engine, int(source))
    tracker = load_tracker(source)
    if plan is None:
        try:
            found = belongs_to(store_of(args), tracker.actions)
        except (CliError, StoreError):        # no store to look in: the file stands alone
            found = None
        plan = found.plan.id if found else None
    return tracker, None, plan


def _plans(args) -> int:
    from ..model.portfolio import plan_summary
    from ..store.plans import list_plans, restore_plan, withdraw_plan
    from ..store.portfolio import load_portfolio
    engine = store_of(args)
    if args.what in ("withdraw", "restore"):
        if not args.name:
            raise CliError(f"Name the plan to {args.what}: plans {args.what} NAME.")
        found = named_plan(engine, args.name) if args.what == "withdraw" else \
            next((p for p in list_plans(engine, include_withdrawn=True) if p.name.casefold() == args.name.casefold()), None)
        if found is None:
            raise CliError(f"There is no plan called '{args.name}'.")
        if args.what == "withdraw":
            withdraw_plan(engine, found.id, who_of(args), args.reason or "", settings().plan_analysts)
            print(f"Withdrew the plan '{found.name}'; its snapshots stay in the store (plans restore to undo).")
        else:
            restore_plan(engine, found.id, who_of(args), settings().plan_analysts)
            print(f"Restored the plan '{found.name}'.")
        return 0
    as_of = args.as_of or dt.date.today()
    summary = plan_summary(load_portfolio(engine, include_sample=True), as_of)
    if args.json:
        print(json.dumps([{"name": r.plan, "kind": r.kind, "body": r.body, "snapshots": int(r.snapshots),
                           "items": int(r.items), "complete": int(r.complete), "overdue": int(r.overdue),
                           "no_update": int(r.no_update),
                           "latest_as_at": None if r.latest_as_at is None else r.latest_as_at.isoformat(),
                           "forecast": r.forecast} for r in summary.itertuples()], indent=2, ensure_ascii=False))
        return 0
    if summary.empty:
        print("No plans yet: publish a tracker with `python -m bvdata publish FILE`.")
        return 0
    for r in summary.itertuples():
        when = "no update" if r.latest_as_at is None else f"as at {r.latest_as_at:%d %b %Y}"
        print(f"{r.plan} ({r.kind}): {r.items:,} items, {r.complete:,} complete, {r.overdue:,} overdue, {when}; "
              f"{plural(int(r.snapshots), 'snapshot')}; finish {r.forecast}")
    return 0


PLAN_COMMANDS = {"plans": _plans}
