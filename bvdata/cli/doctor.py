"""`python -m bvdata doctor`: one line on each thing a user needs, and whether it is working."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from ..base.errors import SettingsError, StoreError
from ..base.settings import SECRETS_FILES as DEFAULT_SECRETS
from ..base.settings import demo_mode, read_settings
from ..base.words import plural


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    needed: bool = True          # when False, a failure is a note, not a fault

    def line(self) -> str:
        mark = "ok  " if self.ok else ("FAIL" if self.needed else "note")
        return f"{mark} {self.name}: {self.detail}"


def checks(secrets_files=DEFAULT_SECRETS, database: str | None = None, verify: bool = False,
           backup: bytes | None = None, key: bytes | None = None) -> list[Check]:
    out = []
    try:
        settings = read_settings(list(secrets_files))
        out.append(Check("sign-in", True, f"configured ({len(settings.analysts)} analysts, identity claim "
                         f"'{settings.identity_claim}')" if settings.auth else "not configured: one local analyst, "
                         "no sign-in (add [auth] to .streamlit/secrets.toml for a shared service)", needed=True))
    except SettingsError as exc:
        settings = None
        out.append(Check("sign-in", False, str(exc)))
    url = database or (settings.database_url if settings else None) or os.environ.get("BVDATA_DATABASE_URL")
    out.append(Check("mode", True, "demo: the shipped sample data is loaded into an empty store" if demo_mode(url)
                     else "production: the store is never seeded with sample data"))
    out.extend(_store_checks(url, verify, backup, key))
    browser = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
    out.append(Check("report charts", os.path.exists(browser),
                     f"Chromium at {browser}" if os.path.exists(browser) else
                     f"no Chromium at {browser}: the committee report cannot draw its charts (apt-get install chromium)"))
    office = shutil.which("soffice")
    out.append(Check("PDF of the report", office is not None, f"LibreOffice at {office}" if office else
                     "LibreOffice is not installed: the report is offered as .docx only "
                     "(apt-get install libreoffice-writer-nogui)", needed=False))
    return out


def _store_checks(url: str | None, verify: bool = False, backup: bytes | None = None,
                  key: bytes | None = None) -> list[Check]:
    from sqlalchemy import text

    from ..store.audit import verify_chain
    from ..store.engine import database_url, open_store, scrubbed, shown_url
    from ..store.snapshots import list_snapshots
    where = database_url(url)
    shown = shown_url(where)
    try:
        engine = open_store(url)
    except StoreError as exc:
        return [Check("store", False, scrubbed(f"{shown}: {exc}", where))]
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        listed = list_snapshots(engine, include_withdrawn=True)
        withdrawn = int(listed["withdrawn_by"].notna().sum()) if len(listed) else 0
        broken = verify_chain(engine)
        found = [Check("store", True, f"{engine.dialect.name} at {shown}, reachable"),
                 Check("migrations", True, f"at revision {version} (the latest)"),
                 Check("snapshots", True, f"{len(listed)} published, {withdrawn} withdrawn"),
                 Check("audit trail", broken is None, broken or "every event matches its hash, in an unbroken chain")]
        return found + (_verified(engine, backup, key) if verify else [])
    finally:
        engine.dispose()


def _verified(engine, backup: bytes | None, key: bytes | None) -> list[Check]:
    """--verify: every snapshot against its seal; with a signed backup, the trail against the head it names."""
    from ..store.backup import head_in_store
    from ..store.seal import verify_snapshots
    broken, sealed, unsealed = verify_snapshots(engine)
    older = f"; {unsealed} published before seals were checked by their file's SHA-256 only" if unsealed else ""
    out = [Check("snapshot seals", broken is None, broken or f"{plural(sealed, 'snapshot')} match the seal in their publish "
                 f"event, row by row{older}")]
    if backup is not None:
        try:
            said = head_in_store(engine, backup, key)
            out.append(Check("trail against the backup", said is None, said or "the trail still holds every event "
                             "up to the backup's head"))
        except StoreError as exc:
            out.append(Check("trail against the backup", False, str(exc)))
    else:
        out.append(Check("trail against a backup", True, "not checked: give --backup FILE (a signed backup) to show "
                         "that no event after it was removed", needed=False))
    return out


def run(secrets_files=DEFAULT_SECRETS, database: str | None = None, verify: bool = False,
        backup: bytes | None = None, key: bytes | None = None) -> tuple[list[str], bool]:
    found = checks(secrets_files, database, verify, backup, key)
    return [c.line() for c in found], all(c.ok or not c.needed for c in found)
