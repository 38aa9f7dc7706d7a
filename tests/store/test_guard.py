"""Issue 32: one guard on every change to a plan (bvdata.store.guard). Each finding of the security review
is a test here, on both databases where a store is involved; a walk over bvdata/store and bvdata/owners
fails when a writer does not pass through the guard; and a property test drives the owner loop across two
plans with two analysts, one limited, and checks that plan B is changed only by those allowed."""
import ast
import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans_data import plan_csv, publish_plan

from bvdata import load_tracker, store
from bvdata.base.access import ANALYST, VIEWER, Identity
from bvdata.base.errors import AccessRefused, StoreError
from bvdata.owners.officers import save_officers
from bvdata.owners.reviewed import publish_reviewed
from bvdata.owners.updates import Proposal, all_updates, review, submit
from bvdata.read.assembly.mapping import ColumnMapping
from bvdata.store import audit, withdrawals
from bvdata.store.mappings import save_mapping, saved_for
from bvdata.store.plans import Ambiguous, list_plans, plan_named, restore_plan, withdraw_plan
from tests.conftest import ROOT

D = dt.date
IAN = Identity("ian@council.gov.uk", ANALYST, True)          # limited to plan A
BEA = Identity("bea@council.gov.uk", ANALYST, True)          # may change any plan
CLAIR = Identity("clair@example.org", VIEWER, True)          # a lead officer in both plans
LIMITS = {"ian@council.gov.uk": ["Plan A"]}


def two_plans(engine):
    publish_plan(engine, "ia", 6, D(2023, 1, 1), name="Plan A")
    publish_plan(engine, "bv", 6, D(2023, 1, 1), name="Plan B")
    save_officers(engine, pd.DataFrame([{"name": n, "email": "clair@example.org"} for n in ["Clair Hepburn"]]),
                  "bea", "test")
    return plan_named(engine, "Plan A").id, plan_named(engine, "Plan B").id


@pytest.fixture
def engine(store_url):
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


def snapshots_of(engine, plan_id: int) -> list[int]:
    return list(store.list_snapshots(engine, plan=plan_id, include_withdrawn=True)["id"])


def clairs_update(engine, plan_id: int) -> int | None:
    """Clair's update on one of her actions in the plan's latest live snapshot (None when it has none)."""
    latest = store.latest_snapshot_id(engine, plan=plan_id)
    if latest is None:
        return None
    actions = store.snapshot_actions_frame(engine, latest)
    mine = actions.index[actions["lead_officer"] == "Clair Hepburn"]
    return submit(engine, CLAIR, latest, int(mine[0]), Proposal(completion=80)) if len(mine) else None


# --- findings 1 and 2: review, publish reviewed, withdraw and restore pass through the guard ----------------

def test_a_limited_analyst_may_not_review_or_publish_another_plans_updates(engine):
    a, b = two_plans(engine)
    update = clairs_update(engine, b)
    with pytest.raises(AccessRefused, match="may not review update .* of the plan 'Plan B'"):
        review(engine, IAN, update, True, "", LIMITS)
    assert all_updates(engine).set_index("id").loc[update, "state"] == "pending"
    review(engine, BEA, update, True, "", LIMITS)
    before = snapshots_of(engine, b)
    with pytest.raises(AccessRefused, match="may not publish reviewed updates to the plan 'Plan B'"):
        publish_reviewed(engine, IAN, as_at=D(2023, 2, 1), plan_id=b, plan_analysts=LIMITS)
    assert snapshots_of(engine, b) == before
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "refused"
    info, _ = publish_reviewed(engine, BEA, as_at=D(2023, 2, 1), plan_id=b, plan_analysts=LIMITS)
    assert snapshots_of(engine, b) == before + [info.id]


def test_a_limited_analyst_may_not_withdraw_or_restore_another_plan_or_its_snapshots(engine):
    a, b = two_plans(engine)
    only_b = snapshots_of(engine, b)[0]
    with pytest.raises(AccessRefused, match=f"may not withdraw snapshot {only_b} of the plan 'Plan B'"):
        withdrawals.withdraw(engine, only_b, IAN.name, "mine now", LIMITS)
    assert only_b not in audit.withdrawn(engine)
    withdrawals.withdraw(engine, only_b, BEA.name, "wrong file", LIMITS)
    with pytest.raises(AccessRefused, match="may not restore snapshot"):
        withdrawals.restore(engine, only_b, IAN.name, LIMITS)
    with pytest.raises(AccessRefused, match="may not withdraw the plan 'Plan B'"):
        withdraw_plan(engine, b, IAN.name, "gone", LIMITS)
    withdraw_plan(engine, b, BEA.name, "gone", LIMITS)
    with pytest.raises(AccessRefused, match="may not restore the plan 'Plan B'"):
        restore_plan(engine, b, IAN.name, LIMITS)
    withdraw_plan(engine, a, IAN.name, "done with it", LIMITS)           # his own plan: allowed
    assert [p.name for p in list_plans(engine)] == []


# --- finding 3: a mapping belongs to a plan, and says so -------------------------------------------------

ODD = ColumnMapping("Look-alike", "CSV", 2, ["Ref", "Action", "Due date", "% Complete", "Lead officer", "Priority"],
                    {"A": "action_id", "B": "action"})


def test_a_mapping_saved_on_one_plan_is_never_applied_to_another(engine):
    a, b = two_plans(engine)
    with pytest.raises(AccessRefused, match="may not save a column mapping for the plan 'Plan B'"):
        save_mapping(engine, ODD, IAN.name, b, LIMITS)
    save_mapping(engine, ODD, IAN.name, a, LIMITS)                  # for his own plan, leaving out % and due
    assert [s.plan_name for s in saved_for(engine, BEA.name, LIMITS, plan=b)] == []
    mine = saved_for(engine, IAN.name, LIMITS)
    assert [(s.plan_name, s.saved_by) for s in mine] == [("Plan A", IAN.name)]
    assert "saved by ian@council.gov.uk" in mine[0].sentence() and "for the plan 'Plan A'" in mine[0].sentence()
    # plan B's next update, read with plan A's mapping, cannot go into plan B
    data = plan_csv("bv", 6, D(2023, 2, 1), done=2)
    read = load_tracker(data, "b.csv", mappings=[ODD])
    assert read.mapping == "Look-alike" and read.actions["completion"].isna().all()
    with pytest.raises(StoreError, match="saved for the plan 'Plan A', so it cannot go into 'Plan B'"):
        store.publish(engine, read, data, published_by=BEA.name, plan=b, mapping_json=ODD.to_json(),
                      plan_analysts=LIMITS)
    # read without it (no saved mapping of plan B applies), it goes in with its figures
    info = store.publish(engine, load_tracker(data, "b.csv", mappings=[s.mapping for s in saved_for(engine, BEA.name, LIMITS, plan=b)]),
                         data, published_by=BEA.name, plan=b, plan_analysts=LIMITS)
    assert info.plan_id == b and store.snapshot_actions_frame(engine, info.id)["completion"].notna().all()


# --- finding 4: evidence that points to two plans asks -------------------------------------------------

def test_a_file_two_plans_could_be_is_refused_naming_both(engine):
    a, b = two_plans(engine)
    data = plan_csv("bv", 6, D(2023, 3, 1), done=1)
    store.publish(engine, load_tracker(data, "copy.csv"), data, published_by=BEA.name, plan=a, confirm_drop=True,
                  plan_analysts=LIMITS)                            # a copy of B's items put into A
    later = plan_csv("bv", 6, D(2023, 4, 1), done=3)
    with pytest.raises(Ambiguous, match="more than one plan, 'Plan A' .* and 'Plan B'"):
        store.publish(engine, load_tracker(later, "b.csv"), later, published_by=BEA.name, plan_analysts=LIMITS)
    info = store.publish(engine, load_tracker(later, "b.csv"), later, published_by=BEA.name, plan=b,
                         plan_analysts=LIMITS)
    assert info.plan_id == b
    with pytest.raises(store.DuplicateSnapshot, match="of the plan 'Plan B'"):
        store.publish(engine, load_tracker(later, "b.csv"), later, published_by=BEA.name, plan=a, plan_analysts=LIMITS)


# --- finding 11: names compared as people read them -------------------------------------------------------

@pytest.mark.parametrize("twin", ["Best\u200b Value plan", "Best V\u0430lue plan", "\uff22est \uff36alue plan",
                                  "best  value PLAN", "\u202eBest Value plan"])
def test_a_name_that_reads_the_same_is_the_same_plan(engine, twin):
    from bvdata.store.plans import create_plan
    create_plan(engine, "Best Value plan", BEA.name, plan_analysts=None)
    with pytest.raises(StoreError, match="There is already a plan called 'Best Value plan'"):
        create_plan(engine, twin, BEA.name, plan_analysts=None)
    assert plan_named(engine, twin).name == "Best Value plan"


def test_a_name_is_stored_as_shown_and_refused_whole_when_too_long(engine):
    from bvdata.store.plans import create_plan
    made = create_plan(engine, "\u202eInternal\u200d audit", BEA.name, plan_analysts=None)
    assert made.name == "Internal audit" == list_plans(engine)[0].name
    with pytest.raises(StoreError, match="10,000 characters long; a name has at most 200"):
        create_plan(engine, "x" * 10_000, BEA.name, plan_analysts=None)


# --- findings 8 and 9: a record that proves itself -------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "UPDATE snapshot_actions SET completion = 100, progress = 'complete'",
    "DELETE FROM snapshot_actions", "UPDATE snapshots SET complete_count = 99", "DELETE FROM snapshots",
    "UPDATE plans SET name = 'x'", "DELETE FROM plans", "UPDATE snapshots SET plan_id = NULL",
])
def test_published_snapshots_and_plans_cannot_be_changed(engine, statement):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError
    two_plans(engine)
    with pytest.raises(DBAPIError, match="never changed, deleted or replaced"):
        with engine.begin() as connection:
            connection.execute(text(statement))


def test_sqlite_refuses_a_snapshot_replaced_in_place(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError
    engine = store.open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    two_plans(engine)
    with pytest.raises(DBAPIError, match="never changed, deleted or replaced"):
        with engine.begin() as connection:
            connection.execute(text("INSERT OR REPLACE INTO snapshot_actions (snapshot_id, position, action) "
                                    "VALUES (1, 0, 'forged')"))


def tampered(tmp_path, statements: str):
    """A store of two plans that someone with the file edited after dropping the guards."""
    import sqlite3
    path = tmp_path / "s.sqlite"
    engine = store.open_store(f"sqlite:///{path}")
    two_plans(engine)
    raw = sqlite3.connect(path)
    raw.executescript(statements)
    raw.commit()
    raw.close()
    return engine, path


def test_doctor_verify_finds_figures_edited_outside_the_app(tmp_path, capsys):
    from bvdata.cli.main import main
    engine, path = tampered(tmp_path, "DROP TRIGGER snapshot_actions_no_update; "
                                      "UPDATE snapshot_actions SET completion = 100, progress = 'complete';")
    assert audit.verify_chain(engine) is None                 # the trail alone cannot see it
    assert main(["doctor", "--database", f"sqlite:///{path}"]) == 0
    capsys.readouterr()
    assert main(["doctor", "--verify", "--database", f"sqlite:///{path}"]) == 1
    out = capsys.readouterr().out
    assert "FAIL snapshot seals: Snapshot 1 no longer matches the seal in its publish event" in out


def test_doctor_verify_passes_an_untouched_store(tmp_path, capsys):
    from bvdata.cli.main import main
    engine, path = tampered(tmp_path, "")
    assert main(["doctor", "--verify", "--database", f"sqlite:///{path}"]) == 0
    assert "ok   snapshot seals: 2 snapshots match the seal" in capsys.readouterr().out


def test_deleting_the_newest_event_shows_against_a_signed_backup(tmp_path, monkeypatch, capsys):
    import sqlite3

    from bvdata.cli.main import main
    from bvdata.store import backup
    key = b"a test key of thirty-two bytes!!"
    path = tmp_path / "s.sqlite"
    engine = store.open_store(f"sqlite:///{path}")
    a, b = two_plans(engine)
    withdrawals.withdraw(engine, snapshots_of(engine, b)[0], BEA.name, "wrong file", None)
    (tmp_path / "b.zip").write_bytes(backup.backup(engine, key))
    raw = sqlite3.connect(path)                 # drop the guard, delete the withdrawal: the snapshot is live again
    raw.executescript("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = (SELECT max(id) FROM events);")
    raw.commit()
    raw.close()
    assert audit.verify_chain(engine) is None and not audit.withdrawn(engine)
    monkeypatch.setenv("BVDATA_BACKUP_KEY", key.decode())
    assert main(["doctor", "--verify", "--backup", str(tmp_path / "b.zip"), "--database", f"sqlite:///{path}"]) == 1
    assert "FAIL trail against the backup: The audit trail ends at event" in capsys.readouterr().out


def test_unsigned_never_skips_a_signature_and_restore_says_the_backups_age(tmp_path):
    from bvdata.store import backup
    key = b"a test key of thirty-two bytes!!"
    source = store.open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    two_plans(source)
    data = backup.backup(source, key)
    empty = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError, match="signed, but no backup key is set"):
        backup.restore_backup(empty, data, "it", unsigned=True)
    done = backup.restore_backup(empty, data, "it", key=key)
    assert done.age.startswith("Written ") and "today" in done.age and "its newest event is from" in done.age


def test_a_backup_whose_tail_events_were_removed_loads_nothing(tmp_path):
    """The manifest names the trail's head; a signed backup cut at its end is refused by the signature, and
    an unsigned one that still names its head is refused by the head."""
    import io
    import json
    import zipfile

    from bvdata.store import backup
    source = store.open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    two_plans(source)
    data = backup.backup(source, None)
    zin = zipfile.ZipFile(io.BytesIO(data))
    events = [json.loads(line) for line in zin.read("events.jsonl").decode().splitlines() if line][:-1]
    manifest = json.loads(zin.read("manifest.json"))
    lines = "".join(json.dumps(e) + "\n" for e in events).encode()
    manifest["rows"]["events"] = len(events)
    import hashlib
    manifest["sha256"]["events.jsonl"] = hashlib.sha256(lines).hexdigest()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in zin.namelist():
            z.writestr(n, lines if n == "events.jsonl" else json.dumps(manifest) if n == "manifest.json" else zin.read(n))
    empty = store.open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError, match="does not end at the event its manifest names"):
        backup.restore_backup(empty, out.getvalue(), "it", unsigned=True)


# --- the walk: every writer passes through the guard ------------------------------------------------------

# writers that change no plan, each with the reason (any other writer must call may_change)
NOT_A_PLANS_CHANGE = {
    ("guard", "may_change"): "the guard itself, recording a refusal",
    ("engine", "upgrade"): "the schema's migrations",
    ("officers", "save_officers"): "the officer table (names to addresses) is the council's, not a plan's",
    ("remind", "send_and_record"): "reminder emails leave an event, and change no plan",
    ("updates", "refuse"): "records a refusal",
    ("updates", "submit"): "an officer's own update on their own action, checked by ownership; it changes "
                           "nothing until an analyst allowed to change the plan reviews and publishes it",
    ("reviewed", "publish_reviewed"): "calls may_change before it writes the returns (and publish calls it again)",
}


def writers():
    """(module, function) for every top-level function of bvdata/store and bvdata/owners that opens the one
    write path (``writer(...)``), and whether it calls ``may_change``."""
    found = []
    for folder in ("store", "owners"):
        for path in sorted((ROOT / "bvdata" / folder).glob("*.py")):
            tree = ast.parse(path.read_text())
            for node in tree.body:
                if not isinstance(node, ast.FunctionDef):
                    continue
                calls = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
                if "writer" in calls:
                    found.append((path.stem, node.name, "may_change" in calls))
    return found


def test_every_writer_passes_through_the_guard():
    listed = writers()
    assert len(listed) >= 10                      # the walk finds them (publish, withdraw, review, mappings…)
    unguarded = [(m, f) for m, f, guarded in listed if not guarded and (m, f) not in NOT_A_PLANS_CHANGE]
    assert unguarded == []
    assert {(m, f) for m, f, guarded in listed if guarded} >= {
        ("publishing", "publish"), ("withdrawals", "withdraw"), ("withdrawals", "restore"), ("plans", "create_plan"),
        ("plans", "withdraw_plan"), ("plans", "restore_plan"), ("mappings", "save_mapping"),
        ("updates", "review"), ("backup", "restore_backup")}


def test_publish_reviewed_checks_the_guard_before_it_writes():
    source = (ROOT / "bvdata" / "owners" / "reviewed.py").read_text()
    body = source[source.index("def publish_reviewed("):source.index("def _the_plan(")]
    assert body.index("may_change(") < body.index("with writer(")


# --- the owner loop across two plans, driven by hypothesis -----------------------------------------------

STEPS = st.lists(st.tuples(st.sampled_from(["publish", "submit", "review", "publish_reviewed", "withdraw",
                                            "restore", "withdraw_plan", "restore_plan"]),
                           st.sampled_from([IAN, BEA]), st.sampled_from(["A", "B"]), st.booleans()),
                 min_size=1, max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_plan_b_is_changed_only_by_those_allowed(tmp_path_factory, steps):
    engine = store.open_store(f"sqlite:///{tmp_path_factory.mktemp('loop') / 's.sqlite'}")
    ids = dict(zip("AB", two_plans(engine)))
    month = iter(range(2, 40))

    def b_events() -> list:
        trail = audit.trail(engine)
        return [r for r in trail.itertuples() if r.action != "refused" and r.action != "update submitted"
                and _plan_of_event(engine, r.id) == ids["B"]]

    for action, person, which, flag in steps:
        plan = ids[which]
        before = len(b_events())
        try:
            if action == "publish":
                when = D(2023, 1, 1) + dt.timedelta(days=31 * next(month))
                kind = "ia" if which == "A" else "bv"
                data = plan_csv(kind, 6, when, done=2)
                store.publish(engine, load_tracker(data, f"{kind}{when}.csv"), data, published_by=person.name,
                              plan=plan, as_at=when, plan_analysts=LIMITS)
            elif action == "submit":
                clairs_update(engine, plan)
            elif action == "review":
                pending = all_updates(engine)
                pending = pending[(pending["state"] == "pending") & (pending["plan_id"] == plan)]
                if len(pending):
                    review(engine, person, int(pending["id"].iloc[0]), flag, "" if flag else "no", LIMITS)
            elif action == "publish_reviewed":
                publish_reviewed(engine, person, as_at=D(2024, 1, 1) + dt.timedelta(days=next(month)),
                                 plan_id=plan, plan_analysts=LIMITS)
            elif action in ("withdraw", "restore"):
                listed = snapshots_of(engine, plan)
                gone = set(audit.withdrawn(engine))
                target = next((s for s in listed if (s in gone) == (action == "restore")), None)
                if target is not None:
                    (withdrawals.withdraw(engine, target, person.name, "why", LIMITS) if action == "withdraw"
                     else withdrawals.restore(engine, target, person.name, LIMITS))
            elif action == "withdraw_plan" and plan not in audit.withdrawn_plans(engine):
                withdraw_plan(engine, plan, person.name, "why", LIMITS)
            elif action == "restore_plan" and plan in audit.withdrawn_plans(engine):
                restore_plan(engine, plan, person.name, LIMITS)
        except AccessRefused:
            assert person is IAN and which == "B"
        except StoreError:
            pass                                  # refused for another reason (nothing waiting, a duplicate…)
        if person is IAN:
            assert len(b_events()) == before, (action, which)
    assert all(r.who != IAN.name for r in b_events())
    engine.dispose()


def _plan_of_event(engine, event_id: int):
    from sqlalchemy import select

    from bvdata.store.guard import plan_of_snapshot
    from bvdata.store.schema import events
    with engine.connect() as connection:
        row = connection.execute(select(events.c.plan_id, events.c.snapshot_id).where(events.c.id == event_id)).one()
    return row.plan_id if row.plan_id is not None else (plan_of_snapshot(engine, row.snapshot_id)
                                                        if row.snapshot_id is not None else None)
