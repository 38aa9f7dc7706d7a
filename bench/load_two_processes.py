"""Load on the two-process set (deploy/): nginx in front of app processes A and B on one PostgreSQL.
30 browser sessions spread over both (pinned half and half), one publish through process A's store
mid-way, then process B killed two-thirds of the way through. Reports the sessions' errors on each
process, the server rerun time (median, p95) and memory, against one process alone measured in the
same run as the baseline (the same sessions pinned to A, with B stopped: nginx sends all to A).

    BVDATA_TEST_POSTGRES_URL=postgresql://... .venv/bin/python bench/load_two_processes.py [--sessions 30] [--seconds 60]

Only loopback traffic: nginx, the app processes and the browsers all run on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests"), str(ROOT)]
from load_sessions import run_load  # noqa: E402


def start_set(url: str, run_dir: Path, port: int, run_log: Path) -> dict:
    env = {**os.environ, "BVDATA_DATABASE_URL": url, "RUN_DIR": str(run_dir), "BVDATA_RUN_LOG": str(run_log)}
    subprocess.run(["bash", "deploy/start.sh", str(port)], cwd=ROOT, env=env, check=True, capture_output=True)
    return {"a": int((run_dir / "streamlit-A.pid").read_text()), "b": int((run_dir / "streamlit-B.pid").read_text()),
            "nginx": int((run_dir / "nginx.pid").read_text()), "env": env}


def stop_set(pids: dict) -> None:
    for key in ("nginx", "a", "b"):
        try:
            os.kill(pids[key], signal.SIGTERM)
        except ProcessLookupError:
            pass
    time.sleep(2)


def new_sessions(base: str, count: int) -> list[dict]:
    """Fresh browsers (no cookie) after B is gone: each must reach the dashboard, pinned to A."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(count):
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            try:
                page.goto(base, timeout=60_000)
                page.get_by_role("heading", name="Overview").first.wait_for(timeout=60_000)
                cookie = next((c["value"] for c in context.cookies() if c["name"] == "bvnode"), None)
                found.append({"opened": True, "node": cookie, "seconds": round(time.perf_counter() - started, 2)})
            except Exception as exc:
                found.append({"opened": False, "error": f"{type(exc).__name__}: {str(exc)[:120]}"})
            context.close()
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--processes", type=int, default=6, help="browser worker processes")
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    from browser import free_port
    from sqlalchemy import create_engine, text

    from bvdata.store.engine import database_url
    admin_url = os.environ["BVDATA_TEST_POSTGRES_URL"]
    name = f"bvload_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{admin_url.rsplit('/', 1)[0]}/{name}"
    home = Path(tempfile.mkdtemp(prefix="bvload2-"))
    run_log = home / "runs.log"
    run_log.write_text("")
    env = {**os.environ, "BVDATA_DATABASE_URL": url, "BVDATA_RUN_LOG": str(run_log)}
    for path in (ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"):
        subprocess.run([sys.executable, "-m", "bvdata", "publish", str(path), "--by", "load test"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
    refresh = home / "refresh.csv"
    refresh.write_text("No.,Action,Timescales,% Complete\n" + "".join(
        f"{i},Refreshed action {i},31/12/2026,{(i * 13) % 101}%\n" for i in range(1, 41)), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        # baseline: one app process (B stopped, so nginx sends everyone to A), the same sessions
        pids = start_set(url, home / "one", port, run_log)
        os.kill(pids["b"], signal.SIGTERM)
        time.sleep(2)
        one = run_load(base, [pids["a"]], args.sessions, args.processes, args.seconds / 2, None, env)
        stop_set(pids)
        # the two-process set: half pinned to A, half to B; publish mid-way; kill B at two-thirds
        pids = start_set(url, home / "two", port, run_log)

        def kill_b(seconds: float) -> None:
            time.sleep(seconds * 2 / 3)
            os.kill(pids["b"], signal.SIGKILL)

        nodes = ["a" if i % 2 == 0 else "b" for i in range(args.processes)]
        two = run_load(base, [pids["a"], pids["b"]], args.sessions, args.processes, args.seconds, refresh, env,
                       nodes=nodes, during=kill_b)
        two["new_sessions_after_kill"] = new_sessions(base, 3)
        stop_set(pids)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    for label, r in (("one process (baseline)", one), ("two processes, B killed at 2/3", two)):
        print(f"{label}: {r['sessions']} sessions, {r['reruns']} page changes, errors by process {r['errors_by_node']}, "
              f"server rerun median {r['server_median_s'] or float('nan'):.2f} s, p95 {r['server_p95_s'] or float('nan'):.2f} s, "
              f"browser p95 {r['p95_s']:.2f} s, memory MB start {r['memory_mb']['start']:.0f} "
              f"peak {r['memory_mb']['peak']:.0f} end {r['memory_mb']['end']:.0f}")
    print("publish:", two["publish"])
    print("new sessions after B was killed:", two["new_sessions_after_kill"])
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "load_two_processes.json").write_text(json.dumps({"one": one, "two": two}, indent=2, default=str))


if __name__ == "__main__":
    main()
