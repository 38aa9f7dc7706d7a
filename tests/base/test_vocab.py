import pytest

from bvdata.base.vocab import canonical_theme, canonical_themes, field_for_header, normalise


@pytest.mark.parametrize("header, field", [
    ("Timescales", "due_date"), ("Due Date", "due_date"), ("END DATE", "due_date"), ("target date", "due_date"),
    ("% COMPLETION", "completion"), ("% Complete", "completion"), ("Progress", "completion"),
    ("NOTES", "notes"), ("Update", "notes"), ("Commentary", "notes"),
    ("Lead Officer", "lead_officer"), ("Responsible Officer", "lead_officer"), ("Lead Officer(s)", "lead_officer"),
    ("No.", "action_id"), ("Ref", "action_id"), ("Action No", "action_id"),
    ("Report Ref", "report_ref"), ("SERVICE LEAD", "service_lead"), ("ACTION", "action"),
    ("  Action\n", "action"), ("Audit Recommendation", "recommendation"),
    ("Colour", None), ("", None),
])
def test_action_headers_map_to_fields(header, field):
    assert field_for_header(header, "actions") == field


@pytest.mark.parametrize("written, theme", [
    ("Vision and Leadership", "Vision and Leadership"),
    ("VISION & LEADERSHIP", "Vision and Leadership"),
    ("Governance & Accountability", "Governance and Accountability"),
    ("effective use of resources", "Effective Use of Resources"),
    ("Partnerships & Collaborative Working", "Partnerships and Collaborative Working"),
    ("Working With Communities", "Working with Communities"),
    ("Sustainability", "Sustainable Development"),
    ("Theme 6 – Sustainable Development", "Sustainable Development"),
    ("Fairness & Equality", "Fairness and Equality"),
    ("Customer Focus", None),
])
def test_theme_variants(written, theme):
    assert canonical_theme(written) == theme


def test_seven_themes_in_guidance_order():
    assert canonical_themes() == (
        "Vision and Leadership", "Governance and Accountability", "Effective Use of Resources",
        "Partnerships and Collaborative Working", "Working with Communities", "Sustainable Development",
        "Fairness and Equality",
    )


def test_normalise():
    assert normalise(" % COMPLETION: ") == "% completion"
    assert normalise("R&D") == "r and d"
