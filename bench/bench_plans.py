"""Benchmark (issue 24): a store of 50 plans x 20 snapshots x 2,000 items, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_plans.py [--plans 50] [--snapshots 20] [--items 2000] [--repeats 5]
                                           [--postgres URL]     (an admin URL; default $BVDATA_TEST_POSTGRES_URL)

Measures, per backend, medians of ``--repeats``:
- the All plans page's server time (an AppTest run of dashboard.py, which runs the page's script on the
  server; no browser), cold (the first open after a publish: its caches empty) and warm;
- against, in the same run, the Overview page of one plan of the same store (the baseline: a page as
  the dashboard opened before plans);
- reading every plan (bvdata.store.portfolio.committee_plans) and working out the view
  (bvdata.model.portfolio.portfolio_view) on their own;
- the portfolio paper (.docx) for all 50 plans.
Targets: All plans under 1.5 s of server time; the paper under 30 s.

The store is filled by bulk inserts (the rows publishing would write; each snapshot's file is a small
placeholder, except each plan's latest, which is a real CSV tracker the pages read), since 1,000 real publishes would take the benchmark's whole budget to set up.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

KINDS = ("best_value", "external_audit", "internal_audit", "inspection", "other")
PRIORITIES = ("High", "Medium", "Low", None)
SERVICES = ("Finance", "Housing", "Education", "Social work", "Roads", "Planning", "HR", "Digital")
LEADS = tuple(f"Officer {k}" for k in range(40))


def build(url: str, n_plans: int, n_snapshots: int, n_items: int) -> None:
    """Fill an empty store with the plans, their snapshots and their items, as publishing would."""
    from sqlalchemy import insert

    from bvdata import store
    from bvdata.store.audit import PUBLISH, event_hash
    from bvdata.store.schema import events, plans, snapshot_actions, snapshots
    engine = store.open_store(url)
    now = dt.datetime.now(dt.timezone.utc)
    start = dt.date(2021, 1, 1)
    previous_hash = None
    with engine.begin() as c:
        c.execute(insert(plans), [{"id": p + 1, "name": f"Plan {p + 1:02d}", "kind": KINDS[p % len(KINDS)],
                                   "body": f"Body {p % 7}", "noun": "actions", "sample": False,
                                   "created_by": "bench", "created_at": now} for p in range(n_plans)])
    snapshot_id = 0
    for s in range(n_snapshots):
        for p in range(n_plans):
            snapshot_id += 1
            as_at = start + dt.timedelta(days=30 * s + p % 28)            # the plans' dates interleave
            done = min(n_items, n_items * (s + 1) // (n_snapshots + 4))
            rows = []
            for i in range(n_items):
                due = start + dt.timedelta(days=60 + (i * 7 + p * 13) % 1500)
                complete = i < done
                rows.append({
                    "snapshot_id": snapshot_id, "position": i, "action_id": f"{p + 1}.{i + 1}",
                    "recommendation": f"Recommendation {i % 12 + 1}",
                    "action": f"Plan {p + 1} item {i + 1}: improve the {SERVICES[i % 8].lower()} process {i * 31 % 997}",
                    "due_date": due, "lead_officer": LEADS[(i + p) % len(LEADS)], "service_lead": SERVICES[(i + p) % 8],
                    "completion": 100.0 if complete else float((i * 3 + s * 5) % 95),
                    "progress": "complete" if complete else ("not_started" if i % 11 == 0 else "in_progress"),
                    "priority": PRIORITIES[i % 4], "source_sheet": "Tracker", "source_row": i + 3,
                    "due_date_changed": False, "times_moved": 0})
            last = s == n_snapshots - 1
            file_bytes = _as_csv(rows, as_at) if last else f"placeholder {snapshot_id}".encode()
            with engine.begin() as c:
                c.execute(insert(snapshots).values(
                    id=snapshot_id, label=f"Update {s + 1} of plan {p + 1}", as_at=as_at, published_by="bench",
                    published_at=now, filename=f"plan_{p + 1}.csv" if last else "bench.xlsx", sha256=hashlib.sha256(file_bytes).hexdigest(),
                    file_bytes=file_bytes, action_count=n_items, warning_count=0, theme_score_count=0,
                    complete_count=done, overdue_count=0, closed_count=0, plan_id=p + 1, noun="actions"))
                c.execute(insert(snapshot_actions), rows)
                at = now + dt.timedelta(microseconds=snapshot_id)
                label = f"Update {s + 1} of plan {p + 1}"
                h = event_hash(previous_hash, at, "bench", PUBLISH, snapshot_id, label, p + 1)
                c.execute(insert(events).values(at=at, who="bench", action=PUBLISH, snapshot_id=snapshot_id,
                                                detail=label, plan_id=p + 1, prev_hash=previous_hash, hash=h))
                previous_hash = h
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text
        with engine.begin() as c:
            for t in ("plans", "snapshots"):
                c.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}) + 1, false)"))
            c.execute(text("ANALYZE"))
    engine.dispose()


def _as_csv(rows: list[dict], as_at: dt.date) -> bytes:
    """A plan's latest update as the tracker file it was read from (the page shown reads its file)."""
    import csv
    import io
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([f"Improvement plan as at {as_at:%d %B %Y}"])
    w.writerow(["Ref", "Recommendation", "Action", "Due date", "% Complete", "Lead officer", "Service lead", "Priority"])
    for r in rows:
        w.writerow([r["action_id"], r["recommendation"], r["action"], f"{r['due_date']:%d/%m/%Y}",
                    f"{r['completion']:.0f}%", r["lead_officer"], r["service_lead"], r["priority"] or ""])
    return out.getvalue().encode()


def page_run(url: str, page: str | None, clear: bool) -> float:
    """Server time of one run of dashboard.py on ``page`` (AppTest: the scripts, no browser)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    if clear:
        st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    if page is None:
        start = time.perf_counter()
        at.run()
    else:
        at.run()
        if clear:
            st.cache_data.clear()
        start = time.perf_counter()
        at.switch_page(page).run()
    took = time.perf_counter() - start
    assert not at.exception, at.exception
    return took


def add_update(url: str, plan_id: int, k: int) -> None:
    """A new update of one plan (its latest items, 5 points further on), as a publish would add it."""
    from sqlalchemy import func, insert, select

    from bvdata import store
    from bvdata.store.audit import PUBLISH, event_hash
    from bvdata.store.schema import events, snapshot_actions, snapshots
    engine = store.open_store(url)
    latest = store.latest_snapshot_id(engine, plan=plan_id)
    info = store.snapshot_info(engine, latest)
    with engine.begin() as c:
        rows = [dict(r) for r in c.execute(select(snapshot_actions).where(snapshot_actions.c.snapshot_id == latest)).mappings()]
        new_id = c.execute(select(func.max(snapshots.c.id))).scalar() + 1
        as_at = info.as_at + dt.timedelta(days=30)
        _, data = store.snapshot_file(engine, latest)
        data += b"\n" * (k + 1)              # the same tracker again (the page shown reads it), with its own hash
        c.execute(insert(snapshots).values(
            id=new_id, label=f"Bench update {k} of plan {plan_id}", as_at=as_at, published_by="bench",
            published_at=dt.datetime.now(dt.timezone.utc), filename=info.filename,
            sha256=hashlib.sha256(data).hexdigest(), file_bytes=data, action_count=len(rows), warning_count=0,
            theme_score_count=0, complete_count=0, overdue_count=0, closed_count=0, plan_id=plan_id, noun="actions"))
        for r in rows:
            r["snapshot_id"] = new_id
            r["completion"] = min(100.0, (r["completion"] or 0) + 5)
        c.execute(insert(snapshot_actions), rows)
        last = c.execute(select(events.c.hash).order_by(events.c.id.desc()).limit(1)).scalar()
        at = dt.datetime.now(dt.timezone.utc)
        c.execute(insert(events).values(at=at, who="bench", action=PUBLISH, snapshot_id=new_id, detail="bench",
                                        plan_id=plan_id, prev_hash=last,
                                        hash=event_hash(last, at, "bench", PUBLISH, new_id, "bench", plan_id)))
    engine.dispose()


def measure(url: str, label: str, repeats: int) -> dict:
    from bvdata import store
    from bvdata.model.portfolio import portfolio_view
    from bvdata.papers.portfolio import portfolio_docx
    from bvdata.store.portfolio import committee_plans
    os.environ["BVDATA_DATABASE_URL"] = url
    engine = store.open_store(url)
    keys = ("read", "view", "all_cold", "all_warm", "all_after_publish", "overview_cold", "overview_warm")
    out: dict[str, list[float]] = {k: [] for k in keys}
    for k in range(repeats):
        t = time.perf_counter()
        states = committee_plans(engine)
        out["read"].append(time.perf_counter() - t)
        t = time.perf_counter()
        view = portfolio_view(states, dt.date.today())
        out["view"].append(time.perf_counter() - t)
        out["overview_cold"].append(page_run(url, "pages/overview.py", clear=True))
        out["overview_warm"].append(page_run(url, "pages/overview.py", clear=False))
        out["all_cold"].append(page_run(url, None, clear=True))
        out["all_warm"].append(page_run(url, None, clear=False))
        add_update(url, 1 + k % len(states), k)                     # a publish to one plan
        out["all_after_publish"].append(page_run(url, None, clear=False))
    t = time.perf_counter()
    paper = portfolio_docx(view)
    paper_s = time.perf_counter() - t
    med = {k: statistics.median(v) for k, v in out.items()}
    print(f"\n{label}: {len(states)} plans, {sum(len(s.snapshots) for s in states)} snapshots, "
          f"{sum(len(s.latest) for s in states):,} items in the latest updates")
    print(f"  read every plan {med['read'] * 1000:.0f} ms; work out the view {med['view'] * 1000:.0f} ms")
    print(f"  All plans server time: cold (every cache empty) {med['all_cold'] * 1000:.0f} ms, "
          f"first open after a publish {med['all_after_publish'] * 1000:.0f} ms, warm {med['all_warm'] * 1000:.0f} ms "
          "(target < 1500 ms)")
    print(f"  baseline, one plan's Overview: cold {med['overview_cold'] * 1000:.0f} ms, warm {med['overview_warm'] * 1000:.0f} ms")
    print(f"  ratio All plans / Overview: cold {med['all_cold'] / med['overview_cold']:.2f}, "
          f"warm {med['all_warm'] / med['overview_warm']:.2f}")
    print(f"  portfolio paper (.docx, {len(paper) / 1e6:.1f} MB, {len(view.overdue):,} overdue rows): {paper_s:.1f} s "
          "(target < 30 s)")
    engine.dispose()
    return med


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--snapshots", type=int, default=20)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("BVDATA_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    import tempfile

    from conftest import postgres_database
    os.environ["BVDATA_DEMO"] = "0"
    os.environ["BVDATA_HOME"] = tempfile.mkdtemp(prefix="bvplans-")
    sqlite = f"sqlite:///{Path(os.environ['BVDATA_HOME']) / 'plans.sqlite'}"
    t = time.perf_counter()
    build(sqlite, args.plans, args.snapshots, args.items)
    print(f"built the SQLite store in {time.perf_counter() - t:.0f} s")
    measure(sqlite, "SQLite", args.repeats)
    if not args.postgres:
        print("\nPostgreSQL: skipped (no --postgres and no BVDATA_TEST_POSTGRES_URL)")
        return
    with postgres_database(args.postgres, "bvbench") as url:
        t = time.perf_counter()
        build(url, args.plans, args.snapshots, args.items)
        print(f"\nbuilt the PostgreSQL store in {time.perf_counter() - t:.0f} s")
        measure(url, "PostgreSQL", args.repeats)


if __name__ == "__main__":
    main()
