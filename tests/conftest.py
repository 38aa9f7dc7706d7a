import contextlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parent.parent
# The tests live in a folder per stage (tests/read, tests/store, …, tests/app for the pages, tests/e2e for
# the real browser); what they share (helpers, shapes, hostile files, the browser) is here, importable by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Every test run gets its own snapshot store, never the user's: the app, the CLI and the
# browser tests' server all find it through BVDATA_HOME.
if "BVDATA_TEST_KEEP_HOME" not in os.environ:
    import tempfile
    os.environ["BVDATA_HOME"] = tempfile.mkdtemp(prefix="bvtest-home-")
    os.environ.pop("BVDATA_DATABASE_URL", None)
SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"

# No "explain" phase: on a failure it can run for many minutes; the shrunk example is what we need.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=True, database=None, phases=PHASES)
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          phases=PHASES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_tracker():
    from bvdata import load_tracker
    return load_tracker(SAMPLE)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    admin_url = os.environ.get("BVDATA_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("BVDATA_REQUIRE_POSTGRES") == "1":
            pytest.fail("BVDATA_TEST_POSTGRES_URL is not set, and this run requires the PostgreSQL tests")
        pytest.skip("no PostgreSQL server (set BVDATA_TEST_POSTGRES_URL; scripts/postgres.sh starts one)")
    with postgres_database(admin_url, "bvtest") as url:
        yield url


@contextlib.contextmanager
def postgres_database(admin_url: str, prefix: str):
    """A new, empty PostgreSQL database for one test (or benchmark), dropped afterwards; yields its URL."""
    import time
    import uuid

    from sqlalchemy import create_engine, text

    from bvdata.store.engine import database_url
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        for attempt in range(10):
            try:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except Exception:  # an autovacuum worker on the new database cannot be ended by a test role: wait
                time.sleep(1)
        admin.dispose()


@pytest.fixture(autouse=True)
def fresh_parse_caches():
    """The value readers memoise what they have read; each test starts without that memory, so a test
    never passes on an answer an earlier test (or another version of the code) left behind."""
    from bvdata.read.cells import progress, values
    for cached in (values._parse_date_text, values.date_reading, values._parse_completion_text, progress.match_word):
        cached.cache_clear()
    yield


@pytest.fixture(autouse=True)
def fresh_app_store(request, tmp_path, monkeypatch):
    """Each page test starts on its own empty store (seeded with the sample history on first use),
    so one test's publish never changes what another test sees."""
    if not request.module.__name__.split(".")[-1].startswith("test_page_"):
        yield
        return
    import streamlit as st
    monkeypatch.setenv("BVDATA_HOME", str(tmp_path / "home"))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
