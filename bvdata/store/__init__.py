"""The store: every published tracker as an append-only snapshot, and everything kept beside it.

``engine`` opens the database (SQLite or PostgreSQL) with its schema (``schema``, ``migrations/``) and
owns the one write path; ``snapshots`` reads them, ``publishing`` adds one; ``audit`` is the hash-chained
trail (and withdrawing or restoring a snapshot); ``mappings`` keeps saved column mappings; ``versions``
reads the store for the model (a snapshot as a side of a comparison, the burn-up's points); ``backup``
writes and restores the whole store, signed.

The names most callers need are offered here, each from its module, imported when first used:
``store.open_store``, ``store.publish``, ``store.list_snapshots``…

May import: bvdata.model, bvdata.read and bvdata.base.
"""
from ..base.lazy import lazy_names

_HOMES = {
    "database_url": "engine", "open_store": "engine", "writer": "engine", "upgrade": "engine", "MIGRATIONS": "engine",
    "shown_url": "engine",
    "publish": "publishing", "seed_if_empty": "publishing", "default_label": "publishing", "DuplicateSnapshot": "publishing",
    "NeedsConfirmation": "publishing", "dropped_actions": "publishing",
    "list_snapshots": "snapshots", "snapshot_info": "snapshots", "snapshot_file": "snapshots",
    "snapshot_mapping": "snapshots", "snapshot_tracker": "snapshots", "snapshot_actions_frame": "snapshots",
    "snapshot_amendments_frame": "snapshots", "latest_snapshot_id": "snapshots", "snapshot_before": "snapshots",
    "find_by_sha": "snapshots", "slip_counts": "snapshots", "label_taken": "snapshots", "SnapshotInfo": "snapshots",
    "in_time_order": "snapshots",
    "closed_counts": "versions",
}


__getattr__ = lazy_names(__name__, _HOMES)
