"""The command line's arguments, with no import heavier than argparse: ``python -m bvdata check``
parses its arguments and starts the reader child on the file before pandas is imported (see
bvdata.__main__), so the two overlap. Each subcommand names its function in bvdata.cli.COMMANDS."""
from __future__ import annotations

import argparse
import datetime as dt


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one sentence and exit 2, like every other failure."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message[:1].upper()}{message[1:].rstrip('.')}. See --help.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bvdata", description="Best Value tracker tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="read a tracker and report what it holds")
    check.add_argument("file")
    check.add_argument("--as-of", type=_date, default=None, help="status date (default: the file's 'as at' date, else today)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--mapping", default=None, help="a column mapping saved as JSON (from the Data page)")
    check.set_defaults(run="check")

    def with_database(p):
        p.add_argument("--database", default=None, help="store URL (default: $BVDATA_DATABASE_URL, else the SQLite file)")
        return p

    add_store_commands(sub, with_database)
    from .officers import add_officer_commands
    add_officer_commands(sub, with_database, _date)

    comp = with_database(sub.add_parser("compare", help="what moved between two snapshots or tracker files"))
    comp.add_argument("old", help="snapshot id or tracker file")
    comp.add_argument("new", help="snapshot id or tracker file")
    comp.add_argument("--json", action="store_true")
    comp.set_defaults(run="compare")

    report = with_database(sub.add_parser("report", help="write the committee report (.docx, or .pdf with LibreOffice)"))
    report.add_argument("source", nargs="?", default=None,
                        help="tracker file or snapshot id (default, with --plan: the plan's latest snapshot)")
    report.add_argument("--out", required=True)
    report.add_argument("--as-of", type=_date, default=None)
    report.add_argument("--no-history", action="store_true", help="do not compare with an earlier snapshot")
    report.add_argument("--plan", default=None, help="the plan (by name) the report is of")
    report.add_argument("--portfolio", action="store_true", help="one paper of every plan in the store")
    report.set_defaults(run="report")

    export = with_database(sub.add_parser("export", help="write a table view as .xlsx or .csv"))
    export.add_argument("source", nargs="?", default=None,
                        help="tracker file or snapshot id (default, with --plan: the plan's latest snapshot)")
    export.add_argument("--plan", default=None, help="the plan (by name) to export")
    export.add_argument("--out", required=True)
    export.add_argument("--view", choices=["actions", "overdue", "recommendations", "digest"], default="actions",
                        help="digest: one sheet per lead officer with their open actions, overdue first")
    export.add_argument("--as-of", type=_date, default=None)
    export.set_defaults(run="export")

    template = sub.add_parser("template", help="write a blank workbook to fill in")
    template.add_argument("kind", choices=["tracker", "self-assessment"])
    template.add_argument("--out", required=True)
    template.add_argument("--period", default=None, help="self-assessment period, e.g. 2022/23")
    template.add_argument("--framework", default=None, help="another framework CSV in the same shape")
    template.set_defaults(run="template")

    statement = with_database(sub.add_parser("statement", help="write a draft Annual Statement of Compliance (.docx)"))
    statement.add_argument("source", help="tracker file or snapshot id")
    statement.add_argument("--assessment", default=None, help="a scored self-assessment workbook")
    statement.add_argument("--framework", default=None)
    statement.add_argument("--out", required=True)
    statement.add_argument("--as-of", type=_date, default=None)
    statement.set_defaults(run="statement")
    return parser


def add_store_commands(sub, with_database) -> None:
    publish = with_database(sub.add_parser("publish", help="store a tracker as a new snapshot"))
    publish.add_argument("file")
    publish.add_argument("--label", default=None, help='e.g. "Audit & Scrutiny Committee, 14 Feb 2022"')
    publish.add_argument("--as-of", type=_date, default=None, help="the date the update is for (default: the file's own)")
    publish.add_argument("--by", default=None, help="who is publishing (default: the login name)")
    publish.add_argument("--confirm-drop", action="store_true", help="publish even if many actions disappear")
    publish.add_argument("--mapping", default=None, help="a column mapping saved as JSON (default: the store's saved ones)")
    publish.add_argument("--plan", default=None,
                         help="the plan it goes into, by name; a new name makes a new plan (default: the plan that "
                              "shares at least half its items, or a new one in an empty store)")
    publish.add_argument("--kind", default="best_value",
                         choices=["best_value", "external_audit", "internal_audit", "inspection", "other"],
                         help="a new plan's kind (default best_value)")
    publish.add_argument("--body", default=None, help="the body a new plan belongs to (a council, an IJB, a partner)")
    publish.set_defaults(run="publish")

    snaps = with_database(sub.add_parser("snapshots", help="list the published snapshots, withdrawn ones marked"))
    snaps.add_argument("--plan", default=None, help="only this plan's snapshots")
    snaps.add_argument("--json", action="store_true")
    snaps.set_defaults(run="snapshots")

    plans = with_database(sub.add_parser("plans", help="list the plans, or withdraw or restore one"))
    plans.add_argument("what", nargs="?", choices=["list", "withdraw", "restore"], default="list")
    plans.add_argument("name", nargs="?", default=None, help="for withdraw and restore: the plan's name")
    plans.add_argument("--reason", default=None, help="for withdraw: why (kept in the audit trail)")
    plans.add_argument("--as-of", type=_date, default=None,
                       help="one status date for every plan (default: each plan as at its own latest update)")
    plans.add_argument("--by", default=None)
    plans.add_argument("--json", action="store_true")
    plans.set_defaults(run="plans")

    withdraw = with_database(sub.add_parser("withdraw", help="take a wrong snapshot out of the history (kept, restorable)"))
    withdraw.add_argument("id", type=int)
    withdraw.add_argument("--reason", required=True, help="why: kept in the audit trail")
    withdraw.add_argument("--by", default=None)
    withdraw.set_defaults(run="withdraw")

    restore = with_database(sub.add_parser("restore", help="restore ID: put a withdrawn snapshot back; "
                                                           "restore FILE: load a backup into an empty store"))
    restore.add_argument("target", help="a snapshot id, or a backup file")
    restore.add_argument("--by", default=None)
    restore.add_argument("--unsigned", action="store_true",
                         help="load a backup that is not signed (a signed one is always checked, with its key)")
    restore.set_defaults(run="restore")

    audit = with_database(sub.add_parser("audit", help="print the audit trail, newest first"))
    audit.add_argument("--json", action="store_true")
    audit.set_defaults(run="audit")

    backup = with_database(sub.add_parser("backup", help="write the whole store to one portable file"))
    backup.add_argument("--out", required=True)
    backup.add_argument("--unsigned", action="store_true",
                        help="write it without a signature when no backup key is set (restore then needs --unsigned)")
    backup.set_defaults(run="backup")

    doctor = with_database(sub.add_parser("doctor", help="one line on each thing a user needs; non-zero if broken"))
    doctor.add_argument("--verify", action="store_true",
                        help="also recompute every snapshot's seal from its rows (slower on a large store)")
    doctor.add_argument("--backup", default=None, metavar="FILE",
                        help="with --verify: check that the trail still holds the head of this signed backup")
    doctor.set_defaults(run="doctor")
