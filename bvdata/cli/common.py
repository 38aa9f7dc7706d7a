"""What every command shares: reading and writing files with one-sentence failures, the store, and
the column mapping given with --mapping."""
from __future__ import annotations


class CliError(Exception):
    """A command failed; the message is the one sentence to print."""


def write_file(path: str, data: bytes) -> None:
    """Write an output file, or fail with one sentence naming it."""
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CliError(f"{path} could not be written ({exc.strerror or exc}).") from None


def read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise CliError(f"{path} could not be opened ({exc.strerror or exc}).") from None


def settings():
    """The secrets files' settings, as the app reads them (a broken file is a SettingsError sentence)."""
    from ..base.settings import SECRETS_FILES, read_settings
    return read_settings(list(SECRETS_FILES))


def backup_key_of():
    """The backup key: BVDATA_BACKUP_KEY, else [bvtracker] backup_key in the secrets; None if neither."""
    from ..store.backup import backup_key
    return backup_key(settings().backup_key)


def store_of(args):
    from ..store.engine import open_store
    return open_store(args.database)


def mappings_of(args) -> list:
    """The --mapping file, if one was given."""
    if not getattr(args, "mapping", None):
        return []
    from ..read.assembly.mapping import ColumnMapping
    return [ColumnMapping.from_json(read_file(args.mapping).decode("utf-8", "replace"))]


def who_of(args) -> str:
    """Who runs the command: --by, else the login name; a store whose analysts are limited to plans
    (``[bvtracker.plan_analysts]``) needs --by, since a login name matches no analyst's address."""
    import getpass

    if getattr(args, "by", None):
        return args.by
    if settings().plan_analysts:
        raise CliError("This store limits analysts to plans ([bvtracker.plan_analysts] in the secrets), so say who "
                       "you are with --by ADDRESS.")
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name: still say who, generically
        return "command line"
