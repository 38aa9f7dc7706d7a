"""The reader child's program: reads a file's sheets in a process of its own, so a reader crash cannot
take the caller down.

Run as a script by ``bvdata.read.door.child``: the format's module is its second argument, the file's
bytes arrive on stdin, and the sheets leave on stdout as the messages of ``bvdata.read.formats.wire``.
The format's own module (``bvdata.read.formats``) does the reading, under a memory cap set here and the
caller's time limit. Only the standard library and the format's parser are imported, to keep the start
cheap.
"""
from __future__ import annotations

import resource
import sys
from pathlib import Path


def _limit_memory(megabytes: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


if __package__ in (None, ""):          # run as a script: make the package importable (its __init__ is light)
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from bvdata.read.formats.wire import Refused, send

FORMATS_PACKAGE = "bvdata.read.formats."


def format_module(name: str):
    """The format's own module (its name from the door): only a module of bvdata.read.formats with a FORMAT."""
    import importlib
    if not name.startswith(FORMATS_PACKAGE) or not name[len(FORMATS_PACKAGE):].isidentifier():
        raise SystemExit(2)
    module = importlib.import_module(name)
    if getattr(module, "FORMAT", None) is None:
        raise SystemExit(2)
    return module


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    module = format_module(sys.argv[2] if len(sys.argv) > 2 else FORMATS_PACKAGE + "spreadsheet")
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    out = sys.stdout.buffer
    try:
        module.FORMAT.stream(data, out)
    except Refused as exc:
        send(out, ("refused", str(exc)))
    except MemoryError:
        send(out, ("error", "memory"))
    except Exception as exc:  # the reader's own complaint, passed back as text
        send(out, ("error", f"{type(exc).__name__}: {exc}"[:500]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
