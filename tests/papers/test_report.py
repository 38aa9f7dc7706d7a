"""The committee report, read back with python-docx and checked against the data."""
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from bvdata import load_tracker
from bvdata.model.history import compare_sides, tracker_side
from bvdata.papers.report import build_report
from tests.conftest import ROOT

EARLIER = ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"


def tiny_png() -> bytes:
    """A real 2x2 PNG: the structure tests do not need Chromium to draw the charts."""
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, "PNG")
    return out.getvalue()


TINY_PNG = tiny_png()


class FakeRenderer:
    def __init__(self):
        self.figures = []

    def png(self, fig, width=1000, height=560):
        self.figures.append(fig)
        return TINY_PNG


@pytest.fixture(scope="module")
def report(sample_tracker):
    earlier = load_tracker(EARLIER)
    previous = compare_sides(tracker_side(earlier), tracker_side(sample_tracker))
    renderer = FakeRenderer()
    doc = Document(io.BytesIO(build_report(sample_tracker, renderer, previous=previous)))
    return doc, renderer


def action_tables(doc):
    return [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["No.", "Action"]
            and "Service Lead" in [c.text for c in t.rows[0].cells]]


def test_every_action_appears_exactly_once(report, sample_tracker):
    doc, _ = report
    ids = [row.cells[0].text for t in action_tables(doc) for row in t.rows[1:]]
    assert sorted(ids, key=int) == [str(i) for i in range(1, 41)]


def test_a_section_and_table_per_recommendation(report, sample_tracker):
    doc, _ = report
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 8 and headings[0].startswith("1. Embed a culture")
    sizes = [len(t.rows) - 1 for t in action_tables(doc)]
    assert sizes == [4, 6, 11, 3, 4, 5, 5, 2]
    first = action_tables(doc)[0].rows[1].cells
    assert [c.text for c in first][:3] == ["1", sample_tracker.actions["action"].iloc[0], "31 Oct 2022"]
    assert first[6].text == "100%"


def test_title_summary_amended_and_overdue(report):
    doc, _ = report
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Progress Update as at 14 Feb 2022" in text
    assert "17 of 40 actions are complete" in text
    assert "Since the update of 08 Feb 2021: 13 actions completed" in text
    amended = next(t for t in doc.tables if t.rows[0].cells[1].text == "Original action")
    assert [r.cells[0].text for r in amended.rows[1:]] == ["23", "24", "36"]
    overdue = next(t for t in doc.tables if "Days overdue" in [c.text for c in t.rows[0].cells])
    assert [r.cells[0].text for r in overdue.rows[1:]] == ["37", "14"]
    assert overdue.rows[1].cells[4].text == "685"


def test_charts_have_alt_text_stating_their_message(report):
    doc, renderer = report
    assert len(renderer.figures) == 2          # round-up against the previous update, and the radar
    descriptions = [el.get("descr") for el in doc.element.body.iter(qn("wp:docPr"))]
    assert len(descriptions) == 2
    assert "Complete 17" in descriptions[0] and "Overdue 2" in descriptions[0]
    assert "Sustainable Development" in descriptions[1]


def test_wide_tables_on_landscape_pages_with_repeating_headers(report):
    doc, _ = report
    orientations = [s.orientation for s in doc.sections]
    assert 1 in orientations                   # WD_ORIENT.LANDSCAPE
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_hostile_text_is_written_as_text(tmp_path):
    from helpers import csv_bytes
    data = csv_bytes([["No.", "Action", "Timescales", "Notes"], ["1", "=cmd|' /C calc'!A0", "31/03/2020", "<script>x</script>"]])
    tracker = load_tracker(data, "h.csv")
    doc = Document(io.BytesIO(build_report(tracker, FakeRenderer())))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "<script>x</script>" in cells


def test_control_characters_never_stop_the_paper(sample_tracker):
    """Finding (issue 21): a tracker cell with a control character made report --out x.docx fail. The
    reader takes them out at the door; the report is safe on its own too, whatever it is handed."""
    import dataclasses
    actions = sample_tracker.actions.copy()
    actions.loc[0, "action"] = "Adopt\x0b PSIF"
    actions.loc[1, "notes"] = "\x01" + str(actions.loc[1, "notes"])
    dirty = dataclasses.replace(sample_tracker, actions=actions, recommendations=["R\x02ec"] + sample_tracker.recommendations,
                                source_name="plan\x0c.xlsx")
    doc = Document(io.BytesIO(build_report(dirty, FakeRenderer(), title="Plan\x0b")))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Adopt PSIF" in cells and not any("\x0b" in c or "\x01" in c for c in cells)


@pytest.mark.browser
def test_real_charts_render_with_chromium(sample_tracker):
    from browser import need_browser
    need_browser()
    from bvdata.papers.report import ChartRenderer
    with ChartRenderer() as renderer:
        data = build_report(sample_tracker, renderer)
    doc = Document(io.BytesIO(data))
    blobs = [rel.target_part.blob for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert len(blobs) == 2 and all(b.startswith(b"\x89PNG") and len(b) > 10_000 for b in blobs)


@pytest.mark.browser
def test_two_reports_at_once_share_one_renderer(sample_tracker):
    """Two analysts preparing reports in one app process at the same moment: both succeed, and the
    shared Chromium is still there for a third report afterwards (it used to be closed by the first
    report to finish, under the other)."""
    import threading

    from browser import need_browser
    need_browser()
    from bvdata.papers.report import ChartRenderer
    results, failures = {}, []

    def prepare(name):
        try:
            with ChartRenderer() as renderer:
                results[name] = build_report(sample_tracker, renderer)
        except Exception as exc:     # noqa: BLE001 - recorded and asserted on below
            failures.append(f"{name}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=prepare, args=(n,)) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert failures == [] and set(results) == {"first", "second"}
    import kaleido
    # still the one shared browser: neither report closed it (without it, every chart would start a Chromium)
    assert kaleido._global_server.is_running()
    prepare("third")
    assert failures == [] and "third" in results
    for data in results.values():
        doc = Document(io.BytesIO(data))
        blobs = [rel.target_part.blob for rel in doc.part.rels.values() if "image" in rel.reltype]
        assert len(blobs) == 2 and all(b.startswith(b"\x89PNG") for b in blobs)


def test_the_forecast_section_follows_the_roundup(sample_tracker):
    import datetime as dt

    from bvdata.model.forecast import Point, forecast
    f = forecast([Point(dt.date(2021, 2, 8), 10, 0, 36), Point(dt.date(2022, 2, 14), 19, 0, 36)])
    renderer = FakeRenderer()
    doc = Document(io.BytesIO(build_report(sample_tracker, renderer, forecast=f)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    at = headings.index("Burn-up and forecast")
    assert headings[at - 1].startswith("Progress round-up")
    texts = [p.text for p in doc.paragraphs]
    assert f.sentence in texts and "all 36 actions complete" in f.sentence
    assert [t.name for t in renderer.figures[1].data][:2] == ["Actions in the plan", "Complete"]
    alts = [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))]
    assert any(a.startswith("Burn-up: actions complete at each update (08 Feb 2021 10; 14 Feb 2022 19)") for a in alts)


def test_a_forecast_that_means_nothing_is_said_without_a_chart(sample_tracker):
    import datetime as dt

    from bvdata.model.forecast import Point, forecast
    f = forecast([Point(dt.date(2022, 2, 14), 19, 0, 36)])
    renderer = FakeRenderer()
    doc = Document(io.BytesIO(build_report(sample_tracker, renderer, forecast=f)))
    assert f.sentence in [p.text for p in doc.paragraphs]
    assert not [fig for fig in renderer.figures if fig.layout.title.text.startswith("Burn-up")]


def test_the_paper_says_the_files_own_words():
    """Issue 23: "3 of 8 actions" in the report of a recommendation-level file."""
    from follow_up import wide_workbook
    tracker = load_tracker(wide_workbook(30), "recommendations.xlsx")
    doc = Document(io.BytesIO(build_report(tracker, FakeRenderer())))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Progress by report" in headings and "Overdue recommendations" in headings
    assert "Progress round-up of all 11 recommendations" in headings and "Amended recommendations" in headings
    assert not any("action" in h.lower() for h in headings)
    header_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["No.", "Recommendation", "Timescales", "Lead body"] == header_rows[0][:4]
    assert doc.paragraphs[[p.text for p in doc.paragraphs].index("Summary") + 1].text.startswith(
        "2 of 11 recommendations are complete")


@pytest.mark.parametrize("plan_name, kind, title", [
    ("Internal audit 2022/23", "internal_audit", "Internal audit 2022/23"),
    (None, "internal_audit", "Internal audit recommendations"),
    (None, "best_value", "Best Value Audit Implementation Plan"),
])
def test_the_report_is_titled_in_its_plans_words(plan_name, kind, title):
    """Issue 34, item 3: an internal-audit plan's paper is not a "Best Value Audit Implementation Plan"."""
    from helpers import csv_bytes
    rows = [["Audit report", "Recommendation", "Due date", "Status", "Responsible officer"],
            ["Payroll 2022", "Reconcile the payroll monthly", "31/03/2023", "Implemented", "Ann Lee"],
            ["Payroll 2022", "Review leavers' access", "30/06/2023", "Not started", "Ann Lee"]]
    tracker = load_tracker(csv_bytes(rows), "ia.csv")
    doc = Document(io.BytesIO(build_report(tracker, FakeRenderer(), plan_name=plan_name, kind=kind)))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == title
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Best Value" not in " ".join(text[:3]) or kind == "best_value"
    assert any(h.startswith("Progress by audit report") for h in headings), headings
