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


def council_store(tmp_path_factory, name: str, file: str = "store.sqlite"):
    """A browser test's own store (production: no sample), in a folder of its own: (home, url, engine)."""
    need_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    from bvdata import store
    home = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{home / file}"
    return home, url, store.open_store(url)


# the charts each page draws as it opens (its lead chart; the rest are drawn when their section is opened)
# (Themes draws its radar twice, with the themes' names and numbered for a phone: the style sheet shows one)
LEAD_CHARTS = {"": 1, "progress": 1, "overdue": 1, "themes": 2, "compare": 1, "actions": 0, "data": 0}


def wait_for_page(page, title: str, charts: int = 0, timeout: float = 60_000) -> None:
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=timeout)
    if charts:
        # each Plotly chart holds several .main-svg layers: count the charts that have been drawn
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')]"
                               f".filter(e => e.querySelector('.main-svg')).length >= {charts}", timeout=timeout)
    # let the script run finish: Streamlit marks a running app with a status widget
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


@contextlib.contextmanager
def oidc_dashboard(home: Path, users: list[dict], analysts: list[str], env_extra: dict | None = None,
                   more_secrets: str = ""):
    """The dashboard with sign-in against a local mock OpenID Connect provider offering ``users``
    (their claims); ``analysts`` is the allowlist; ``more_secrets`` is added to the secrets file. Yields
    the dashboard's address."""
    import json
    provider_port, app_port = free_port(), free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port), "--host", "127.0.0.1"]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    provider = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{provider_port}"
    secrets = home / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "test-cookie-secret-not-for-production"
client_id = "bvtracker"
client_secret = "bvtracker-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[bvtracker]
analysts = {json.dumps(analysts)}
{more_secrets}
""")
    try:
        wait_for_url(f"{issuer}/.well-known/openid-configuration", provider)
        with running_dashboard(env_extra=env_extra, port=app_port, args=["--secrets.files", str(secrets)]) as base:
            yield base
    finally:
        provider.terminate()
        provider.wait(10)


def sign_in_as(page, base: str, sub: str, landing: str = "Overview", charts: int = 1) -> None:
    """Sign in through the mock provider's user picker as the user whose ``sub`` is given."""
    page.goto(base)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=sub, exact=True).click()
    wait_for_page(page, landing, charts)
