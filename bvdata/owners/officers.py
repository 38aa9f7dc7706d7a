"""Lead officers: each spelling of a name written in trackers, mapped to a person's email.

One person may have several spellings ("Clair Hepburn", "C Hepburn"), and a joint lead
("C Hepburn / C Myers") names two people. The table is imported from an "Officers" sheet or a CSV
with the columns ``name`` and ``email`` (one row per spelling), or edited on the Data page; every
change is an event in the audit trail.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from functools import lru_cache

import pandas as pd
from sqlalchemy import delete, insert, select

from ..base.access import address_key
from ..base.cleantext import clean
from ..base.errors import StoreError, TrackerError
from ..base.vocab import VOCAB_DIR, normalise, read_table
from ..store.schema import officers


def checked_address(text: str) -> str | None:
    """One email address, as stored and compared (ASCII, lower case), or None if the cell does not
    hold exactly one valid address: 'a@b.org,evil' and '/tmp/x@x.org' style paths are refused by
    email-validator's syntax rules or by needing more than plain ASCII."""
    from email_validator import EmailNotValidError, validate_email
    try:
        found = validate_email(text.strip(), check_deliverability=False, allow_smtputf8=False,
                               allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError:
        return None
    address = address_key(found.ascii_email or "")
    # a slash or a backslash is legal before the @, but has no business in a council's address
    if address is None or any(c in address for c in "/\\"):
        return None
    return address


@lru_cache(maxsize=1)
def _splitter() -> re.Pattern:
    pieces = [r["separator"] for r in read_table(VOCAB_DIR / "joint_leads.csv")]
    return re.compile("|".join(re.escape(p) for p in sorted(pieces, key=len, reverse=True)), re.IGNORECASE)


def name_key(name: object) -> str:
    """A spelling as compared: letter case, spacing and punctuation ignored."""
    return normalise(name).replace(" and ", " ")


def lead_names(cell: object) -> list[str]:
    """The people a lead-officer cell names, as written: 'C Hepburn / C Myers' -> ['C Hepburn', 'C Myers']."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [part.strip() for part in _splitter().split(str(cell)) if part.strip()]


def _table(rows: list[dict], where: str) -> pd.DataFrame:
    """name/email rows checked: both present, a plausible address, no spelling given two addresses."""
    kept, seen = [], {}
    for number, row in enumerate(rows, start=2):
        name = clean(str(row.get("name") or "")).strip()
        written = clean(str(row.get("email") or "")).strip()
        if not name and not written:
            continue
        email = checked_address(written) if written else None
        if not name or email is None:
            raise StoreError(f"Row {number} of {where} needs a name and one valid email address "
                             f"(it has '{name[:80]}' and '{written[:80]}'); nothing was imported.")
        key = name_key(name)
        if key in seen and seen[key] != email:
            raise StoreError(f"'{name}' is given two email addresses in {where} ({seen[key]} and {email}); "
                             "nothing was imported.")
        if key not in seen:
            seen[key] = email
            kept.append({"name": name, "email": email})
    if not kept:
        raise StoreError(f"{where} lists no officers: it needs the columns 'name' and 'email'.")
    return pd.DataFrame(kept, columns=["name", "email"])


def read_officers_file(data: bytes, filename: str) -> pd.DataFrame:
    """name/email rows from a CSV, or from the "Officers" sheet (else the first sheet) of a workbook."""
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise StoreError(f"{filename} is not UTF-8 text, so its officers could not be read.") from None
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        from ..read.door.guard import read_grids
        try:
            grids = read_grids(data, filename)
        except TrackerError as exc:
            raise StoreError(str(exc)) from None
        grid = next((g for g in grids if normalise(g.sheet) == "officers"), grids[0] if grids else None)
        if grid is None or not grid.rows:
            raise StoreError(f"{filename} has no sheet of officers.")
        header = [normalise(h) for h in grid.rows[0]]
        rows = [dict(zip(header, r)) for r in grid.rows[1:]]
    rows = [{normalise(k): v for k, v in r.items() if k} for r in rows]
    return _table(rows, filename)


def officer_table(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(officers.c.name, officers.c.email).order_by(officers.c.email,
                                                                                     officers.c.name)).all()
    return pd.DataFrame(rows, columns=["name", "email"])


def ensure_officer(engine, name: str, email: str, how: str) -> str:
    """The address the officer table gives ``name``, adding the officer with ``email`` if it names them
    not (the demo's ``--as-officer``: illustrative data only)."""
    table = officer_table(engine)
    same = table[table["name"].str.casefold() == name.casefold()] if len(table) else table
    if len(same):
        return str(same["email"].iloc[0])
    save_officers(engine, pd.concat([table, pd.DataFrame([{"name": name, "email": email}])], ignore_index=True),
                  "demo", how)
    return email


def save_officers(engine, table: pd.DataFrame, who: str, how: str) -> int:
    """Replace the officer table with ``table`` (checked first), with an event saying who and how."""
    from ..store.audit import OFFICERS, record
    from ..store.engine import writer
    checked = _table(table.to_dict("records"), how)
    before = len(officer_table(engine))
    now = dt.datetime.now(dt.UTC)
    with writer(engine) as connection:
        connection.execute(delete(officers))
        connection.execute(insert(officers), [
            {"name": r.name[:200], "name_key": name_key(r.name)[:200], "email": r.email[:200], "saved_by": who[:200],
             "saved_at": now} for r in checked.itertuples()])
        record(connection, who, OFFICERS, None,
               f"{how}: {len(checked)} spellings for {checked['email'].nunique()} people (was {before} spellings)")
    return len(checked)


def emails_by_key(table: pd.DataFrame) -> dict[str, str]:
    return {name_key(r.name): address_key(r.email) for r in table.itertuples() if address_key(r.email)}


def owners(lead_officer: object, by_key: dict[str, str]) -> set[str]:
    """The email addresses of the people a lead-officer cell names (those the table knows)."""
    return {by_key[k] for k in (name_key(n) for n in lead_names(lead_officer)) if k in by_key}


def unmapped_names(actions: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Each name in the actions' lead-officer cells that maps to nobody, with how many actions name it."""
    by_key = emails_by_key(table)
    counts: dict[str, int] = {}
    for cell in actions["lead_officer"]:
        for name in lead_names(cell):
            if name_key(name) not in by_key:
                counts[name] = counts.get(name, 0) + 1
    return pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["name", "actions"])


def actions_of(actions: pd.DataFrame, email: str, table: pd.DataFrame) -> pd.Series:
    """Which actions name this person as a lead (a boolean mask on ``actions``)."""
    by_key = emails_by_key(table)
    wanted = address_key(email)
    if wanted is None:
        return pd.Series(False, index=actions.index)
    return actions["lead_officer"].map(lambda cell: wanted in owners(cell, by_key)).astype(bool)
