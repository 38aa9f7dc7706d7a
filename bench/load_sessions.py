"""Load: 20 concurrent browser sessions against one dashboard server, in several processes, for a
bounded time, with one publish in the middle. Reports session errors, rerun times (median and 95th
percentile) and the server's memory, against a single-session baseline measured in the same run.

    .venv/bin/python bench/load_sessions.py [--sessions 20] [--processes 4] [--seconds 60]

Targets (issue 6): no session errors; 95th-percentile rerun under 2 s; server memory bounded.
Only loopback traffic: the server and the browsers all run on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

# how long one page change may take before it counts as an error: the browsers share the server's two
# cores here, so a saturated machine is slow before the server is
CLICK_TIMEOUT_MS = int(os.environ.get("BVLOAD_CLICK_TIMEOUT_MS", "60000"))
# (sidebar link, the page's heading)
ROUTE = [("Progress by recommendation", "Progress by recommendation"), ("Overdue", "Overdue actions"),
         ("Themes", "Best Value themes"), ("Actions", "Actions"), ("Overview", "Overview"),
         ("Compare", "Compare snapshots")]


def worker(base: str, sessions: int, seconds: float, ready: mp.Queue, go, out: mp.Queue, node: str | None = None) -> None:
    """``node`` pins every session of this worker to one app process behind nginx (the bvnode cookie)."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    times, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for _ in range(sessions):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            if node:
                context.add_cookies([{"name": "bvnode", "value": node, "url": base}])
            page = context.new_page()
            try:                          # a session that cannot open is an error, never a stalled run
                page.goto(base, timeout=180_000)
                page.get_by_role("heading", name="Overview").first.wait_for(timeout=180_000)
                pages.append(page)
            except Exception as exc:
                errors.append(f"opening: {type(exc).__name__}: {str(exc)[:120]}")
        ready.put(len(pages))
        go.wait(600)                      # every session is open: the timed window starts together
        deadline = time.monotonic() + seconds
        step = 0
        while time.monotonic() < deadline:
            for page in pages:
                path, title = ROUTE[step % len(ROUTE)]
                start = time.perf_counter()
                try:
                    page.get_by_role("link", name=path, exact=True).first.click(timeout=CLICK_TIMEOUT_MS)
                    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=CLICK_TIMEOUT_MS)
                    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                           timeout=CLICK_TIMEOUT_MS)
                    times.append(time.perf_counter() - start)
                    if page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
                        errors.append(f"error box on /{path}")
                except Exception as exc:  # a session that fails is an error, and the run goes on
                    errors.append(f"/{path}: {type(exc).__name__}: {str(exc)[:120]}")
            step += 1
        browser.close()
    out.put({"times": times, "errors": errors, "node": node})


def sample_memory(pids: int | list[int], stop: threading.Event, samples: list) -> None:
    """The app processes' memory with their children, summed, every half second (a killed one counts 0)."""
    import psutil
    processes = [psutil.Process(p) for p in ([pids] if isinstance(pids, int) else pids)]
    while not stop.is_set():
        total = 0.0
        for process in processes:
            try:
                total += sum(p.memory_info().rss for p in [process] + process.children(recursive=True)) / 2**20
            except psutil.Error:
                pass
        samples.append(total)
        time.sleep(0.5)


def run_load(base: str, server_pid, sessions: int, processes: int, seconds: float, publish_file: Path | None,
             env: dict, nodes: list | None = None, during=None) -> dict:
    """``nodes`` pins each worker process's sessions to an app process; ``during(seconds)`` runs in a
    thread once every session is open (to kill a process mid-run)."""
    ctx = mp.get_context("spawn")
    out, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    per = [sessions // processes + (1 if i < sessions % processes else 0) for i in range(processes)]
    nodes = nodes or [None] * processes
    workers = [ctx.Process(target=worker, args=(base, n, seconds, ready, go, out, node)) for n, node in zip(per, nodes) if n]
    memory, stop = [], threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server_pid, stop, memory))
    sampler.start()
    for w in workers:
        w.start()
    opened = sum(ready.get(timeout=600) for _ in workers)
    go.set()
    if during is not None:
        threading.Thread(target=during, args=(seconds,), daemon=True).start()
    published = None
    if publish_file is not None:
        time.sleep(seconds / 2)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "bvdata", "publish", str(publish_file), "--label", "Load-test publish",
                               "--as-of", "2026-11-23", "--confirm-drop"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        published = {"returncode": proc.returncode, "seconds": time.perf_counter() - started,
                      "message": (proc.stdout or proc.stderr).strip()[:200]}
    results = [out.get(timeout=seconds + 600) for _ in workers]
    server_runs = [float(x) for x in Path(env["BVDATA_RUN_LOG"]).read_text().split()] if env.get("BVDATA_RUN_LOG") else []
    Path(env["BVDATA_RUN_LOG"]).write_text("")
    for w in workers:
        w.join(60)
    stop.set()
    sampler.join()
    times = sorted(t for r in results for t in r["times"])
    errors = [e for r in results for e in r["errors"]]
    errors_by_node = {}
    for r in results:
        errors_by_node[r["node"]] = errors_by_node.get(r["node"], 0) + len(r["errors"])
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
    runs = sorted(server_runs)
    return {"sessions": opened, "reruns": len(times), "errors": errors,
            "server_runs": len(runs), "server_median_s": statistics.median(runs) if runs else None,
            "server_p95_s": runs[int(0.95 * (len(runs) - 1))] if runs else None,
            "median_s": statistics.median(times) if times else None, "p95_s": p95,
            "memory_mb": {"start": memory[0] if memory else None, "peak": max(memory) if memory else None,
                          "end": memory[-1] if memory else None}, "publish": published, "errors_by_node": errors_by_node}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    from browser import running_dashboard
    home = tempfile.mkdtemp(prefix="bvload-")
    env = {**os.environ, "BVDATA_HOME": home, "BVDATA_RUN_LOG": str(Path(home) / "runs.log")}
    os.environ["BVDATA_HOME"] = home
    Path(env["BVDATA_RUN_LOG"]).write_text("")
    to_publish = Path(home) / "refresh.csv"
    to_publish.write_text("No.,Action,Timescales,% Complete\n" + "".join(
        f"{i},Refreshed action {i},31/12/2026,{(i * 13) % 101}%\n" for i in range(1, 41)), encoding="utf-8")
    with running_dashboard({"BVDATA_HOME": home, "BVDATA_RUN_LOG": env["BVDATA_RUN_LOG"]}) as base:
        import psutil
        server = next(p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"]
                      and "streamlit" in " ".join(p.info["cmdline"]) and base.rsplit(":", 1)[1] in " ".join(p.info["cmdline"]))
        baseline = run_load(base, server.pid, 1, 1, min(20, args.seconds / 3), None, env)
        loaded = run_load(base, server.pid, args.sessions, args.processes, args.seconds, to_publish, env)
    print(f"baseline, 1 session: {baseline['reruns']} reruns, median {baseline['median_s']:.2f} s, "
          f"p95 {baseline['p95_s']:.2f} s, errors {len(baseline['errors'])}")
    if not loaded["reruns"]:
        print("no rerun completed:", loaded["errors"][:5])
        return
    print(f"{args.sessions} sessions in {args.processes} processes for {args.seconds:.0f} s: {loaded['reruns']} reruns, "
          f"median {loaded['median_s']:.2f} s, p95 {loaded['p95_s']:.2f} s, errors {len(loaded['errors'])}")
    print(f"server script runs: baseline {baseline['server_runs']} runs, median {baseline['server_median_s']:.2f} s, "
          f"p95 {baseline['server_p95_s']:.2f} s; under load {loaded['server_runs']} runs, median "
          f"{loaded['server_median_s']:.2f} s, p95 {loaded['server_p95_s']:.2f} s")
    print(f"server memory MB: start {loaded['memory_mb']['start']:.0f}, peak {loaded['memory_mb']['peak']:.0f}, "
          f"end {loaded['memory_mb']['end']:.0f}; publish: {loaded['publish']}")
    for error in loaded["errors"][:10]:
        print("  error:", error)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "load_sessions.json").write_text(json.dumps({"baseline": baseline, "loaded": loaded}, indent=2))


if __name__ == "__main__":
    main()
