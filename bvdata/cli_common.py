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


def store_of(args):
    from .store import open_store
    return open_store(args.database)


def mappings_of(args) -> list:
    """The --mapping file, if one was given."""
    if not getattr(args, "mapping", None):
        return []
    from .mapping import ColumnMapping
    return [ColumnMapping.from_json(read_file(args.mapping).decode("utf-8", "replace"))]
