"""The commands for lead officers: ``officers import FILE``, ``officers list`` and ``remind``."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .common import CliError, read_file, store_of, who_of
from .common import settings as secrets_settings


def add_officer_commands(sub, with_database, date_type) -> None:
    officers = with_database(sub.add_parser("officers", help="the lead officers' email addresses: import or list"))
    officers.add_argument("what", choices=["import", "list"])
    officers.add_argument("file", nargs="?", help="for import: a CSV or workbook with the columns name and email")
    officers.add_argument("--by", default=None)
    officers.add_argument("--json", action="store_true")
    officers.set_defaults(run="officers")

    remind = with_database(sub.add_parser("remind", help="one email per lead officer with open actions"))
    remind.add_argument("--as-of", type=date_type, default=None, help="status date (default: today)")
    remind.add_argument("--due-within", type=int, default=30, help="days counted as due soon (default 30)")
    remind.add_argument("--app-url", default=None, help="the dashboard's address, for the link to My actions")
    remind.add_argument("--by", default=None)
    how = remind.add_mutually_exclusive_group(required=True)
    how.add_argument("--send", action="store_true", help="send through the SMTP server in BVDATA_SMTP_* or [smtp]")
    how.add_argument("--out", default=None, help="write one .eml file per officer into this folder instead")
    remind.set_defaults(run="remind")


def _officers(args) -> int:
    from ..owners.officers import officer_table, read_officers_file, save_officers, unmapped_names
    from ..owners.remind import open_across_plans
    engine = store_of(args)
    if args.what == "import":
        if not args.file:
            raise CliError("Name the file to import: officers import FILE.")
        table = read_officers_file(read_file(args.file), Path(args.file).name)
        count = save_officers(engine, table, who_of(args), f"imported from {Path(args.file).name}")
        print(f"Imported {count} spellings for {table['email'].nunique()} people from {args.file}.")
        return 0
    table = officer_table(engine)
    actions, _ = open_across_plans(engine)
    missing = unmapped_names(actions, table) if not actions.empty else None
    if args.json:
        print(json.dumps({"officers": table.to_dict("records"),
                          "unmapped": [] if missing is None else missing.to_dict("records")}, indent=1))
        return 0
    for row in table.itertuples():
        print(f"{row.name}\t{row.email}")
    if missing is not None and len(missing):
        print("Names in the latest updates that map to nobody: "
              + "; ".join(f"{r.name} ({r.actions})" for r in missing.itertuples()))
    return 0


def _remind(args) -> int:
    from ..owners.officers import officer_table
    from ..owners.remind import message, open_across_plans, reminders, send_and_record, smtp_settings, write_eml
    engine = store_of(args)
    settings = secrets_settings()
    actions, snapshot_ids = open_across_plans(engine)
    if actions.empty:
        raise CliError("The store holds no snapshot yet; publish a tracker first.")
    table = officer_table(engine)
    if table.empty:
        raise CliError("No lead officers have email addresses yet; import them with: officers import FILE.")
    as_of = args.as_of or dt.date.today()
    due = reminders(actions, table, as_of, args.due_within)
    smtp = smtp_settings(settings.smtp) if args.send else None
    sender = smtp.sender if smtp else (settings.smtp.get("sender") or "best-value-tracker@localhost")
    mails = [message(r, sender, args.app_url or settings.app_url, as_of) for r in due]
    if args.out:
        for path in write_eml(mails, Path(args.out)):
            print(f"Wrote {path}")
        return 0
    sent = send_and_record(engine, who_of(args), snapshot_ids[0] if len(snapshot_ids) == 1 else None, due, mails, smtp, as_of)
    print(f"Sent {sent} reminders through {smtp.host}:{smtp.port}.")
    return 0


OFFICER_COMMANDS = {"officers": _officers, "remind": _remind}
