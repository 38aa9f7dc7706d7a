import io

from docx import Document

from bvdata.papers.statement import build_statement
from bvdata.read.assembly.framework import load_framework, load_self_assessment
from tests.conftest import ROOT

ASSESSMENT = ROOT / "sample_data" / "self_assessment_2022-23_ILLUSTRATIVE.xlsx"


def test_statement_has_every_theme_with_score_evidence_and_actions(sample_tracker):
    sa = load_self_assessment(ASSESSMENT.read_bytes(), ASSESSMENT.name, load_framework())
    doc = Document(io.BytesIO(build_statement(sample_tracker, sample_tracker.themes, sa)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"Theme {i}: {t}" for i, t in enumerate(
        ["Vision and Leadership", "Governance and Accountability", "Effective Use of Resources",
         "Partnerships and Collaborative Working", "Working with Communities", "Sustainable Development",
         "Fairness and Equality"], start=1)]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Score and trend: 2020/21: 3.0; 2021/22: 3.5; target 4.0; self-assessment 2022/23:" in text
    evidence = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert evidence and all(": " in e for e in evidence)
    # the illustrative Theme column links the members' CPD actions (29-33) to Vision and Leadership
    first_table = doc.tables[0]
    assert {r.cells[0].text for r in first_table.rows[1:]} >= {"29", "30", "31", "32", "33"}


def test_the_statement_is_safe_on_its_own_with_control_characters(sample_tracker):
    import dataclasses
    actions = sample_tracker.actions.copy()
    actions["action"] = actions["action"].str.replace("Adopt", "Ad\x0bopt", regex=False)
    doc = Document(io.BytesIO(build_statement(dataclasses.replace(sample_tracker, actions=actions),
                                              sample_tracker.themes)))
    assert doc.paragraphs
