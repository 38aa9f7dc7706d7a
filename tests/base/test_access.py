import pytest

from bvdata.base.access import ANALYST, VIEWER, role_for


@pytest.mark.parametrize("email, expected", [
    ("analyst@council.gov.uk", ANALYST), ("Analyst@Council.GOV.uk", ANALYST), ("  analyst@council.gov.uk ", ANALYST),
    ("member@council.gov.uk", VIEWER), ("", VIEWER), (None, VIEWER),
])
def test_role_for_matches_the_allowlist_ignoring_case(email, expected):
    assert role_for(email, ["ANALYST@council.gov.uk"]) == expected


def test_an_empty_allowlist_makes_everyone_a_viewer():
    assert role_for("anyone@x", []) == VIEWER


from bvdata.base.access import identity_from_claims  # noqa: E402

ALLOW = ["analyst@council.gov.uk"]


@pytest.mark.parametrize("claims, claim, role, name", [
    ({"email": "Analyst@council.gov.uk", "email_verified": True}, "email", ANALYST, "Analyst@council.gov.uk"),
    ({"email": "analyst@council.gov.uk"}, "email", VIEWER, "analyst@council.gov.uk"),       # verified must be said
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


# --- issue 21: identity ---------------------------------------------------------------------------------

@pytest.mark.parametrize("verified", [None, "0", "no", "true", 1, "yes"])
def test_an_email_counts_only_when_verified_is_json_true(verified):
    """Finding: email_verified of None, "0" or "no" counted as verified."""
    assert identity_from_claims({"email": "analyst@council.gov.uk", "email_verified": verified}, ALLOW).role == VIEWER


@pytest.mark.parametrize("claim", ["\u212analyst@council.gov.uk".replace("\u212a", "\u212a"),
                                   "analyst@council.gov.u\u212a", "ａnalyst@council.gov.uk", "analyst@council.gov.uk\u200f"])
def test_a_claim_that_is_not_plain_ascii_never_matches(claim):
    """Finding: a claim with the Kelvin sign (U+212A) matched kate@… after casefolding."""
    person = identity_from_claims({"email": claim, "email_verified": True}, ["analyst@council.gov.uk",
                                                                            "kanalyst@council.gov.uk"])
    assert person.role == VIEWER and "cannot be matched" in person.note
    assert role_for(claim, ["analyst@council.gov.uk", "kanalyst@council.gov.uk", "analyst@council.gov.uk"]) == VIEWER
