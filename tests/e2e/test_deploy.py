"""Two app processes behind real nginx, sharing one real PostgreSQL (deploy/): a publish through
process A is seen by a session on process B at its next rerun; then B is killed, sessions on A see no
error, and new sessions reach A."""
import contextlib
import os
import shutil
import signal
import subprocess

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, free_port, need_browser, wait_for_page, wait_for_url

from tests.conftest import ROOT, postgres_database

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"


def later_update() -> bytes:
    """The sample plan's next update: its 40 actions, by number and wording, all complete (so it is
    published into the same plan, by evidence)."""
    import csv
    import io

    from bvdata import load_tracker
    out = io.StringIO()
    out.write("Position as at 30 September 2022\n")
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["No.", "Action", "Timescales", "% Complete"])
    for a in load_tracker(SAMPLE).actions.itertuples():
        rows.writerow([a.action_id, a.action, "31/12/2030", "100%"])
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    need_browser()
    if not os.path.exists(NGINX):
        if os.environ.get("BVDATA_REQUIRE_NGINX") == "1":
            pytest.fail("nginx is missing, and this run requires the deployment test")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    admin_url = os.environ.get("BVDATA_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("BVDATA_REQUIRE_POSTGRES") == "1":
            pytest.fail("BVDATA_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server")
    databases = contextlib.ExitStack()
    url = databases.enter_context(postgres_database(admin_url, "bvdeploy"))
    run_dir = tmp_path_factory.mktemp("deploy")
    port = free_port()
    env = {**os.environ, "BVDATA_DATABASE_URL": url, "RUN_DIR": str(run_dir)}
    env.pop("BVDATA_HOME", None)
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bvdata", "publish", str(SAMPLE), "--by", "it"], env=env,
                   check=True, cwd=ROOT, capture_output=True)
    started = subprocess.run(["bash", "deploy/start.sh", str(port)], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=180)
    assert started.returncode == 0, started.stderr
    try:
        yield {"base": f"http://127.0.0.1:{port}", "run": run_dir, "ports": (port + 1, port + 2)}
    finally:
        for pid_file in run_dir.glob("*.pid"):
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        import time
        time.sleep(1)
        databases.close()


def pinned(browser, base: str, node: str | None):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if node:
        context.add_cookies([{"name": "bvnode", "value": node, "url": base}])
    return context.new_page()


def test_publish_on_a_is_seen_on_b_then_b_dies_and_a_serves_everyone(two_processes, tmp_path):
    from playwright.sync_api import sync_playwright
    base = two_processes["base"]
    later = tmp_path / "later.csv"
    later.write_bytes(later_update())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        on_a, on_b = pinned(browser, base, "a"), pinned(browser, base, "b")
        for name, page in (("a", on_a), ("b", on_b)):
            page.goto(base)
            try:
                wait_for_page(page, "Overview", 1)
            finally:
                page.screenshot(path=str(ARTIFACTS / f"deploy-start-{name}.png"))
        # publish through process A
        on_a.goto(f"{base}/data")
        wait_for_page(on_a, "Data")
        on_a.locator('input[type="file"]').first.set_input_files(str(later))
        on_a.get_by_text("later.csv: 40 actions").first.wait_for(timeout=60_000)
        on_a.get_by_role("button", name="Publish snapshot").click()
        on_a.get_by_text("Published snapshot 2").first.wait_for(timeout=60_000)
        # the session on B sees it at its next rerun (its caches are keyed on what the store holds)
        on_b.goto(f"{base}/compare")
        wait_for_page(on_b, "Compare snapshots", 1)
        on_b.get_by_text("Update as at 30 Sep 2022").first.wait_for(timeout=30_000)
        on_b.screenshot(path=str(ARTIFACTS / "deploy-b-sees-a-publish.png"))
        # kill process B mid-run
        pid = int((two_processes["run"] / "streamlit-B.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        wait_for_url(f"http://127.0.0.1:{two_processes['ports'][0]}/_stcore/health")
        for path, title, charts in (("", "Overview", 1), ("progress", "Progress by recommendation", 1),
                                    ("overdue", "Overdue actions", 0)):
            on_a.goto(f"{base}/{path}")
            wait_for_page(on_a, title, charts)
            assert on_a.locator('[data-testid="stException"]').count() == 0
        # new sessions, whichever process the cookie would pick, reach A
        for node in (None, None, "b", "b"):
            page = pinned(browser, base, node)
            page.goto(base)
            wait_for_page(page, "Overview", 1)
            page.get_by_text("40 of 40 actions are complete").first.wait_for(timeout=30_000)
            # and the cookie now names the process that answered, so the browser stays pinned to A
            assert {c["name"]: c["value"] for c in page.context.cookies()}["bvnode"] == "a"
        browser.close()
