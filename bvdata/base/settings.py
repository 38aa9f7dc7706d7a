"""The app's settings from its secrets files, read so that a broken file can never open the door.

A secrets file that exists but cannot be read, or whose sign-in settings are malformed, raises
``SettingsError`` naming the file and the problem; the app then refuses to run. Only when no
secrets file exists at all is the embedded local default used (one local analyst, no sign-in).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SettingsError

# Claims that name a person, per provider: Google sends a verified "email"; Microsoft Entra ID
# sends "preferred_username" (the sign-in name) and often no "email" or "email_verified" at all.
IDENTITY_CLAIMS = ("email", "preferred_username", "upn", "unique_name")
AUTH_KEYS = ("redirect_uri", "cookie_secret")


@dataclass(frozen=True)
class Settings:
    source: str | None = None                 # the secrets file(s) read, or None for the local default
    auth: bool = False                        # [auth] configured: sign-in with st.login
    analysts: tuple[str, ...] = ()            # [bvtracker] analysts
    identity_claim: str = "email"             # [bvtracker] identity_claim
    database_url: str | None = None           # BVDATA_DATABASE_URL
    app_url: str | None = None                # [bvtracker] app_url: the address reminders link to
    backup_key: str | None = None             # [bvtracker] backup_key: signs backups (BVDATA_BACKUP_KEY wins)
    plan_analysts: dict = field(default_factory=dict)   # [bvtracker.plan_analysts]: address -> plan names
    smtp: dict = field(default_factory=dict)  # [smtp] host, port, user, password, sender, starttls
    extra: dict = field(default_factory=dict)

    @property
    def local(self) -> bool:
        return not self.auth


LOCAL_DEFAULT = Settings()
# where the command line and doctor look for the secrets, as Streamlit does (later files win)
SECRETS_FILES = (str(Path.home() / ".streamlit" / "secrets.toml"), str(Path(".streamlit") / "secrets.toml"))


def read_settings(paths: list[str] | tuple[str, ...]) -> Settings:
    """Settings from the secrets files that exist among ``paths`` (later files override earlier).

    No file at all: the local default. A file that exists but cannot be parsed, or whose settings
    are malformed: ``SettingsError`` with one sentence naming the file.
    """
    merged: dict = {}
    found: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            raise SettingsError(f"The secrets location {p} is a folder; this app reads secrets from a .toml file.")
        if not p.exists():
            continue
        try:
            text = p.read_text(encoding="utf-8")
            merged.update(tomllib.loads(text))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"The secrets file {p} could not be read ({exc}); the app will not start "
                                "until it is fixed, so that sign-in is never switched off by mistake.") from None
        found.append(str(p))
    if not found:
        return LOCAL_DEFAULT
    return _validate(merged, ", ".join(found))


def _validate(secrets: dict, source: str) -> Settings:
    def bad(what: str) -> SettingsError:
        return SettingsError(f"The secrets file {source} is not usable: {what}; the app will not start until it is fixed.")

    auth = secrets.get("auth")
    if auth is not None:
        if not isinstance(auth, dict):
            raise bad("[auth] must be a section")
        missing = [k for k in AUTH_KEYS if not isinstance(auth.get(k), str) or not auth.get(k)]
        if missing:
            raise bad(f"[auth] has no {', '.join(missing)}")
    app = secrets.get("bvtracker", {})
    if not isinstance(app, dict):
        raise bad("[bvtracker] must be a section")
    analysts = app.get("analysts", [])
    if not isinstance(analysts, list) or not all(isinstance(a, str) for a in analysts):
        raise bad("[bvtracker] analysts must be a list of email addresses in quotes")
    claim = app.get("identity_claim", "email")
    if claim not in IDENTITY_CLAIMS:
        raise bad(f"[bvtracker] identity_claim must be one of {', '.join(IDENTITY_CLAIMS)}")
    url = secrets.get("BVDATA_DATABASE_URL")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise bad("BVDATA_DATABASE_URL must be a non-empty text value")
    smtp = secrets.get("smtp", {})
    if not isinstance(smtp, dict):
        raise bad("[smtp] must be a section")
    app_url = app.get("app_url")
    if app_url is not None and (not isinstance(app_url, str) or not app_url.startswith(("http://", "https://"))):
        raise bad("[bvtracker] app_url must be a web address starting http:// or https://")
    backup_key = app.get("backup_key")
    if backup_key is not None and (not isinstance(backup_key, str) or len(backup_key) < 16):
        raise bad("[bvtracker] backup_key must be text of at least 16 characters")
    limits = app.get("plan_analysts", {})
    if not isinstance(limits, dict) or not all(isinstance(k, str) and isinstance(v, list) and all(isinstance(n, str) for n in v)
                                               for k, v in limits.items()):
        raise bad("[bvtracker.plan_analysts] must map analysts' addresses to lists of plan names in quotes")
    return Settings(source=source, auth=auth is not None, analysts=tuple(analysts), identity_claim=claim,
                    database_url=url, app_url=app_url, smtp=smtp, backup_key=backup_key, plan_analysts=limits)


AS_OFFICER_ENV = "BVDATA_AS_OFFICER"      # set by ``scripts/dashboard.sh --as-officer NAME``: demo only


def demo_officer(settings: Settings, database_url: str | None) -> str | None:
    """The lead officer a demo is tried as (``--as-officer NAME``), or None. Only a local demo allows it: with
    sign-in or a real store it refuses to start (``SettingsError``), so it can never stand in for a sign-in."""
    name = (os.environ.get(AS_OFFICER_ENV) or "").strip()
    if not name:
        return None
    if not settings.local or not demo_mode(database_url):
        raise SettingsError(f"{AS_OFFICER_ENV} (--as-officer) works only in the local demo, with no sign-in and no "
                            "database named; unset it to start.")
    return name


def demo_mode(database_url: str | None) -> bool:
    """Demo (the shipped sample data) unless BVDATA_DEMO=0 or a database is named: a store named by
    BVDATA_DATABASE_URL is always production, whatever BVDATA_DEMO says."""
    return not database_url and os.environ.get("BVDATA_DEMO", "1") != "0"
