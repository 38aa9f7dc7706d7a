"""Demo and production: the sample never enters a production store, an empty one opens on a welcome,
every demo page says so, withdrawals work from the Data page, and Compare never mixes the sample with
a council's own snapshots."""

import pytest
from apptest_helpers import open_page
from helpers import csv_bytes

import pages.common.identity as identity_module
from bvdata import load_tracker, store
from bvdata.base.access import VIEWER, Identity
from bvdata.store import audit
from bvdata.store.plans import plan_named

OWN = csv_bytes([["Position as at 31 March 2023"], ["No.", "Action", "Timescales", "% Complete"]] +
                [[str(i), f"Our action {i}", "31/12/2030", "50%"] for i in range(1, 6)])
OWN_LATER = OWN.replace(b"31 March 2023", b"30 September 2023").replace(b"50%", b"100%", 2)


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("BVDATA_DEMO", "0")


def test_an_empty_production_store_is_never_seeded_and_welcomes_the_analyst(production):
    at = open_page()
    assert [t.value for t in at.title] == ["Best Value tracker"]
    assert any(l.label == "Upload the first tracker" for l in at.get("page_link"))
    assert store.list_snapshots(store.open_store(None)).empty
    assert not any("Demo data" in m.value for m in at.markdown)          # not demo data


def test_a_viewer_is_told_nothing_is_published_yet(production, monkeypatch):
    monkeypatch.setattr(identity_module, "identity_provider",
                        lambda: Identity("member@council.gov.uk", VIEWER, signed_in=True))
    at = open_page()
    assert "No update has been published yet" in at.info[0].value
    assert not at.get("page_link")


def test_the_first_upload_in_production_fills_the_dashboard(production):
    at = open_page()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    at.file_uploader(key="data_upload").set_value(("own.csv", OWN, "text/csv")).run()
    at.text_input(key="data_plan_name").input("Our plan").run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    assert at.session_state["bv_dataset"].kind == "snapshot"
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Actions"] == "5"


def test_every_page_says_sample_data_only_while_the_sample_plan_is_shown():
    at = open_page()
    for page in ("overview", "progress", "overdue", "themes", "compare", "actions"):
        at.switch_page(f"pages/{page}.py").run()
        assert sum("Sample data" in m.value for m in [*at.markdown, *at.caption]) == 1, page
        said = " ".join(m.value for m in [*at.markdown, *at.caption])
        assert "sample plan" in said and "BVDATA_" not in said, page        # plain words, no settings on screen
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data_upload").set_value(("own.csv", OWN, "text/csv")).run()
    at.text_input(key="data_plan_name").input("Our plan").run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    for page in ("overview", "progress", "actions"):              # the council's own file: no banner
        at.switch_page(f"pages/{page}.py").run()
        assert not any("Sample data" in m.value for m in [*at.markdown, *at.caption]), page


def test_withdraw_and_restore_from_the_data_page():
    at = open_page("data")
    # a form's fields are sent with its button, as in a browser
    at.selectbox(key="history_withdraw_id").set_value(2)
    at.text_input(key="history_withdraw_reason").input("Published the wrong file")
    at.button(key="FormSubmitter:history_withdraw_form-Withdraw").click().run()
    assert not at.exception, at.exception
    engine = store.open_store(None)
    assert list(store.list_snapshots(engine)["id"]) == [1]
    assert audit.withdrawn(engine)[2].why == "Published the wrong file"
    trail = [t.value for t in at.dataframe if "Who" in t.value.columns][0]
    assert trail["What"].iloc[0] == "withdraw"
    at.selectbox(key="history_restore_id").set_value(2)
    at.button(key="FormSubmitter:history_restore_form-Restore").click().run()
    assert list(store.list_snapshots(engine)["id"]) == [1, 2]


def test_compare_never_mixes_the_sample_with_a_councils_own():
    engine = store.open_store(None)
    store.seed_if_empty(engine, __import__("pages.common.connection", fromlist=["x"]).SAMPLE_HISTORY)
    for data, name in ((OWN, "own-mar.csv"), (OWN_LATER, "own-sep.csv")):
        store.publish(engine, load_tracker(data, name), data, label=name, published_by="ana", confirm_drop=True)
    at = open_page("compare")                 # opens on the latest by date: the council's September update
    options = at.selectbox(key="compare_old").options
    assert all("own-" in o for o in options), options
    assert "2 actions completed" in at.subheader[0].value
    at = open_page()
    sample = plan_named(engine, "Sample (illustrative)").id
    at.sidebar.selectbox(key="sidebar_plan").set_value(sample).run()      # the sample plan, in the plan picker
    at.switch_page("pages/compare.py").run()
    assert all("sample" in o for o in at.selectbox(key="compare_old").options)


def test_a_plan_is_renamed_on_the_data_page():
    at = open_page("data")
    at.file_uploader(key="data_upload").set_value(("own.csv", OWN, "text/csv")).run()
    at.text_input(key="data_plan_name").input("h5_earlier_update").run()
    at.button(key="data_publish").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/data.py").run()
    at.text_input(key="history_rename_name").input("Best Value plan 2022")
    at.button(key="FormSubmitter:history_rename_form-Rename").click().run()
    assert not at.exception, at.exception
    engine = store.open_store(None)
    from bvdata.store.plans import list_plans
    assert "Best Value plan 2022" in [p.name for p in list_plans(engine)]
    assert audit.trail(engine).iloc[0]["action"] == "plan renamed"
