"""Command line: ``python -m bvdata check FILE [--as-of YYYY-MM-DD] [--json]``.

Exit 0 when an action table was read (warnings allowed); exit 1 with one sentence on stderr, and
no traceback, when the file gives no action table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from ..base.cleantext import whole_number
from ..base.errors import SettingsError, StoreError, TrackerError
from ..base.labels import action_labels, or_none
from ..model.status import by_recommendation, headline, overdue_list, summary_sentence, with_status
from ..read.assembly.tracker import load_tracker
from .args import build_parser
from .common import CliError, mappings_of, store_of
from .common import read_file as _read
from .common import write_file as _write
from .officers import OFFICER_COMMANDS
from .plans import PLAN_COMMANDS
from .store import STORE_COMMANDS


def check_report(tracker, as_of: dt.date | None) -> dict:
    """The check command's JSON object."""
    source = "--as-of" if as_of else ("the file" if tracker.as_at else "today")
    as_of = as_of or tracker.as_at or dt.date.today()
    df = with_status(tracker.actions, as_of)
    recs = by_recommendation(df, tracker.recommendations)
    themes = tracker.themes.frame
    labels = action_labels(df)

    def ids(mask) -> list[str]:
        return labels[mask].tolist()

    return {
        "file": tracker.source_name,
        "as_of": as_of.isoformat(),
        "as_of_source": source,
        "items": tracker.noun[1],
        "groups": tracker.words.group.plural,
        "lead": tracker.words.person,
        "actions": len(df),
        "complete": headline(df)["complete"],
        "overdue": action_labels(overdue_list(df)).tolist(),
        "closed": ids(df["status"] == "closed"),
        "paused": ids(df["status"] == "paused"),
        "revised": ids(df["times_moved"] > 0),
        "views": tracker.views,
        "mapping": tracker.mapping,
        "recommendations": [
            {"recommendation": r.recommendation, "actions": int(r.actions), "complete": int(r.complete),
             "closed": int(r.closed), "paused": int(r.paused), "overdue": int(r.overdue),
             "mean_completion": or_none(r.mean_completion)}
            for r in recs.itertuples()
        ],
        "themes": [
            {"theme": t.theme, "period": t.period, "score": or_none(t.score), "target": or_none(t.target)}
            for t in themes.itertuples()
        ],
        "warnings": [i.as_dict() for i in tracker.issues if i.level == "warning"],
        "notes": [i.as_dict() for i in tracker.issues if i.level == "info"],
    }


def _check(args) -> int:
    try:
        tracker = load_tracker(args.file, mappings=mappings_of(args))
    except TrackerError as exc:
        if args.json:
            print(json.dumps({"file": args.file, "errors": [{"message": str(exc)}]}))
        print(str(exc), file=sys.stderr)
        return 1
    report = check_report(tracker, args.as_of)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    df = with_status(tracker.actions, report["as_of"])
    words = tracker.words
    print(f"{tracker.source_name}: {words.item.count(report['actions'])} as of {report['as_of']}")
    print(summary_sentence(df, words))
    for r in report["recommendations"]:         # with no % in the file, the share complete
        done = f"mean {r['mean_completion']:.0f}%" if r["mean_completion"] is not None else \
            f"{r['complete']} of {r['actions']} complete"
        print(f"  {r['actions']:>4} {words.item.of(r['actions'])}, {done:>14}  {r['recommendation'][:90]}")
    if report["themes"]:
        print(f"Theme scores: {len(report['themes'])} across periods {', '.join(tracker.themes.periods)}")
    warnings = [i for i in tracker.issues if i.level == "warning"]
    print(f"{len(warnings)} warning(s)")
    for issue in warnings:
        value = f" [{issue.value}]" if issue.value else ""
        print(f"  - {issue.where()}: {issue.message}{value}")
    return 0


def _side(args, which: str):
    """A history.Side for a snapshot id or a tracker file."""
    from ..model.history import tracker_side
    from ..store.versions import snapshot_side
    if whole_number(which) is not None:
        return snapshot_side(store_of(args), int(which))
    return tracker_side(load_tracker(which))


def _compare(args) -> int:
    from ..model.compare import MOVEMENTS
    from ..model.history import compare_sides
    if whole_number(args.old) is not None and whole_number(args.new) is not None:
        from ..store.plans import plan_by_id
        from ..store.snapshots import snapshot_info
        engine = store_of(args)
        old, new = snapshot_info(engine, int(args.old)), snapshot_info(engine, int(args.new))
        if old.plan_id != new.plan_id:
            raise CliError(f"Snapshot {old.id} is of the plan '{plan_by_id(engine, old.plan_id).name}' and snapshot "
                           f"{new.id} of '{plan_by_id(engine, new.plan_id).name}'; only two updates of one plan "
                           "can be compared.")
    result = compare_sides(_side(args, args.old), _side(args, args.new)).comparison
    if args.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return 0
    for key, label, _ in MOVEMENTS:
        ids = result.movement[key]
        print(f"{label:<16} {len(ids):>4}  {', '.join(ids[:15])}{' …' if len(ids) > 15 else ''}")
    print(f"Due dates changed: {len(result.due_date_changed)}; wording changed: {len(result.wording_changed)}")
    return 0


def _source(args, which: str):
    """(tracker, snapshot id or None) for a snapshot id or a tracker file."""
    if whole_number(which) is not None:
        from ..store.snapshots import snapshot_tracker
        return snapshot_tracker(store_of(args), int(which)), int(which)
    return load_tracker(which), None


def _report(args) -> int:
    from ..papers.report import ChartRenderer, build_report
    if args.portfolio:
        from .portfolio import portfolio_report
        return portfolio_report(args)
    from .plans import plan_source
    tracker, snapshot_id, plan = plan_source(args)
    previous = None if args.no_history else _previous_for(args, tracker, snapshot_id, plan)
    forecast = None if args.no_history else _forecast_for(args, tracker, plan)
    named = None
    if plan is not None:
        from ..store.plans import plan_by_id
        named = plan_by_id(store_of(args), plan)
    with ChartRenderer() as renderer:
        data = build_report(tracker, renderer, args.as_of, previous, forecast=forecast,
                            plan_name=None if named is None or named.sample else named.name,
                            kind=None if named is None else named.kind)
    if args.out.lower().endswith(".pdf"):
        from ..papers.pdf import docx_to_pdf
        data = docx_to_pdf(data)
    _write(args.out, data)
    print(f"Wrote {args.out} ({tracker.words.item.count(len(tracker.actions))}"
          + (f", compared with {previous.old.label})" if previous else ")"))
    return 0


def _previous_for(args, tracker, snapshot_id, plan):
    """What moved since the update before this one, in its plan (None without a store or a plan)."""
    from ..store.versions import movement_since_previous
    if snapshot_id is None and plan is None:
        return None
    try:
        return movement_since_previous(store_of(args), tracker, snapshot_id, plan)
    except StoreError:
        return None


def _forecast_for(args, tracker, plan):
    """The burn-up and forecast over the plan's updates and this tracker (None without a store or a plan)."""
    from ..store.versions import plan_forecast
    if plan is None:
        return None
    try:
        return plan_forecast(store_of(args), tracker, args.as_of or tracker.as_at or dt.date.today(), plan=plan)
    except StoreError:
        return None


EXPORT_COLUMNS = ["action_id", "recommendation", "action", "status_label", "completion", "progress_word", "rag",
                  "due_date", "original_due_date", "times_moved", "lead_officer", "report_ref", "service_lead",
                  "priority", "acceptance", "notes", "source_sheet", "source_row"]
# an internal-audit follow-up tracker's own fields, exported where the file has them
FOLLOW_UP_COLUMNS = ["recommendation_text", "finding", "completion_date", "validated"]


def _export(args) -> int:
    from ..model.status import by_recommendation
    from ..papers.exports import owner_digest, to_csv_bytes, to_xlsx_bytes
    from .plans import plan_source
    tracker, _, _ = plan_source(args)
    df = with_status(tracker.actions, args.as_of or tracker.as_at or dt.date.today())
    if args.view == "digest":
        if not args.out.lower().endswith(".xlsx"):
            print("The owner digest is a workbook: give --out a name ending in .xlsx.", file=sys.stderr)
            return 1
        data = owner_digest(df, tracker.words)
    else:
        present = [c for c in FOLLOW_UP_COLUMNS if df[c].notna().any()]
        table = {
            "actions": lambda: df[EXPORT_COLUMNS + present],
            "overdue": lambda: overdue_list(df),
            "recommendations": lambda: by_recommendation(df, tracker.recommendations),
        }[args.view]()
        if args.out.lower().endswith(".csv"):
            data = to_csv_bytes(table, tracker.words)
        elif args.out.lower().endswith(".xlsx"):
            data = to_xlsx_bytes({args.view.capitalize(): table}, tracker.words)
        else:
            print("--out must end in .xlsx or .csv.", file=sys.stderr)
            return 1
    _write(args.out, data)
    print(f"Wrote {args.out}")
    return 0


def _template(args) -> int:
    if args.kind == "tracker":
        from ..papers.templates import tracker_template
        data = tracker_template()
    else:
        from ..papers.templates import self_assessment_template
        from ..read.assembly.framework import load_framework
        data = self_assessment_template(load_framework(args.framework), args.period or "")
    _write(args.out, data)
    print(f"Wrote {args.out}")
    return 0


def _statement(args) -> int:
    from ..papers.statement import build_statement
    from ..read.assembly.framework import load_framework, load_self_assessment
    tracker, _ = _source(args, args.source)
    assessment = None
    if args.assessment:
        assessment = load_self_assessment(_read(args.assessment), args.assessment, load_framework(args.framework))
    _write(args.out, build_statement(tracker, tracker.themes, assessment, args.as_of))
    print(f"Wrote {args.out}")
    return 0


COMMANDS = {"check": _check, "compare": _compare, "report": _report, "export": _export,
            "template": _template, "statement": _statement, **STORE_COMMANDS, **OFFICER_COMMANDS, **PLAN_COMMANDS}


def main(argv: list[str] | None = None, args: argparse.Namespace | None = None) -> int:
    """Run one command, from ``argv`` or from arguments already parsed (bvdata.__main__ parses first)."""
    args = args if args is not None else build_parser().parse_args(argv)
    try:
        return COMMANDS[args.run](args)
    except (TrackerError, StoreError, CliError, SettingsError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and cut short: not an error
        sys.stderr.close()
        return 0
    except Exception as exc:  # a fault of ours: still one sentence, with the detail for a bug report
        if os.environ.get("BVDATA_DEBUG") == "1":
            raise
        print(f"The {args.command} command failed unexpectedly ({type(exc).__name__}: {str(exc)[:200]}); "
              "run again with BVDATA_DEBUG=1 to see where.", file=sys.stderr)
        return 1
