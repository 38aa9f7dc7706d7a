"""bvdata: the Best Value tracker's domain code. Pure Python and pandas; never imports streamlit.

The package is a house of stages, each a subpackage that imports only the stages below it (see
ARCHITECTURE.md; the contracts in .importlinter keep it so):

    cli                     the command line
    owners | papers         the owner loop | reports, exports and figures
    store                   snapshots, the audit trail, backups
    model                   status, comparison, forecast
    read                    a file's bytes to a clean table
    base                    errors, vocabulary, labels, text, access, settings

The names below are imported when first used, so that ``python -m bvdata check`` can start reading
the file before pandas is imported (see bvdata.__main__).
"""
from .base.lazy import lazy_names

_HOMES = {
    "Issue": "base.errors", "StoreError": "base.errors", "TrackerError": "base.errors",
    "STATUS_RULES": "model.status", "StatusRule": "model.status", "with_status": "model.status",
    "ThemeScores": "read.assembly.themes", "load_theme_scores": "read.assembly.themes", "Tracker": "read.assembly.tracker",
    "load_tracker": "read.assembly.tracker",
}
__all__ = list(_HOMES)


__getattr__ = lazy_names(__name__, _HOMES)
