"""Names as people read them (issue 32, finding 11): stored as shown, compared as read."""
import pytest

from bvdata.base.cleantext import whole_number
from bvdata.base.errors import StoreError
from bvdata.base.names import checked_name, display_name, name_key


@pytest.mark.parametrize("written, shown", [
    ("Best Value plan", "Best Value plan"),
    ("Best\u200b Value plan", "Best Value plan"),                 # a zero-width space
    ("\uff22\uff45\uff53\uff54 Value plan", "Best Value plan"),     # full-width letters
    ("\u202eBest Value plan\u202c", "Best Value plan"),            # a right-to-left override and its end
    ("  Best \t Value\nplan ", "Best Value plan"),
    ("Plan\u00ad A\u2066", "Plan A"),                              # a soft hyphen, an isolate
])
def test_a_name_is_stored_as_a_reader_sees_it(written, shown):
    assert display_name(written) == shown


@pytest.mark.parametrize("twin", ["Best V\u0430lue plan", "B\u0435st Valu\u0435 pl\u0430n", "BEST VALUE PLAN",
                                  "Best \u03bdalue plan"])
def test_look_alike_letters_read_as_the_same_name(twin):
    assert name_key(twin) == name_key("Best Value plan")


def test_different_names_stay_different():
    assert name_key("Internal audit 2022/23") != name_key("Internal audit 2023/24")
    assert name_key("Plan A") != name_key("Plan B")


def test_a_name_is_refused_whole_when_blank_or_too_long():
    assert checked_name("x" * 200) == "x" * 200
    with pytest.raises(StoreError, match="201 characters long"):
        checked_name("x" * 201)
    with pytest.raises(StoreError, match="blank"):
        checked_name("\u200b \u202e")


@pytest.mark.parametrize("text, number", [("12", 12), (" 7 ", 7), ("\u00b2", None), ("\u0663", None), ("", None),
                                          ("1e3", None), ("-1", None), ("9" * 19, None), ("9" * 18, int("9" * 18)),
                                          (None, None), ("9" * 5000, None)])
def test_an_id_from_a_link_is_plain_digits_of_bounded_length(text, number):
    assert whole_number(text) == number
