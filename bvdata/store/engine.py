"""The store's engine: which database (the embedded SQLite file, or PostgreSQL named by
BVDATA_DATABASE_URL), opening it with its schema brought up to date by Alembic, and the one write path
(``writer``: BEGIN IMMEDIATE on SQLite, so writers queue instead of failing). Addresses are shown and
errors reported without the passwords they carry.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..base.errors import StoreError

DEFAULT_HOME = Path(os.environ.get("BVDATA_HOME", Path.home() / ".local" / "share" / "bvtracker"))


MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(explicit: str | None = None) -> str:
    """The store's URL: an explicit one, else $BVDATA_DATABASE_URL, else the embedded SQLite file."""
    url = explicit or os.environ.get("BVDATA_DATABASE_URL")
    if not url:
        home = Path(os.environ.get("BVDATA_HOME", DEFAULT_HOME))
        home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{home / 'bvtracker.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secrets_in(url: str) -> list[str]:
    """The passwords a store URL carries: in its user part, and in any query parameter whose name
    contains "password" (``?password=…``), so that no output ever shows them."""
    from sqlalchemy.engine import make_url
    try:
        parsed = make_url(url)
    except Exception:       # an address SQLAlchemy cannot parse is shown by nobody
        return []
    found = [parsed.password] if parsed.password else []
    for name, value in parsed.query.items():
        if "password" in name.lower():
            found.extend([value] if isinstance(value, str) else list(value))
    return [str(f) for f in found if f]


def shown_url(url: str) -> str:
    """A store URL fit to print: the password hidden, and every query parameter named like a password."""
    from sqlalchemy.engine import make_url
    try:
        parsed = make_url(url)
    except Exception:
        return "(an address that cannot be read)"
    query = {k: ("***" if "password" in k.lower() else v) for k, v in parsed.query.items()}
    return parsed.set(query=query).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def scrubbed(text: str, url: str) -> str:
    """``text`` with every password the URL carries replaced by ***."""
    for secret in sorted(secrets_in(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def open_store(url: str | None = None) -> Engine:
    """An engine on the store, with its schema brought up to date."""
    resolved = database_url(url)
    try:
        if resolved.startswith("sqlite"):
            engine = create_engine(resolved, connect_args={"timeout": 30, "isolation_level": None})
            _sqlite_transactions(engine)
        else:
            engine = create_engine(resolved, pool_pre_ping=True)
        upgrade(engine)
    except (SQLAlchemyError, ValueError) as exc:     # unreachable, refused, or an address it cannot use
        raise StoreError(scrubbed(f"The snapshot store could not be opened ({_short(exc)}).", resolved)) from None
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    """Real transactions for SQLite: WAL so readers never block, BEGIN IMMEDIATE for writers so
    concurrent publishes queue on the lock instead of failing."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, record):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("bv_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def writer(engine: Engine):
    """A write transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of failing)."""
    return engine.execution_options(bv_write=True).begin()


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writer(engine) as connection:
        if engine.dialect.name == "postgresql":
            # two app processes starting together must not both create the tables
            connection.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0][:160]
