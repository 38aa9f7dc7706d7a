"""One truth on every screen and paper (issue 34, item 1): a plan's overdue count is the same on All plans,
its Overview, its committee report and the portfolio paper, because each counts the plan as at its own
latest update unless the committee names one date for every plan, and then that date is named."""
import datetime as dt
import io
import re

import pytest
from docx import Document

from bvdata import load_tracker, store
from bvdata.model.portfolio import portfolio_view
from bvdata.model.status import headline, with_status
from bvdata.papers.portfolio import portfolio_docx
from bvdata.papers.report import build_report
from bvdata.store.portfolio import load_portfolio
from bvdata.store.publishing import NewPlan
from tests.conftest import SAMPLE
from tests.papers.test_report import FakeRenderer


def text_of(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.fixture
def published(tmp_path):
    engine = store.open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    data = SAMPLE.read_bytes()
    tracker = load_tracker(data, SAMPLE.name)
    store.publish(engine, tracker, data, published_by="ana@council.gov.uk", plan=NewPlan("Best Value plan"))
    yield engine, tracker
    engine.dispose()


def test_a_plans_overdue_count_is_the_same_on_all_plans_its_overview_its_report_and_the_portfolio_paper(published):
    engine, tracker = published
    overview = headline(with_status(tracker.actions, tracker.as_at))["overdue"]
    assert overview != headline(with_status(tracker.actions, dt.date.today()))["overdue"]     # the dates matter
    view = portfolio_view(load_portfolio(engine))
    assert int(view.summary["overdue"].iloc[0]) == overview
    report = text_of(build_report(tracker, FakeRenderer()))
    assert re.search(rf"\b{overview} actions are overdue", report)
    paper = text_of(portfolio_docx(view))
    assert f"{overview} are overdue" in paper and "each plan as at its latest update" in paper


def test_one_date_for_every_plan_is_named_in_the_paper(published):
    engine, tracker = published
    day = dt.date(2023, 6, 30)
    view = portfolio_view(load_portfolio(engine), day)
    assert int(view.summary["overdue"].iloc[0]) == headline(with_status(tracker.actions, day))["overdue"]
    assert "Progress as at 30 Jun 2023" in text_of(portfolio_docx(view))
