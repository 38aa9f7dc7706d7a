"""The app's connection to its settings and its store: the settings read from the secrets files (on
every run, failing closed), the store they name, opened once per process (``st.cache_resource``) and
seeded with the shipped sample only in demo mode, and whether this is a demo.

Both the data shown (``dataset``) and the signed-in person (``identity``) build on this; it imports
neither of them.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from bvdata import store
from bvdata.base.errors import StoreError
from bvdata.base.settings import Settings, demo_mode, read_settings

ROOT = Path(__file__).resolve().parent.parent.parent


SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"


# (file, label) published into an empty store, oldest first, so Compare has something on first start
SAMPLE_HISTORY = [
    (ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", "ILLUSTRATIVE earlier update, 08 Feb 2021 (sample)"),
    (SAMPLE, "Audit & Scrutiny Committee, 14 Feb 2022 (sample)"),
]


SAMPLE_PUBLISHER = "sample data"         # what seed_if_empty records as the publisher


def app_settings() -> Settings:
    """Read on every run (a few hundred microseconds), so an edited file takes effect at once and a
    broken one is never used; raises ``SettingsError``."""
    return read_settings(st.get_option("secrets.files"))


@st.cache_resource(show_spinner="Opening the snapshot store…")
def _open_store(url: str | None, demo: bool):
    """(engine, None) or (None, the reason in one sentence). One engine per store URL per process.
    Only in demo mode does an empty store get the shipped sample history: a production store (any
    named by BVDATA_DATABASE_URL) is never seeded."""
    try:
        engine = store.open_store(url)
        if demo:
            store.seed_if_empty(engine, SAMPLE_HISTORY)
        return engine, None
    except StoreError as exc:
        return None, f"{exc} Snapshots and Compare are unavailable."


def store_url() -> str | None:
    return app_settings().database_url or os.environ.get("BVDATA_DATABASE_URL")


def is_demo() -> bool:
    return demo_mode(store_url())


def get_store():
    """The store named by the settings (BVDATA_DATABASE_URL in the secrets, else the environment,
    else the embedded SQLite file); a broken secrets file never falls back to another database."""
    return _open_store(store_url(), is_demo())
