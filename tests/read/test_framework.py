import io

import pytest
from openpyxl import load_workbook

from bvdata import TrackerError
from bvdata.base.vocab import canonical_themes
from bvdata.papers.templates import self_assessment_template
from bvdata.read.assembly.framework import load_framework, load_self_assessment

# the guidance's numbered characteristics per theme (Theme 3 by sub-area), counted in the seed
EXPECTED = {
    ("Vision and Leadership", ""): 12, ("Governance and Accountability", ""): 15,
    ("Effective Use of Resources", "Staff"): 7, ("Effective Use of Resources", "Asset management"): 4,
    ("Effective Use of Resources", "Information"): 3,
    ("Effective Use of Resources", "Financial management and planning"): 11,
    ("Effective Use of Resources", "Performance management"): 9,
    ("Partnerships and Collaborative Working", ""): 4, ("Working with Communities", ""): 9,
    ("Sustainable Development", ""): 5, ("Fairness and Equality", ""): 8,
}


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def test_framework_holds_all_seven_themes_and_every_numbered_characteristic(framework):
    c = framework.characteristics
    assert tuple(framework.themes) == canonical_themes()
    counts = c.groupby(["theme", "area"], sort=False).size().to_dict()
    assert counts == EXPECTED
    for _, rows in c.groupby(["theme", "area"]):
        assert list(rows["number"]) == list(range(1, len(rows) + 1))
    assert c["ref"].is_unique
    first = c.iloc[0]["characteristic"]
    assert first.startswith("The local authority's vision for its area is developed in partnership")
    # a bulleted characteristic keeps its bullets, including the one the page break displaced
    partners = c[(c["theme"] == "Partnerships and Collaborative Working") & (c["number"] == 2)].iloc[0]
    assert "scenario planning with partners" in partners["characteristic"]
    assert partners["characteristic"].endswith("place-based capital and revenue expenditure.")


def test_scale_has_descriptors(framework):
    assert [s for s, _ in framework.scale] == [1, 2, 3, 4, 5]
    assert all(d for _, d in framework.scale)


def fill(framework, scores: dict[str, dict[int, object]], period="2022/23") -> bytes:
    wb = load_workbook(io.BytesIO(self_assessment_template(framework, period)))
    for sheet, by_row in scores.items():
        for row, value in by_row.items():
            wb[sheet].cell(row=row, column=4, value=value)
            wb[sheet].cell(row=row, column=5, value=f"evidence {row}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_has_a_sheet_per_theme_and_a_row_per_characteristic(framework):
    wb = load_workbook(io.BytesIO(self_assessment_template(framework)))
    theme_sheets = wb.sheetnames[2:]
    assert len(theme_sheets) == 7
    ws = wb[theme_sheets[2]]
    assert [c.value for c in ws[4]] == ["Area", "No.", "Characteristic", "Score", "Evidence", "Related action refs"]
    assert ws.max_row - 4 == 34
    validation = ws.data_validations.dataValidation[0]
    assert (validation.formula1, validation.formula2) == ("1", "5")
    assert [c.value for c in wb["About"]["A"][2:6]] == ["Period", "Assessor", "Date", "Scale"]


def test_filled_workbook_reads_back_to_expected_theme_scores(framework):
    data = fill(framework, {"1 Vision and Leadership": {5: 2, 6: 4, 7: 3},
                            "6 Sustainable Development": {5: 1, 6: 2, 7: 2, 8: 1, 9: 4}})
    sa = load_self_assessment(data, "sa.xlsx", framework)
    means = sa.theme_scores().set_index("theme")
    assert means.loc["Vision and Leadership", "score"] == 3.0
    assert means.loc["Vision and Leadership", "coverage"] == "3 of 12 scored"
    assert means.loc["Sustainable Development", "score"] == 2.0
    assert means.loc["Sustainable Development", "coverage"] == "5 of 5 scored"
    assert means.loc["Fairness and Equality", "scored"] == 0
    assert len(sa.unscored()) == 87 - 8
    assert sa.period == "2022/23"
    assert set(sa.characteristics.loc[sa.characteristics["score"].notna(), "evidence"]) >= {"evidence 5"}


@pytest.mark.parametrize("value", [7, 0, "good", -1, 4.5 * 2])
def test_bad_scores_are_warned_with_sheet_and_row(framework, value):
    data = fill(framework, {"2 Governance and Accountability": {6: value, 7: 3}})
    sa = load_self_assessment(data, "sa.xlsx", framework)
    warnings = [i for i in sa.issues if i.level == "warning"]
    assert [(w.sheet, w.row) for w in warnings] == [("2 Governance and Accountability", 6)]
    assert sa.theme_scores().set_index("theme").loc["Governance and Accountability", "score"] == 3


def test_a_file_without_a_self_assessment_is_refused(framework):
    from helpers import csv_bytes
    with pytest.raises(TrackerError, match="No self-assessment"):
        load_self_assessment(csv_bytes([["a", "b"], ["1", "2"]]), "x.csv", framework)


def test_the_illustrative_sample_says_so_and_reads(framework):
    from tests.conftest import ROOT
    path = ROOT / "sample_data" / "self_assessment_2022-23_ILLUSTRATIVE.xlsx"
    wb = load_workbook(path)
    assert "ILLUSTRATIVE" in wb["About"]["A10"].value
    sa = load_self_assessment(path.read_bytes(), path.name, framework)
    assert 0 < sa.characteristics["score"].notna().sum() < 87
