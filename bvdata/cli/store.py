"""The commands that work on the snapshot store: publish, snapshots, withdraw, restore, audit,
backup and doctor. Each failure is one sentence and a non-zero exit (see bvdata.cli.main)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from ..base.cleantext import whole_number
from ..read.assembly.tracker import load_tracker
from .common import CliError, backup_key_of, mappings_of, read_file, settings, store_of, who_of, write_file


def _publish(args) -> int:
    from ..store.mappings import saved_for, used_mapping
    from ..store.publishing import DuplicateSnapshot, NeedsConfirmation, publish
    engine = store_of(args)
    data = read_file(args.file)
    who, limits = who_of(args), settings().plan_analysts
    given = mappings_of(args)
    saved = [] if given else saved_for(engine, who, limits)
    mappings = given or [s.mapping for s in saved]
    tracker = load_tracker(data, Path(args.file).name, mappings=mappings)
    used = next((m.to_json() for m in mappings if m.name == tracker.mapping), None)
    if (found := used_mapping(saved, tracker)) is not None:
        print(found.sentence())
    as_at = args.as_of or tracker.as_at
    if as_at is None:
        raise CliError(f"{args.file} names no date it is as at; give one with --as-of YYYY-MM-DD.")
    from .plans import publishing_plan
    plan, said = publishing_plan(engine, args, tracker)
    try:
        info = publish(engine, tracker, data, label=args.label, published_by=who, confirm_drop=args.confirm_drop,
                       mapping_json=used, as_at=as_at, plan=plan, plan_analysts=limits)
    except NeedsConfirmation as exc:
        print(f"{exc} Run again with --confirm-drop to publish anyway.", file=sys.stderr)
        for row in exc.dropped.head(20).itertuples():
            print(f"  would disappear: {row.action_id or '?'} {str(row.action)[:80]}", file=sys.stderr)
        return 1
    except DuplicateSnapshot as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from ..store.plans import plan_by_id
    if said:
        print(said)
    print(f"Published snapshot {info.id}: '{info.label}' ({tracker.words.item.count(info.action_count)}, as at "
          f"{info.as_at:%d %b %Y}) in the plan '{plan_by_id(engine, info.plan_id).name}'")
    return 0


def _snapshots(args) -> int:
    from ..store.plans import list_plans
    from ..store.snapshots import list_snapshots
    from .plans import named_plan
    engine = store_of(args)
    wanted = named_plan(engine, args.plan).id if args.plan else None
    frame = list_snapshots(engine, include_withdrawn=True, plan=wanted)
    names = {p.id: p.name for p in list_plans(engine, include_withdrawn=True)}
    if args.json:
        records = [{"id": int(r.id), "plan": names.get(r.plan_id), "label": r.label,
                    "as_at": None if pd.isna(r.as_at) else r.as_at.date().isoformat(),
                    "published_by": r.published_by, "published_at": r.published_at.isoformat(),
                    "filename": r.filename, "sha256": r.sha256, "actions": int(r.action_count),
                    "withdrawn": None if pd.isna(r.withdrawn_by) else
                    {"by": r.withdrawn_by, "at": pd.Timestamp(r.withdrawn_at).isoformat(), "why": r.withdrawn_why}}
                   for r in frame.itertuples()]
        print(json.dumps(records, indent=2))
        return 0
    if frame.empty:
        print("No snapshots yet: publish a tracker with `python -m bvdata publish FILE`.")
        return 0
    for r in frame.itertuples():
        when = "no date" if pd.isna(r.as_at) else f"{r.as_at:%d %b %Y}"
        gone = "" if pd.isna(r.withdrawn_by) else f"  WITHDRAWN by {r.withdrawn_by}: {r.withdrawn_why}"
        print(f"{r.id:>4}  {when:<12} {r.action_count:>6} items  {r.label}  [{names.get(r.plan_id)}]  "
              f"({r.filename}, by {r.published_by}){gone}")
    return 0


def _withdraw(args) -> int:
    from ..store.withdrawals import withdraw
    withdraw(store_of(args), args.id, who_of(args), args.reason, settings().plan_analysts)
    print(f"Withdrew snapshot {args.id}; it stays in the store and can be restored with `restore {args.id}`.")
    return 0


def _restore(args) -> int:
    """`restore ID` puts a withdrawn snapshot back; `restore FILE` loads a backup into an empty store."""
    engine = store_of(args)
    if whole_number(args.target) is not None:
        from ..store.withdrawals import restore
        restore(engine, int(args.target), who_of(args), settings().plan_analysts)
        print(f"Restored snapshot {args.target}.")
        return 0
    from ..store.backup import restore_backup
    done = restore_backup(engine, read_file(args.target), who_of(args), key=backup_key_of(), unsigned=args.unsigned,
                          plan_analysts=settings().plan_analysts)
    print("Loaded " + ", ".join(f"{n} {name}" for name, n in done.rows.items()) + f" into {engine.dialect.name}. "
          + done.age)
    return 0


def _audit(args) -> int:
    from ..store.audit import trail
    events = trail(store_of(args))
    if args.json:
        print(json.dumps([{"id": int(r.id), "at": pd.Timestamp(r.at).isoformat(), "who": r.who, "action": r.action,
                           "snapshot": None if pd.isna(r.snapshot_id) else int(r.snapshot_id), "detail": r.detail}
                          for r in events.itertuples()], indent=2, ensure_ascii=False))
        return 0
    for r in events.itertuples():
        on = "" if pd.isna(r.snapshot_id) else f" snapshot {int(r.snapshot_id)}"
        print(f"{r.id:>5}  {pd.Timestamp(r.at):%Y-%m-%d %H:%M}  {r.who:<28} {r.action}{on}"
              + (f": {r.detail}" if isinstance(r.detail, str) else ""))
    return 0


def _backup(args) -> int:
    from ..store.backup import backup
    key = backup_key_of()
    if key is None and not args.unsigned:
        raise CliError("No backup key is set, so the backup could not be signed: set BVDATA_BACKUP_KEY (or backup_key "
                       "under [bvtracker] in the secrets), or write it anyway with --unsigned.")
    data = backup(store_of(args), key)
    write_file(args.out, data)
    print(f"Wrote {args.out} ({len(data) / 1e6:.1f} MB, {'signed' if key else 'NOT signed'})")
    return 0


def _doctor(args) -> int:
    from .doctor import run
    anchor = read_file(args.backup) if args.backup else None
    lines, healthy = run(database=args.database, verify=args.verify or anchor is not None, backup=anchor,
                         key=backup_key_of() if anchor is not None else None)
    print("\n".join(lines))
    return 0 if healthy else 1


STORE_COMMANDS = {"publish": _publish, "snapshots": _snapshots, "withdraw": _withdraw, "restore": _restore,
                  "audit": _audit, "backup": _backup, "doctor": _doctor}
