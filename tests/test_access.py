import pytest

from bvdata.access import ANALYST, VIEWER, role_for


@pytest.mark.parametrize("email, expected", [
    ("analyst@council.gov.uk", ANALYST), ("Analyst@Council.GOV.uk", ANALYST), ("  analyst@council.gov.uk ", ANALYST),
    ("member@council.gov.uk", VIEWER), ("", VIEWER), (None, VIEWER),
])
def test_role_for_matches_the_allowlist_ignoring_case(email, expected):
    assert role_for(email, ["ANALYST@council.gov.uk"]) == expected


def test_an_empty_allowlist_makes_everyone_a_viewer():
    assert role_for("anyone@x", []) == VIEWER
