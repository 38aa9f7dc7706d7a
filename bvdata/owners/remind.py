"""Reminders: one email for each lead officer with open actions in any plan, listing their overdue,
due-soon and other open actions by number and wording (grouped by plan when there are several), with a
link to each on My actions.

``--out`` writes the emails as .eml files to check; ``--send`` sends them through the SMTP server named
by the environment (BVDATA_SMTP_*) or the secrets file's [smtp] section. Text from trackers is escaped
in the HTML part, and no tracker text ever reaches a header.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..base.cleantext import clean
from ..base.errors import StoreError
from ..model.status import with_status
from .officers import actions_of

MY_ACTIONS_PATH = "my_actions"
_FINISHED = ("complete", "closed")
_ENV = {"host": "BVDATA_SMTP_HOST", "port": "BVDATA_SMTP_PORT", "user": "BVDATA_SMTP_USER",
        "password": "BVDATA_SMTP_PASSWORD", "sender": "BVDATA_SMTP_FROM", "starttls": "BVDATA_SMTP_STARTTLS"}


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False


def smtp_settings(section: dict | None = None, environ=os.environ) -> Smtp:
    """The SMTP server: the environment wins over the secrets file's [smtp] section."""
    merged = {k: v for k, v in (section or {}).items()}
    merged.update({k: environ[name] for k, name in _ENV.items() if environ.get(name)})
    if not merged.get("host") or not merged.get("sender"):
        raise StoreError("No SMTP server is set: give BVDATA_SMTP_HOST and BVDATA_SMTP_FROM (or host and sender "
                         "under [smtp] in the secrets file), or write the emails to files with --out.")
    try:
        port = int(merged.get("port") or 25)
    except ValueError:
        raise StoreError(f"The SMTP port '{merged.get('port')}' is not a number.") from None
    tls = str(merged.get("starttls", "")).strip().lower() in ("1", "true", "yes")
    return Smtp(str(merged["host"]), port, str(merged["sender"]), merged.get("user") or None,
                merged.get("password") or None, tls)


@dataclass(frozen=True)
class Reminder:
    email: str
    overdue: pd.DataFrame
    due_soon: pd.DataFrame
    other: pd.DataFrame

    @property
    def counts(self) -> str:
        return f"{len(self.overdue)} overdue, {len(self.due_soon)} due soon, {len(self.other)} other open"


def open_across_plans(engine) -> tuple[pd.DataFrame, list[int]]:
    """Every live plan's latest items, each with its plan's name and id (``plan``, ``plan_id``), and the
    snapshots they come from. The sample plan counts only while it is the only plan."""
    from ..store.portfolio import committee_plans
    states = committee_plans(engine)
    frames = [s.latest.assign(plan=s.plan.name, plan_id=s.plan.id) for s in states]
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(),
            [int(s.latest_row["id"]) for s in states])


def reminders(actions: pd.DataFrame, officers: pd.DataFrame, as_of: dt.date, due_within: int = 30) -> list[Reminder]:
    """One reminder per person with open actions (neither complete nor closed), in email order."""
    df = with_status(actions, as_of)
    df = df[~df["progress"].isin(_FINISHED)]
    limit = pd.Timestamp(as_of) + pd.Timedelta(days=due_within)
    out = []
    for email in sorted(officers["email"].unique()):
        mine = df[actions_of(df, email, officers)]
        if mine.empty:
            continue
        overdue = mine[mine["status"] == "overdue"].sort_values("due_date")
        rest = mine.drop(overdue.index)
        soon = rest[rest["due_date"].notna() & (rest["due_date"] <= limit)].sort_values("due_date")
        out.append(Reminder(email, overdue, soon, rest.drop(soon.index)))
    return out


def _line(row) -> str:
    due = f", due {row.due_date:%d %b %Y}" if not pd.isna(row.due_date) else ""
    return f"{row.action_id or '–'}: {row.action}{due}"


def _update_link(link: str | None, action_id, plan_id=None) -> str:
    """' (update)' linking to My actions opened on this action (of this plan), when the dashboard's
    address is known."""
    if not link or action_id is None or (not isinstance(action_id, str) and pd.isna(action_id)):
        return ""
    plan = "" if plan_id is None or pd.isna(plan_id) else f"plan={int(plan_id)}&"
    target = f"{link}?{plan}action={quote(str(action_id), safe='')}"
    return f' (<a href="{html.escape(target, quote=True)}">update</a>)'


def message(reminder: Reminder, sender: str, app_url: str | None, as_of: dt.date, noun: str = "actions") -> EmailMessage:
    link = f"{app_url.rstrip('/')}/{MY_ACTIONS_PATH}" if app_url else None
    sections = [("Overdue", reminder.overdue), ("Due soon", reminder.due_soon), ("Other open " + noun, reminder.other)]
    text = [f"Your Best Value improvement {noun} as at {as_of:%d %B %Y}: {reminder.counts}.", ""]
    body = [f"<p>Your Best Value improvement {html.escape(noun)} as at {as_of:%d %B %Y}: "
            f"{html.escape(reminder.counts)}.</p>"]
    plans = _plans_in(reminder)
    for plan in plans:
        if len(plans) > 1:
            text += [f"== {plan} ==", ""]
            body.append(f"<h2>{html.escape(str(plan))}</h2>")
        for title, rows in sections:
            rows = rows if plan is None else rows[rows["plan"] == plan]
            if rows.empty:
                continue
            text += [f"{title}:"] + [f"  - {_line(r)}" for r in rows.itertuples()] + [""]
            body.append(f"<h3>{html.escape(title)}</h3><ul>"
                        + "".join(f"<li>{html.escape(_line(r))}{_update_link(link, r.action_id, getattr(r, 'plan_id', None))}"
                                  "</li>" for r in rows.itertuples()) + "</ul>")
    if link:
        text.append(f"Give your update on My actions: {link}")
        body.append(f'<p><a href="{html.escape(link, quote=True)}">Give your update on My actions</a></p>')
    else:
        text.append("Give your update on the My actions page of the Best Value tracker.")
        body.append("<p>Give your update on the My actions page of the Best Value tracker.</p>")
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = reminder.email
    mail["Subject"] = f"Best Value {noun}: {reminder.counts}"
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else None)
    mail.set_content(clean("\n".join(text)))
    mail.add_alternative(clean("<html><body>" + "".join(body) + "</body></html>"), subtype="html")
    return mail


def _plans_in(reminder: Reminder) -> list:
    """The plans a reminder covers, in the order their items come (just [None] when items carry no plan)."""
    frames = [reminder.overdue, reminder.due_soon, reminder.other]
    if "plan" not in reminder.overdue.columns:
        return [None]
    return list(dict.fromkeys(p for f in frames for p in f["plan"]))


def eml_name(number: int, address: str) -> str:
    """A file name for one email that is safe anywhere: its number, then the address as a slug of
    letters, digits and hyphens ('003-kate-at-council-gov-uk.eml'); never a path."""
    slug = re.sub(r"[^a-z0-9]+", "-", address.lower().replace("@", " at ")).strip("-")[:60] or "officer"
    return f"{number:03d}-{slug}.eml"


def write_eml(messages: list[EmailMessage], folder: Path) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        inside = folder.resolve()
        paths = []
        for number, mail in enumerate(messages, start=1):
            path = (inside / eml_name(number, str(mail["To"]))).resolve()
            if path.parent != inside:          # never, by eml_name; checked all the same
                raise StoreError(f"The email for {mail['To']} would be written outside {folder}; nothing more was written.")
            path.write_bytes(bytes(mail))
            paths.append(path)
    except OSError as exc:
        raise StoreError(f"The emails could not be written to {folder} ({exc.strerror or exc}).") from None
    return paths


def send(messages: list[EmailMessage], smtp: Smtp) -> int:
    """Send every message over one connection; StoreError in a sentence when the server refuses."""
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            for mail in messages:
                server.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise StoreError(f"The reminders could not be sent through {smtp.host}:{smtp.port} ({exc}).") from None
    return len(messages)


def send_and_record(engine, who: str, snapshot_id: int | None, due: list[Reminder], messages: list[EmailMessage],
                    smtp: Smtp, as_of: dt.date) -> int:
    """Send the reminders, then note in the audit trail who sent how many, to whom."""
    from ..store.audit import REMINDED, record
    from ..store.engine import writer
    sent = send(messages, smtp)
    with writer(engine) as connection:
        record(connection, who, REMINDED, snapshot_id, f"{sent} reminders as at {as_of:%d %b %Y}: "
               + ", ".join(r.email for r in due))
    return sent


def eml_zip(messages: list[EmailMessage]) -> bytes:
    """The emails as .eml files in one zip, to check before sending."""
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, mail in enumerate(messages, start=1):
            archive.writestr(eml_name(number, str(mail["To"])), bytes(mail))
    return out.getvalue()
