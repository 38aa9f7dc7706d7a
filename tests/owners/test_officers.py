"""Lead officers: spellings mapped to people, joint leads split, imports checked, every change an event."""
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bvdata import store
from bvdata.base.errors import StoreError
from bvdata.owners.officers import (
    actions_of,
    lead_names,
    name_key,
    officer_table,
    read_officers_file,
    save_officers,
    unmapped_names,
)
from bvdata.store import audit
from tests.helpers import csv_bytes, xlsx_bytes

TABLE = pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"},
                      {"name": "C Hepburn", "email": "clair@example.org"},
                      {"name": "C Myers", "email": "chris@example.org"}])


@pytest.mark.parametrize("cell, names", [
    ("C Hepburn / C Myers", ["C Hepburn", "C Myers"]),
    ("Clair Hepburn", ["Clair Hepburn"]),
    ("Jenni Craig & Jason McDonald", ["Jenni Craig", "Jason McDonald"]),
    ("A Smith and B Jones", ["A Smith", "B Jones"]),
    ("Hepburn, Clair", ["Hepburn, Clair"]),          # one person, surname first
    ("  ", []), (None, []), (float("nan"), []),
])
def test_lead_names(cell, names):
    assert lead_names(cell) == names


@pytest.mark.parametrize("a, b", [("Clair Hepburn", "clair  hepburn"), ("C. Hepburn", "C Hepburn"),
                                  ("CLAIR HEPBURN ", "Clair Hepburn")])
def test_spellings_compare_without_case_spacing_or_punctuation(a, b):
    assert name_key(a) == name_key(b)


_NAME = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=8)


@given(st.lists(st.tuples(_NAME, _NAME).map(" ".join), min_size=1, max_size=4), st.sampled_from([" / ", " & ", "/", "; "]))
def test_joint_leads_split_into_the_names_written(names, joiner):
    assert lead_names(joiner.join(names)) == names


def test_actions_of_a_person_by_any_spelling_and_in_joint_leads():
    actions = pd.DataFrame({"lead_officer": ["Clair Hepburn", "C Hepburn / C Myers", "Jenni Craig", None]})
    assert list(actions_of(actions, "clair@example.org", TABLE)) == [True, True, False, False]
    assert list(actions_of(actions, "CHRIS@example.org", TABLE)) == [False, True, False, False]
    missing = unmapped_names(actions, TABLE)
    assert missing.to_dict("records") == [{"name": "Jenni Craig", "actions": 1}]


def test_read_officers_from_csv_and_from_an_officers_sheet():
    from_csv = read_officers_file(csv_bytes([["name", "email"], ["Clair Hepburn", "Clair@Example.org"],
                                             ["", ""], ["C Hepburn", "clair@example.org"]]), "o.csv")
    assert from_csv.to_dict("records") == [{"name": "Clair Hepburn", "email": "clair@example.org"},
                                           {"name": "C Hepburn", "email": "clair@example.org"}]
    book = xlsx_bytes({"Plan": [["x"]], "Officers": [["Name", "Email"], ["Jenni Craig", "jenni@example.org"]]})
    assert read_officers_file(book, "o.xlsx").to_dict("records") == [{"name": "Jenni Craig", "email": "jenni@example.org"}]


@pytest.mark.parametrize("rows, message", [
    ([["name", "email"], ["Clair Hepburn", "not an address"]], "Row 2 of o.csv needs a name and one valid email address"),
    ([["name", "email"], ["Clair Hepburn", "a@example.org"], ["clair hepburn", "b@example.org"]], "two email addresses"),
    ([["who", "where"], ["x", "y"]], "needs the columns .name. and .email."),
    ([["name", "email"]], "lists no officers"),
    # issue 21: an address that names a path, or two addresses in one cell, is not an address
    ([["name", "email"], ["Clair Hepburn", "../../../tmp/x@x.org"]], "one valid email address"),
    ([["name", "email"], ["Clair Hepburn", "/tmp/x@x.org"]], "one valid email address"),
    ([["name", "email"], ["Clair Hepburn", "a@b.org,evil"]], "one valid email address"),
    ([["name", "email"], ["Clair Hepburn", "a@b.org, c@d.org"]], "one valid email address"),
    ([["name", "email"], ["Clair Hepburn", "\u212aate@example.org"]], "one valid email address"),
])
def test_bad_officer_files_are_refused_in_one_sentence(rows, message):
    with pytest.raises(StoreError, match=message):
        read_officers_file(csv_bytes(rows), "o.csv")


def test_saving_replaces_the_table_and_leaves_an_event(store_url):
    engine = store.open_store(store_url)
    save_officers(engine, TABLE, "ana@example.org", "imported from o.csv")
    save_officers(engine, TABLE.head(1), "ana@example.org", "edited on the Data page")
    assert officer_table(engine).to_dict("records") == [{"name": "Clair Hepburn", "email": "clair@example.org"}]
    trail = audit.trail(engine)
    assert list(trail["action"]) == ["officers", "officers"]
    assert trail["detail"].iloc[0] == "edited on the Data page: 1 spellings for 1 people (was 3 spellings)"
    engine.dispose()
