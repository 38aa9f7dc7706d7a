"""Command line: ``python -m bvdata check FILE [--as-of YYYY-MM-DD] [--json]``.

Exit 0 when an action table was read (warnings allowed); exit 1 with one sentence on stderr, and
no traceback, when the file gives no action table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .errors import TrackerError
from .status import by_recommendation, headline, overdue_list, summary_sentence, with_status, action_label
from .tracker import load_tracker


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def check_report(tracker, as_of: dt.date | None) -> dict:
    """The check command's JSON object."""
    as_of = as_of or tracker.as_at or dt.date.today()
    df = with_status(tracker.actions, as_of)
    recs = by_recommendation(df, tracker.recommendations)
    themes = tracker.themes.frame
    return {
        "file": tracker.source_name,
        "as_of": as_of.isoformat(),
        "actions": int(len(df)),
        "complete": headline(df)["complete"],
        "overdue": [action_label(r) for _, r in overdue_list(df).iterrows()],
        "recommendations": [
            {"recommendation": r.recommendation, "actions": int(r.actions),
             "mean_completion": None if r.mean_completion != r.mean_completion else round(float(r.mean_completion), 2)}
            for r in recs.itertuples()
        ],
        "themes": [
            {"theme": t.theme, "period": t.period,
             "score": None if t.score != t.score else float(t.score),
             "target": None if t.target != t.target else float(t.target)}
            for t in themes.itertuples()
        ],
        "warnings": [i.as_dict() for i in tracker.issues if i.level == "warning"],
        "errors": [i.as_dict() for i in tracker.issues if i.level == "error"],
    }


def _check(args) -> int:
    try:
        tracker = load_tracker(args.file)
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
    print(f"{tracker.source_name}: {report['actions']} actions as of {report['as_of']}")
    print(summary_sentence(df))
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bvdata", description="Best Value tracker tools")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="read a tracker and report what it holds")
    check.add_argument("file")
    check.add_argument("--as-of", type=_date, default=None, help="status date (default: the file's 'as at' date, else today)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except TrackerError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
