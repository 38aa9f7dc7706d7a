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
from pathlib import Path

import pandas as pd

from .cli_common import CliError, mappings_of, read_file as _read, store_of, write_file as _write
from .errors import StoreError, TrackerError
from .labels import action_labels, or_none
from .status import by_recommendation, headline, overdue_list, summary_sentence, with_status
from .tracker import load_tracker


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


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
        "actions": int(len(df)),
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
    print(f"{tracker.source_name}: {report['actions']} {tracker.noun[1]} as of {report['as_of']}")
    print(summary_sentence(df, tracker.noun))
    for r in report["recommendations"]:
        mean = "no values" if r["mean_completion"] is None else f"{r['mean_completion']:.0f}%"
        print(f"  {r['actions']:>4} actions, mean {mean:>9}  {r['recommendation'][:90]}")
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
    from .history import snapshot_side, tracker_side
    if which.isdigit():
        return snapshot_side(store_of(args), int(which))
    return tracker_side(load_tracker(which))


def _compare(args) -> int:
    from .compare import MOVEMENTS
    from .history import compare_sides
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
    if which.isdigit():
        from .store import snapshot_tracker
        return snapshot_tracker(store_of(args), int(which)), int(which)
    return load_tracker(which), None


def _report(args) -> int:
    from .report import ChartRenderer, build_report
    tracker, snapshot_id = _source(args, args.source)
    previous = None if args.no_history else _previous_for(args, tracker, snapshot_id)
    with ChartRenderer() as renderer:
        data = build_report(tracker, renderer, args.as_of, previous)
    _write(args.out, data)
    print(f"Wrote {args.out} ({len(tracker.actions)} actions"
          + (f", compared with {previous.old.label})" if previous else ")"))
    return 0


def _previous_for(args, tracker, snapshot_id):
    from .history import movement_since_previous
    try:
        return movement_since_previous(store_of(args), tracker, snapshot_id)
    except StoreError:
        return None


EXPORT_COLUMNS = ["action_id", "recommendation", "action", "status_label", "completion", "progress_word", "rag",
                  "due_date", "original_due_date", "times_moved", "lead_officer", "report_ref", "service_lead",
                  "priority", "acceptance", "notes", "source_sheet", "source_row"]


def _export(args) -> int:
    from .exports import owner_digest, to_csv_bytes, to_xlsx_bytes
    from .status import by_recommendation
    tracker, _ = _source(args, args.source)
    df = with_status(tracker.actions, args.as_of or tracker.as_at or dt.date.today())
    if args.view == "digest":
        if not args.out.lower().endswith(".xlsx"):
            print("The owner digest is a workbook: give --out a name ending in .xlsx.", file=sys.stderr)
            return 1
        data = owner_digest(df)
    else:
        table = {
            "actions": lambda: df[EXPORT_COLUMNS],
            "overdue": lambda: overdue_list(df),
            "recommendations": lambda: by_recommendation(df, tracker.recommendations),
        }[args.view]()
        if args.out.lower().endswith(".csv"):
            data = to_csv_bytes(table)
        elif args.out.lower().endswith(".xlsx"):
            data = to_xlsx_bytes({args.view.capitalize(): table})
        else:
            print("--out must end in .xlsx or .csv.", file=sys.stderr)
            return 1
    _write(args.out, data)
    print(f"Wrote {args.out}")
    return 0


def _template(args) -> int:
    if args.kind == "tracker":
        from .templates import tracker_template
        data = tracker_template()
    else:
        from .framework import load_framework, self_assessment_template
        data = self_assessment_template(load_framework(args.framework), args.period or "")
    _write(args.out, data)
    print(f"Wrote {args.out}")
    return 0


def _statement(args) -> int:
    from .framework import load_framework, load_self_assessment
    from .statement import build_statement
    tracker, _ = _source(args, args.source)
    assessment = None
    if args.assessment:
        assessment = load_self_assessment(_read(args.assessment), args.assessment, load_framework(args.framework))
    _write(args.out, build_statement(tracker, tracker.themes, assessment, args.as_of))
    print(f"Wrote {args.out}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one sentence and exit 2, like every other failure."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message[:1].upper()}{message[1:].rstrip('.')}. See --help.\n")


def build_parser() -> argparse.ArgumentParser:
    from .cli_store import add_store_commands
    parser = _Parser(prog="python -m bvdata", description="Best Value tracker tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="read a tracker and report what it holds")
    check.add_argument("file")
    check.add_argument("--as-of", type=_date, default=None, help="status date (default: the file's 'as at' date, else today)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--mapping", default=None, help="a column mapping saved as JSON (from the Data page)")
    check.set_defaults(run=_check)

    def with_database(p):
        p.add_argument("--database", default=None, help="store URL (default: $BVDATA_DATABASE_URL, else the SQLite file)")
        return p

    add_store_commands(sub, with_database)

    comp = with_database(sub.add_parser("compare", help="what moved between two snapshots or tracker files"))
    comp.add_argument("old", help="snapshot id or tracker file")
    comp.add_argument("new", help="snapshot id or tracker file")
    comp.add_argument("--json", action="store_true")
    comp.set_defaults(run=_compare)

    report = with_database(sub.add_parser("report", help="write the committee report (.docx)"))
    report.add_argument("source", help="tracker file or snapshot id")
    report.add_argument("--out", required=True)
    report.add_argument("--as-of", type=_date, default=None)
    report.add_argument("--no-history", action="store_true", help="do not compare with an earlier snapshot")
    report.set_defaults(run=_report)

    export = with_database(sub.add_parser("export", help="write a table view as .xlsx or .csv"))
    export.add_argument("source", help="tracker file or snapshot id")
    export.add_argument("--out", required=True)
    export.add_argument("--view", choices=["actions", "overdue", "recommendations", "digest"], default="actions",
                        help="digest: one sheet per lead officer with their open actions, overdue first")
    export.add_argument("--as-of", type=_date, default=None)
    export.set_defaults(run=_export)

    template = sub.add_parser("template", help="write a blank workbook to fill in")
    template.add_argument("kind", choices=["tracker", "self-assessment"])
    template.add_argument("--out", required=True)
    template.add_argument("--period", default=None, help="self-assessment period, e.g. 2022/23")
    template.add_argument("--framework", default=None, help="another framework CSV in the same shape")
    template.set_defaults(run=_template)

    statement = with_database(sub.add_parser("statement", help="write a draft Annual Statement of Compliance (.docx)"))
    statement.add_argument("source", help="tracker file or snapshot id")
    statement.add_argument("--assessment", default=None, help="a scored self-assessment workbook")
    statement.add_argument("--framework", default=None)
    statement.add_argument("--out", required=True)
    statement.add_argument("--as-of", type=_date, default=None)
    statement.set_defaults(run=_statement)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (TrackerError, StoreError, CliError) as exc:
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
