"""The snapshot store: every accepted tracker becomes a dated, append-only snapshot.

SQLite is the embedded default; a PostgreSQL URL in BVDATA_DATABASE_URL is the whole switch. The
schema is created and migrated by Alembic when the store is opened. Each publish is one transaction,
so a reader never sees half a snapshot and a publish killed midway leaves nothing behind.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .audit import PUBLISH
from .audit import record as record_event
from .errors import StoreError
from .labels import is_missing
from .status import headline, with_status
from .store_schema import snapshot_actions, snapshot_amendments, snapshot_themes, snapshots
from .tracker import ACTION_COLUMNS, TEXT, Tracker, load_tracker

DEFAULT_HOME = Path(os.environ.get("BVDATA_HOME", Path.home() / ".local" / "share" / "bvtracker"))
DROP_SHARE = 0.2          # an upload losing more than this share of the previous actions needs confirming
MIGRATIONS = Path(__file__).with_name("migrations")
_STORED_ACTION_COLUMNS = [c for c in ACTION_COLUMNS]


class DuplicateSnapshot(StoreError):
    """The same file (byte for byte) was published before."""


class NeedsConfirmation(StoreError):
    """The new tracker drops many of the previous snapshot's actions; ``dropped`` lists them."""

    def __init__(self, message: str, dropped: pd.DataFrame):
        super().__init__(message)
        self.dropped = dropped


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    label: str
    as_at: dt.date | None
    published_by: str
    published_at: dt.datetime
    filename: str
    sha256: str
    action_count: int


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


def list_snapshots(engine: Engine, include_withdrawn: bool = False) -> pd.DataFrame:
    """The snapshots in time order; withdrawn ones only when asked for, with who withdrew them, when and why."""
    from .audit import withdrawn
    frame = _all_snapshots(engine)
    gone = withdrawn(engine)
    if include_withdrawn:
        frame["withdrawn_by"] = [gone[i].who if i in gone else None for i in frame["id"]]
        frame["withdrawn_at"] = [gone[i].at if i in gone else None for i in frame["id"]]
        frame["withdrawn_why"] = [gone[i].why if i in gone else None for i in frame["id"]]
        return frame
    return frame[~frame["id"].isin(list(gone))].reset_index(drop=True)


def _all_snapshots(engine: Engine) -> pd.DataFrame:
    columns = [snapshots.c.id, snapshots.c.label, snapshots.c.as_at, snapshots.c.published_by,
               snapshots.c.published_at, snapshots.c.filename, snapshots.c.sha256, snapshots.c.action_count,
               snapshots.c.warning_count, snapshots.c.complete_count, snapshots.c.overdue_count,
               snapshots.c.mean_completion]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(snapshots.c.id)).mappings().all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    frame["as_at"] = pd.to_datetime(frame["as_at"])
    return in_time_order(frame)


def in_time_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Snapshots in the order of the dates they are as at, publish time breaking ties (a snapshot with
    no date, from before dates were required, takes the day it was published)."""
    if frame.empty:
        return frame.reset_index(drop=True)
    published = pd.to_datetime(frame["published_at"], utc=True)
    day = frame["as_at"].fillna(published.dt.tz_localize(None).dt.normalize())
    order = pd.DataFrame({"day": day, "published": published, "id": frame["id"]}).sort_values(["day", "published", "id"])
    return frame.loc[order.index].reset_index(drop=True)


def snapshot_info(engine: Engine, snapshot_id: int) -> SnapshotInfo:
    with engine.connect() as connection:
        row = connection.execute(select(snapshots).where(snapshots.c.id == snapshot_id)).mappings().first()
    if row is None:
        raise StoreError(f"There is no snapshot {snapshot_id}.")
    return SnapshotInfo(row["id"], row["label"], row["as_at"], row["published_by"], row["published_at"],
                        row["filename"], row["sha256"], row["action_count"])


def snapshot_file(engine: Engine, snapshot_id: int) -> tuple[str, bytes]:
    with engine.connect() as connection:
        row = connection.execute(select(snapshots.c.filename, snapshots.c.file_bytes)
                                 .where(snapshots.c.id == snapshot_id)).first()
    if row is None:
        raise StoreError(f"There is no snapshot {snapshot_id}.")
    return row[0], bytes(row[1])


def snapshot_mapping(engine: Engine, snapshot_id: int) -> str | None:
    """The column mapping (JSON) the snapshot's file was read with, if it needed one."""
    with engine.connect() as connection:
        return connection.execute(select(snapshots.c.mapping_json).where(snapshots.c.id == snapshot_id)).scalar()


def snapshot_tracker(engine: Engine, snapshot_id: int) -> Tracker:
    """The snapshot read back from the file bytes it was published from, with the mapping it was read with."""
    from .mapping import ColumnMapping
    name, data = snapshot_file(engine, snapshot_id)
    mapping = snapshot_mapping(engine, snapshot_id)
    return load_tracker(data, name, mappings=[ColumnMapping.from_json(mapping)] if mapping else ())


def snapshot_actions_frame(engine: Engine, snapshot_id: int) -> pd.DataFrame:
    """A snapshot's actions in the same shape as ``Tracker.actions``."""
    columns = [getattr(snapshot_actions.c, c) for c in _STORED_ACTION_COLUMNS]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).where(snapshot_actions.c.snapshot_id == snapshot_id)
                                  .order_by(snapshot_actions.c.position)).all()
    return actions_frame(rows)


_DATE_COLUMNS = ("due_date", "original_due_date", "revised_due_date")
_NUMBER_COLUMNS = {"completion": "float64", "source_row": "int64"}


def actions_frame(rows) -> pd.DataFrame:
    """Stored action rows (tuples in column order, or mappings) as a frame shaped like ``Tracker.actions``."""
    frame = pd.DataFrame(list(rows), columns=_STORED_ACTION_COLUMNS)
    for column in _DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in _STORED_ACTION_COLUMNS:
        if column not in _DATE_COLUMNS and column not in _NUMBER_COLUMNS and column != "times_moved":
            frame[column] = frame[column].astype(TEXT)
    for column, dtype in _NUMBER_COLUMNS.items():
        frame[column] = frame[column].astype(dtype)
    # snapshots stored before dates were revised in the file have no count: none moved within the file
    frame["times_moved"] = pd.to_numeric(frame["times_moved"]).fillna(0).astype("int64")
    return frame


def snapshot_amendments_frame(engine: Engine, snapshot_id: int) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(snapshot_amendments.c.action_id, snapshot_amendments.c.original_action,
                                         snapshot_amendments.c.amended_action, snapshot_amendments.c.justification)
                                  .where(snapshot_amendments.c.snapshot_id == snapshot_id)
                                  .order_by(snapshot_amendments.c.position)).all()
    return pd.DataFrame(rows, columns=["action_id", "original_action", "amended_action", "justification"])


def slip_counts(engine: Engine, up_to_snapshot: int) -> pd.Series:
    """How many times each action's due date has changed, over the snapshots up to this one in time order."""
    listed = list_snapshots(engine)
    position = listed.index[listed["id"] == up_to_snapshot]
    ids = [int(i) for i in listed["id"][: int(position[0]) + 1]] if len(position) else []
    with engine.connect() as connection:
        rows = connection.execute(
            select(snapshot_actions.c.action_id, func.count())
            .where(snapshot_actions.c.snapshot_id.in_(ids), snapshot_actions.c.due_date_changed.is_(True))
            .group_by(snapshot_actions.c.action_id)).all()
    return pd.Series({r[0]: int(r[1]) for r in rows}, dtype="int64")


def latest_snapshot_id(engine: Engine) -> int | None:
    """The snapshot the dashboard opens on: the latest by its as-at date, not by when it was published."""
    listed = list_snapshots(engine)
    return None if listed.empty else int(listed.iloc[-1]["id"])


def snapshot_before(engine: Engine, as_at: dt.date | None) -> int | None:
    """The snapshot that comes just before an update dated ``as_at`` (the latest, when it has no date)."""
    listed = list_snapshots(engine)
    if as_at is not None:
        listed = listed[listed["as_at"].isna() | (listed["as_at"] <= pd.Timestamp(as_at))]
    return None if listed.empty else int(listed.iloc[-1]["id"])


def find_by_sha(engine: Engine, sha256: str) -> SnapshotInfo | None:
    with engine.connect() as connection:
        found = connection.execute(select(snapshots.c.id).where(snapshots.c.sha256 == sha256)).scalar()
    return snapshot_info(engine, found) if found is not None else None


def dropped_actions(previous: pd.DataFrame, matching) -> pd.DataFrame:
    """The previous snapshot's actions that the new tracker no longer has (matched as in Compare)."""
    return previous.loc[previous.index[matching.removed_old_positions], ["action_id", "action", "recommendation"]]


def default_label(tracker: Tracker, as_at: dt.date | None = None) -> str:
    """'Update as at 14 Feb 2022': from the update's own date, never from an earlier publish."""
    when = as_at or tracker.as_at
    return f"Update as at {when:%d %b %Y}" if when else f"Update from {tracker.source_name}"


def label_taken(engine: Engine, label: str) -> SnapshotInfo | None:
    """The snapshot already published under this label (letter case and spacing ignored), if any."""
    wanted = " ".join(label.split()).casefold()
    listed = list_snapshots(engine)          # a withdrawn snapshot's label may be used again
    for r in listed.itertuples():
        if " ".join(str(r.label).split()).casefold() == wanted:
            return snapshot_info(engine, int(r.id))
    return None


def publish(engine: Engine, tracker: Tracker, data: bytes, label: str | None = None,
            published_by: str | None = None, confirm_drop: bool = False,
            progress: Callable[[str], None] | None = None, mapping_json: str | None = None,
            as_at: dt.date | None = None, also: Callable | None = None) -> SnapshotInfo:
    """Store a validated tracker as a new snapshot, in one transaction. ``mapping_json`` is the column
    mapping the file was read with, kept so that the snapshot reads back the same; ``as_at`` is the date
    the update is for, when the analyst gives or corrects it (else the file's own)."""
    report = progress or (lambda step: None)
    existing = find_by_sha(engine, tracker.sha256)
    if existing:
        raise DuplicateSnapshot(
            f"This file was already published as snapshot {existing.id} ('{existing.label}') "
            f"on {existing.published_at:%d %b %Y}; nothing was added."
        )
    from .compare import match_actions
    as_at = as_at or tracker.as_at
    previous_id = snapshot_before(engine, as_at)
    previous = snapshot_actions_frame(engine, previous_id) if previous_id else None
    matching = match_actions(previous, tracker.actions) if previous is not None and len(previous) else None
    if matching is not None and not confirm_drop:
        dropped = dropped_actions(previous, matching)
        if len(dropped) > DROP_SHARE * len(previous):
            raise NeedsConfirmation(
                f"This tracker drops {len(dropped)} of the {len(previous)} actions in the latest snapshot; "
                "confirm that they should disappear before publishing.", dropped)
    changed = _due_date_changed(previous, tracker.actions, matching)
    figures = headline(with_status(tracker.actions, as_at or dt.date.today()))
    row = dict(
        label=(label or default_label(tracker, as_at)).strip()[:300], as_at=as_at,
        published_by=(published_by or _who())[:200], published_at=dt.datetime.now(dt.timezone.utc),
        filename=tracker.source_name[:300], sha256=tracker.sha256, file_bytes=data,
        action_count=len(tracker.actions), warning_count=len(tracker.warnings),
        theme_score_count=len(tracker.themes.frame), complete_count=figures["complete"],
        overdue_count=figures["overdue"], mean_completion=figures["mean_completion"],
        mapping_json=mapping_json, noun=tracker.noun[1],
    )
    try:
        with writer(engine) as connection:
            snapshot_id = connection.execute(insert(snapshots).values(**row)).inserted_primary_key[0]
            record_event(connection, row["published_by"], PUBLISH, snapshot_id, row["label"])
            report("snapshot recorded")
            actions = _records(tracker.actions, _STORED_ACTION_COLUMNS, snapshot_id)
            for record, flag in zip(actions, changed):
                record["due_date_changed"] = bool(flag)
            if actions:
                connection.execute(insert(snapshot_actions), actions)
            report("actions stored")
            themes = _records(tracker.themes.frame, ["theme", "theme_as_written", "period", "score", "target",
                                                     "source_sheet", "source_row"], snapshot_id)
            if themes:
                connection.execute(insert(snapshot_themes), themes)
            amendments = _records(tracker.amendments, ["action_id", "original_action", "amended_action",
                                                       "justification", "source_sheet", "source_row"], snapshot_id)
            if amendments:
                connection.execute(insert(snapshot_amendments), amendments)
            if also is not None:
                also(connection, snapshot_id)
            report("about to commit")
    except IntegrityError:
        existing = find_by_sha(engine, tracker.sha256)
        if existing:
            raise DuplicateSnapshot(f"This file was published as snapshot {existing.id} a moment ago; "
                                    "nothing was added.") from None
        raise
    return snapshot_info(engine, snapshot_id)


def seed_if_empty(engine: Engine, files: list[tuple[Path, str]]) -> None:
    """Publish the given (file, label) pairs, oldest first, into a store that has no snapshot yet."""
    if latest_snapshot_id(engine) is not None:
        return
    for path, label in files:
        data = Path(path).read_bytes()
        try:
            publish(engine, load_tracker(data, Path(path).name), data, label=label, published_by="sample data",
                    confirm_drop=True)
        except DuplicateSnapshot:  # another process seeded it at the same moment
            pass


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "local analyst"


def _records(frame: pd.DataFrame, columns: list[str], snapshot_id: int) -> list[dict]:
    out = []
    for position, values in enumerate(frame[columns].itertuples(index=False, name=None)):
        record = {"snapshot_id": snapshot_id, "position": position}
        for column, value in zip(columns, values):
            if is_missing(value):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date()
            elif hasattr(value, "item"):
                value = value.item()
            record[column] = value
        out.append(record)
    return out


def _due_date_changed(previous: pd.DataFrame | None, new: pd.DataFrame, matching) -> list[bool]:
    """Per new action: does its due date differ from the previous snapshot's for the same action?"""
    flags = [False] * len(new)
    if matching is None:
        return flags
    for old_pos, new_pos in matching.pairs:
        a, b = previous["due_date"].iloc[old_pos], new["due_date"].iloc[new_pos]
        flags[new_pos] = not ((pd.isna(a) and pd.isna(b)) or a == b)
    return flags
