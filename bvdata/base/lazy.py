"""Names a package offers but imports only when first used, so that importing the package stays cheap
(``python -m bvdata check`` starts reading the file before pandas is imported)."""
from __future__ import annotations

from importlib import import_module


def lazy_names(package: str, homes: dict[str, str]):
    """A module ``__getattr__`` for ``package`` that imports each name in ``homes`` (name -> the module,
    relative to the package, that defines it) when it is first asked for, and keeps it."""
    import sys

    def __getattr__(name: str):
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{homes[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value
    return __getattr__
