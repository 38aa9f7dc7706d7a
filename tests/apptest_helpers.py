"""Shared set-up for the AppTest page tests."""
import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT = 60


def open_page(page: str | None = None, env_tracker=None, monkeypatch=None) -> AppTest:
    if env_tracker is not None and monkeypatch is not None:
        monkeypatch.setenv("BVDATA_TRACKER", str(env_tracker))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, at.exception
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def values(array) -> list:
    """A trace's data as a list, whether Plotly wrote a plain list or a typed array (bdata)."""
    import base64

    import numpy as np
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def table_with(at: AppTest, column: str):
    """The first st.dataframe whose table has this column (AppTest does not keep dataframe keys)."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no table with a '{column}' column")


def app_store():
    """The store the app under test opens (the default one under this test's BVDATA_HOME)."""
    from bvdata import store
    return store.open_store(None)


def own_plan(n: int = 40, name: str = "Our Best Value plan", as_at=None, words: str = "Action {}") -> bytes:
    """Publish a council's own plan of ``n`` actions into the app's store, beside the sample; its file."""
    import datetime as dt

    from helpers import csv_bytes

    from bvdata import load_tracker, store
    from bvdata.store.publishing import NewPlan
    data = csv_bytes([["No.", "Action", "Timescales", "% Complete"]]
                     + [[str(i), words.format(i), "31/12/2030", "50%"] for i in range(1, n + 1)])
    store.publish(app_store(), load_tracker(data, "own.csv"), data, label=f"{name}, first update",
                  as_at=as_at or dt.date(2024, 6, 1), plan=NewPlan(name), published_by="ana")
    return data


def open_filters(at: AppTest) -> AppTest:
    """Open the page's filter popover (its contents are drawn only while it is open)."""
    at.session_state["filters_open"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def open_sections(at: AppTest, *keys: str) -> AppTest:
    """Open the expanders with these keys, as a click on each does in the browser (a section drawn on
    demand is drawn only while open)."""
    for key in keys:
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    return at
