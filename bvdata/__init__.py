"""bvdata: the Best Value tracker's domain code. Pure Python and pandas; never imports streamlit.

The names below are imported when first used, so that ``python -m bvdata check`` can start reading
the file before pandas is imported (see bvdata.__main__).
"""
from importlib import import_module

_HOMES = {
    "Issue": "errors", "StoreError": "errors", "TrackerError": "errors",
    "STATUS_RULES": "status", "StatusRule": "status", "with_status": "status",
    "ThemeScores": "themes", "load_theme_scores": "themes", "Tracker": "tracker", "load_tracker": "tracker",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'bvdata' has no attribute {name!r}")
    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value
