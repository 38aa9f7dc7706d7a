"""Issue 32, finding 5: a plan's name (taken from a file's title row) and an upload's file name were drawn
as Markdown, so a name holding an image or a link drew a working one and the page fetched an outside
address. A hostile plan name and file name go through every page; every element that reads Markdown shows
them escaped."""
import datetime as dt

import pytest
from apptest_helpers import app_store, open_page
from plans_data import plan_csv, publish_plan

from bvdata import load_tracker
from bvdata.store.plans import list_plans

HOST = "198.51.100.7"
NAME = f"![pixel](http://{HOST}/p.png) [Best Value](http://{HOST}/x) **plan**"
PAGES = ["overview", "progress", "overdue", "themes", "compare", "actions", "my_actions", "data", "review",
         "officers", "all_plans"]
MARKDOWN = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error", "expander")


def drawn_as_markdown(at) -> list[str]:
    """The text of every element that Streamlit renders as Markdown (and every expander's label)."""
    out = []
    for kind in MARKDOWN:
        for element in at.get(kind):
            out.append(str(getattr(element, "label", None) or getattr(element, "value", "") or ""))
    return out


def shown(texts: list[str]) -> list[str]:
    """The texts that show the hostile name (read as a person would, without Markdown's escapes)."""
    return [t for t in texts if HOST in t.replace("\\", "")]


def live_markup(texts: list[str]) -> list[str]:
    """Texts in which the hostile name's image or link would be drawn: its brackets left unescaped."""
    return [t for t in shown(texts) if "](" in t or "![" in t]


@pytest.fixture
def hostile_plan():
    open_page()                                 # the sample first, as on a first start
    engine = app_store()
    publish_plan(engine, "bv", 6, dt.date(2023, 1, 1), name=NAME, done=2, due="31/12/2022")
    publish_plan(engine, "bv", 6, dt.date(2023, 3, 1), done=3, due="31/12/2022")
    return next(p for p in list_plans(engine) if p.name == NAME)


def test_a_hostile_plan_name_is_text_on_every_page(hostile_plan):
    at = open_page()
    at.query_params["plan"] = str(hostile_plan.id)
    at.run()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        texts = drawn_as_markdown(at)
        assert live_markup(texts) == [], page
        if page not in ("all_plans", "data", "officers", "my_actions", "review"):   # one plan's pages name it
            assert shown(texts), (page, texts[:3])


def test_a_hostile_file_name_is_text_while_it_is_read():
    """Upload file names are drawn in the Data page's st.status label and its success line."""
    at = open_page("data")
    name = f"![x](http://{HOST}/y.png).csv"
    data = plan_csv("bv", 3, dt.date(2023, 1, 1))
    assert load_tracker(data, "plain.csv").actions.shape[0] == 3
    at.file_uploader(key="data_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    texts = drawn_as_markdown(at) + [str(s.proto.label) for s in at.get("expandable")]
    assert shown(texts)
    assert live_markup(texts) == []



def test_a_session_showing_a_plan_leaves_it_once_it_is_withdrawn(hostile_plan):
    """Finding 10: a session already showing plan B kept showing it after B was withdrawn elsewhere."""
    from bvdata.store.plans import withdraw_plan
    at = open_page()
    at.query_params["plan"] = str(hostile_plan.id)
    at.run()
    at.switch_page("pages/overview.py").run()
    assert at.session_state["bv_dataset"].plan_id == hostile_plan.id
    withdraw_plan(app_store(), hostile_plan.id, "bea@council.gov.uk", "published by mistake", None)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["bv_dataset"].plan_id != hostile_plan.id
    assert not shown(drawn_as_markdown(at))
