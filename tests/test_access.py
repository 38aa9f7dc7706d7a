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


from bvdata.access import identity_from_claims  # noqa: E402

ALLOW = ["analyst@council.gov.uk"]


@pytest.mark.parametrize("claims, claim, role, name", [
    ({"email": "Analyst@council.gov.uk", "email_verified": True}, "email", ANALYST, "Analyst@council.gov.uk"),
    ({"email": "analyst@council.gov.uk"}, "email", ANALYST, "analyst@council.gov.uk"),          # no claim: Entra ID
    ({"email": "analyst@council.gov.uk", "email_verified": False}, "email", VIEWER, "analyst@council.gov.uk"),
    ({"email": "analyst@council.gov.uk", "email_verified": "false"}, "email", VIEWER, "analyst@council.gov.uk"),
    ({"sub": "analyst@council.gov.uk"}, "email", VIEWER, "signed in without 'email'"),           # never sub
    ({"email": "  "}, "email", VIEWER, "signed in without 'email'"),
    ({"preferred_username": "analyst@council.gov.uk", "email_verified": False}, "preferred_username", ANALYST,
     "analyst@council.gov.uk"),
    ({"email": "analyst@council.gov.uk"}, "preferred_username", VIEWER, "signed in without 'preferred_username'"),
    ({"email": "member@council.gov.uk", "email_verified": True}, "email", VIEWER, "member@council.gov.uk"),
])
def test_identity_from_claims_fails_closed(claims, claim, role, name):
    person = identity_from_claims(claims, ALLOW, claim)
    assert (person.role, person.name, person.signed_in) == (role, name, True)
    assert (person.note is None) is (role == ANALYST or name == "member@council.gov.uk")
