"""Plans (issue 24): every snapshot in one plan; a file goes into the plan it shares at least half its
items with, or a new one; everything that looks back stays inside its plan, tested with two plans whose
dates interleave; the landed store migrates on SQLite and PostgreSQL; analysts limited to named plans."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from plans_data import plan_csv, publish_plan
from sqlalchemy import Boolean, MetaData, create_engine, insert, select, text

from bvdata import load_tracker, store
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.store import audit
from bvdata.store.plans import SAMPLE_PLAN, evidence, list_plans, plan_named, withdraw_plan
from bvdata.store.publishing import NewPlan
from bvdata.store.versions import movement_since_previous, plan_forecast, previous_side
from tests.conftest import ROOT

LANDED = ROOT / "tests" / "fixtures" / "landed_store.sqlite"     # made by the landed code (schema 0004)
D = dt.date


# --- migrating the landed store ------------------------------------------------------------------------

def _landed_copy(url: str, tmp_path) -> None:
    """The landed store's rows, at its own schema (0004), in the store at ``url``."""
    if url.startswith("sqlite"):
        shutil.copy(LANDED, url.removeprefix("sqlite:///"))
        return
    from alembic import command
    from alembic.config import Config
    source = create_engine(f"sqlite:///{LANDED}")
    old = MetaData()
    old.reflect(source)
    target = create_engine(store.database_url(url))
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with target.begin() as connection, source.connect() as reading:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            into = _table(connection, table.name)
            flags = [c.name for c in into.columns if isinstance(c.type, Boolean)]      # SQLite kept them as 0 and 1
            rows = [dict(r) | {f: None if r[f] is None else bool(r[f]) for f in flags}
                    for r in reading.execute(select(table)).mappings()]
            if rows:
                connection.execute(insert(into), rows)
        for name in ("snapshots", "events", "officers", "updates", "update_reviews", "column_mappings"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
    source.dispose()
    target.dispose()


def _table(connection, name: str):
    meta = MetaData()
    meta.reflect(connection, only=[name])
    return meta.tables[name]


def test_migrating_the_landed_store_keeps_every_snapshot_event_and_update(store_url, tmp_path):
    _landed_copy(store_url, tmp_path)
    engine = store.open_store(store_url)              # upgrades to the head revision
    with engine.connect() as c:
        counts = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("snapshots", "snapshot_actions", "events", "updates", "update_reviews", "officers")}
        unplanned = c.execute(text("SELECT count(*) FROM snapshots WHERE plan_id IS NULL")).scalar()
    assert counts == {"snapshots": 4, "snapshot_actions": 122, "events": 8, "updates": 1, "update_reviews": 1,
                      "officers": 1}
    assert unplanned == 0
    plans = {p.name: p for p in list_plans(engine)}
    assert set(plans) == {SAMPLE_PLAN, "Best Value plan"} and plans[SAMPLE_PLAN].sample
    every = store.list_snapshots(engine, include_withdrawn=True)
    by_plan = every.groupby("plan_id")["id"].apply(list).to_dict()
    # the sample's two and the one published from a reviewed update made on it; the council's own apart
    assert by_plan == {plans[SAMPLE_PLAN].id: [1, 2, 3], plans["Best Value plan"].id: [4]}
    assert audit.verify_chain(engine) is None
    assert list(store.list_snapshots(engine, plan=plans[SAMPLE_PLAN].id)["id"]) == [2, 3]     # 1 stays withdrawn
    assert store.latest_snapshot_id(engine, plan=plans["Best Value plan"].id) == 4
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM snapshots WHERE closed_count IS NULL")).scalar() == 0


# --- publishing into a plan -----------------------------------------------------------------------------

def test_the_first_file_makes_a_plan_named_from_its_title_and_the_next_joins_it_on_the_evidence(store_url):
    engine = store.open_store(store_url)
    first = publish_plan(engine, "bv", 10, D(2023, 1, 1), title="Best Value plan 2021")
    plan = list_plans(engine)[0]
    assert first.plan_id == plan.id and plan.name.startswith("Best Value plan 2021")
    later = publish_plan(engine, "bv", 10, D(2023, 3, 1), step=20)
    assert later.plan_id == plan.id
    found = evidence(engine, load_tracker(plan_csv("bv", 10, D(2023, 5, 1)), "x.csv").actions)[0]
    assert (found.shared, found.items) == (10, 10) and found.sentence() == f"shares 10 of its 10 actions with {plan.name}"


def test_a_file_sharing_less_than_half_with_every_plan_is_refused_in_one_sentence(store_url):
    engine = store.open_store(store_url)
    publish_plan(engine, "bv", 10, D(2023, 1, 1), name="Best Value plan")
    data = plan_csv("ia", 8, D(2023, 2, 1))
    with pytest.raises(StoreError) as refused:
        store.publish(engine, load_tracker(data, "ia.csv"), data)
    assert str(refused.value) == ("ia.csv shares fewer than half its actions with any plan ('Best Value plan' shares "
                                  "0 of 8); say which plan it goes into, or name a new one.")
    assert len(store.list_snapshots(engine)) == 1
    made = store.publish(engine, load_tracker(data, "ia.csv"), data, plan=NewPlan("Internal audit", "internal_audit"))
    assert plan_named(engine, "internal audit").id == made.plan_id and plan_named(engine, "Internal audit").kind == "internal_audit"


def test_a_councils_first_file_never_lands_in_the_sample_and_runs_no_drop_check_against_it(tmp_path):
    from pages.common.connection import SAMPLE_HISTORY
    engine = store.open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    store.seed_if_empty(engine, SAMPLE_HISTORY)
    data = plan_csv("bv", 8, D(2024, 1, 1), title="Our council's plan")
    info = store.publish(engine, load_tracker(data, "ours.csv"), data)      # no NeedsConfirmation: 40 of 40 dropped
    sample = plan_named(engine, SAMPLE_PLAN)
    assert info.plan_id != sample.id and not plan_named(engine, "Our council's plan").sample


def test_an_analyst_limited_to_named_plans_is_refused_elsewhere_with_an_event(store_url):
    engine = store.open_store(store_url)
    publish_plan(engine, "bv", 5, D(2023, 1, 1), name="Best Value plan")
    publish_plan(engine, "ia", 5, D(2023, 1, 1), name="Internal audit")
    limits = {"ian@council.gov.uk": ["Internal audit"]}
    data = plan_csv("bv", 5, D(2023, 2, 1))
    with pytest.raises(AccessRefused, match="may change 'Internal audit' only, so may not publish to the plan 'Best Value plan'"):
        store.publish(engine, load_tracker(data, "bv.csv"), data, published_by="Ian@Council.gov.uk",
                      plan_analysts=limits)
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "refused"
    ok = plan_csv("ia", 5, D(2023, 2, 1))
    assert store.publish(engine, load_tracker(ok, "ia.csv"), ok, published_by="ian@council.gov.uk",
                         plan_analysts=limits).plan_id == plan_named(engine, "Internal audit").id


# --- nothing looks across plans (two plans whose dates interleave) --------------------------------------

@pytest.fixture
def two_plans(store_url):
    """Best Value at Jan, Mar, May 2023 (10 items, 2 more complete each time); internal audit at Feb and
    Apr 2023 (4 items, one complete then three) — dated between each other's updates."""
    engine = store.open_store(store_url)
    ids = {}
    ids["bv1"] = publish_plan(engine, "bv", 10, D(2023, 1, 1), name="Best Value plan", done=2)
    ids["ia1"] = publish_plan(engine, "ia", 4, D(2023, 2, 1), name="Internal audit", done=1, due="01/01/2023")
    ids["bv2"] = publish_plan(engine, "bv", 10, D(2023, 3, 1), done=4)
    ids["ia2"] = publish_plan(engine, "ia", 4, D(2023, 4, 1), done=3, due="01/06/2023")
    ids["bv3"] = publish_plan(engine, "bv", 10, D(2023, 5, 1), done=6)
    yield engine, {k: v.id for k, v in ids.items()}, plan_named(engine, "Best Value plan").id, plan_named(engine, "Internal audit").id
    engine.dispose()


def test_the_latest_and_the_previous_update_stay_in_the_plan(two_plans):
    engine, s, bv, ia = two_plans
    assert store.latest_snapshot_id(engine, plan=ia) == s["ia2"] and store.latest_snapshot_id(engine, plan=bv) == s["bv3"]
    assert previous_side(engine, None, s["ia2"]).snapshot_id == s["ia1"]       # not bv2, a month later than ia1
    moved = movement_since_previous(engine, store.snapshot_tracker(engine, s["ia2"]), s["ia2"])
    assert moved.old.snapshot_id == s["ia1"] and not moved.comparison.movement["new"] and not moved.comparison.movement["removed"]
    assert [int(i) for i in store.list_snapshots(engine, plan=ia)["id"]] == [s["ia1"], s["ia2"]]


def test_the_burn_up_and_forecast_are_the_plans_own(two_plans):
    engine, s, bv, ia = two_plans
    points = plan_forecast(engine, plan=bv).points
    assert [(p.as_at, p.complete, p.items) for p in points] == [(D(2023, 1, 1), 2, 10), (D(2023, 3, 1), 4, 10),
                                                                 (D(2023, 5, 1), 6, 10)]
    assert [p.complete for p in plan_forecast(engine, plan=ia).points] == [1, 3]


def test_the_drop_check_and_labels_stay_in_the_plan(two_plans):
    engine, s, bv, ia = two_plans
    # internal audit's next update drops nothing of its own, though it has none of Best Value's 10 items
    info = publish_plan(engine, "ia", 4, D(2023, 6, 1), done=4)
    assert info.plan_id == ia
    # a label already used in one plan is free in another, and taken in its own
    label = store.snapshot_info(engine, s["bv3"]).label
    assert store.label_taken(engine, label, plan=ia) is None
    assert store.label_taken(engine, label, plan=bv).id == s["bv3"]
    # dropping most of a plan's items is still asked about, within the plan
    data = plan_csv("bv", 3, D(2023, 7, 1))
    with pytest.raises(store.NeedsConfirmation, match="drops 7 of the 10 actions"):
        store.publish(engine, load_tracker(data, "bv.csv"), data, plan=bv)


def test_a_withdrawn_plan_leaves_every_list_and_comes_back(two_plans):
    engine, s, bv, ia = two_plans
    withdraw_plan(engine, ia, "ana", "Recorded in the wrong store")
    assert [p.name for p in list_plans(engine)] == ["Best Value plan"]
    assert set(store.list_snapshots(engine)["plan_id"]) == {bv}
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "plan withdrawn"


# --- renaming a plan (issue 34, item 6) -------------------------------------------------------------------

def test_a_plan_is_renamed_with_an_event_and_keeps_its_snapshots(store_url):
    from bvdata.store.plans import rename_plan
    engine = store.open_store(store_url)
    publish_plan(engine, "bv", 6, D(2023, 1, 1), name="h5_earlier_update")
    plan = plan_named(engine, "h5_earlier_update")
    assert rename_plan(engine, plan.id, "  Best Value plan 2022 ", "ana@council.gov.uk", plan_analysts={}) == \
        "Best Value plan 2022"
    assert plan_named(engine, "best value plan 2022").id == plan.id and plan_named(engine, "h5_earlier_update") is None
    assert [p.name for p in list_plans(engine)] == ["Best Value plan 2022"]
    trail = audit.trail(engine)
    assert trail.iloc[0]["action"] == "plan renamed" and trail.iloc[0]["detail"] == "Best Value plan 2022"
    assert audit.verify_chain(engine) is None
    assert len(store.list_snapshots(engine, plan=plan.id)) == 1
    with pytest.raises(StoreError, match="was first called 'h5_earlier_update'"):
        publish_plan(engine, "ia", 4, D(2023, 2, 1), name="h5_earlier_update")


def test_a_rename_is_refused_in_a_sentence_when_it_would_confuse(store_url):
    from bvdata.base.errors import AccessRefused
    from bvdata.store.plans import rename_plan
    engine = store.open_store(store_url)
    publish_plan(engine, "bv", 6, D(2023, 1, 1), name="Plan A")
    publish_plan(engine, "ia", 4, D(2023, 1, 1), name="Plan B")
    a = plan_named(engine, "Plan A")
    with pytest.raises(StoreError, match="There is already a plan called 'Plan B'"):
        rename_plan(engine, a.id, "plan  b", "ana@council.gov.uk", plan_analysts={})
    with pytest.raises(StoreError, match="already called 'Plan A'"):
        rename_plan(engine, a.id, "Plan A", "ana@council.gov.uk", plan_analysts={})
    # renaming changes who the analysts' limits let in: only an analyst who may change every plan may do it
    with pytest.raises(AccessRefused, match="may not rename the plan 'Plan A'"):
        rename_plan(engine, a.id, "Plan C", "ia@council.gov.uk", plan_analysts={"ia@council.gov.uk": ["Plan A"]})
    assert plan_named(engine, "Plan A").id == a.id
