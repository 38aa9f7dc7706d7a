"""Starts the dashboard on a free local port and drives Debian's Chromium through Playwright."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PAGES = {"": "Overview", "progress": "Progress by recommendation", "overdue": "Overdue actions",
         "themes": "Best Value themes", "compare": "Compare snapshots", "actions": "Actions", "data": "Data"}


def need_browser() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("BVDATA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing, and this run requires the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def need_office() -> None:
    """LibreOffice for the PDF, and poppler-utils to read it back."""
    import shutil
    if not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")):
        if os.environ.get("BVDATA_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice or poppler-utils is missing, and this run requires the PDF tests")
        pytest.skip("LibreOffice and poppler-utils are not installed (apt-get install libreoffice-writer-nogui poppler-utils)")


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(env_extra: dict | None = None, port: int | None = None, args: list[str] | None = None,
                      app: Path | None = None):
    port = port or free_port()
    env = {**os.environ, **(env_extra or {})}
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app or ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *(args or [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dashboard did not start; see {log.name}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def chromium_pages(count: int):
    """Pages in separate browser contexts, so each is its own dashboard session."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield [browser.new_context(viewport={"width": 1400, "height": 1000}).new_page() for _ in range(count)]
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_page():
    with chromium_pages(1) as pages:
        yield pages[0]


def wait_for_url(url: str, proc: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up")
        time.sleep(0.3)


def wait_for_page(page, title: str, charts: int = 0, timeout: float = 60_000) -> None:
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=timeout)
    if charts:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                               timeout=timeout)
    # let the script run finish: Streamlit marks a running app with a status widget
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
