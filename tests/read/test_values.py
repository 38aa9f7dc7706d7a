import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bvdata.read.cells.values import (
    FINANCIAL_QUARTER,
    MONTH,
    QUARTER,
    SERIAL,
    UNREADABLE,
    WORD,
    completion_scale,
    date_reading,
    format_id,
    format_text,
    parse_completion,
    parse_date,
    to_percent,
)

D = dt.date


@pytest.mark.parametrize("raw, expected", [
    (dt.datetime(2022, 10, 31), D(2022, 10, 31)),
    (D(2022, 10, 31), D(2022, 10, 31)),
    ("31-Oct-22", D(2022, 10, 31)),
    ("31/10/2022", D(2022, 10, 31)),
    ("01/02/2022", D(2022, 2, 1)),          # day first: UK files
    ("1.2.22", D(2022, 2, 1)),
    ("2022-10-31", D(2022, 10, 31)),
    ("2022-10-31 00:00:00", D(2022, 10, 31)),
    ("31 October 2022", D(2022, 10, 31)),
    ("31st March 2022", D(2022, 3, 31)),
    ("March 2022", D(2022, 3, 31)),
    ("Sep-22", D(2022, 9, 30)),
    (44865, D(2022, 10, 31)),               # an Excel day count in an unformatted cell
    ("", None), ("   ", None), (None, None),
    ("TBC", UNREADABLE), ("Ongoing", UNREADABLE), ("31/02/2022", UNREADABLE), (7, UNREADABLE), (True, UNREADABLE),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) is expected if expected is UNREADABLE else parse_date(raw) == expected


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)))
def test_uk_and_iso_text_dates_round_trip(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    if 1930 <= day.year <= 2029:  # two-digit years follow Excel's pivot
        assert parse_date(day.strftime("%d-%b-%y")) == day


@given(st.text(max_size=30))
def test_parse_date_never_raises(text):
    result = parse_date(text)
    assert result is None or result is UNREADABLE or isinstance(result, dt.date)


@pytest.mark.parametrize("cells, expected", [
    ([0.75, 1.0, 0.0, None], [75.0, 100.0, 0.0, None]),          # fractions with % format
    ([75, 100, 0, None], [75.0, 100.0, 0.0, None]),              # whole numbers
    (["75%", "80 %"], [75.0, 80.0]),
    (["75", 0.5, 80], [75.0, 50.0, 80.0]),                       # a stray fraction in a whole-number column
    (["150%"], [UNREADABLE]), ([-5, 50], [UNREADABLE, 50.0]),
])
def test_completion(cells, expected):  # noqa: D103 - words are read by bvdata.progress, see below
    parsed = [parse_completion(c) for c in cells]
    scale = completion_scale(p[1] for p in parsed if p not in (None, UNREADABLE) and p[0] == "number")
    got = []
    for p in parsed:
        if p is None or p is UNREADABLE:
            got.append(p)
        else:
            got.append(to_percent(p, scale))
    assert got == expected


def test_blank_completion_stays_missing_not_zero():
    assert parse_completion("") is None
    assert parse_completion(None) is None


@given(st.integers(min_value=0, max_value=100))
def test_percent_text_round_trips(n):
    assert to_percent(parse_completion(f"{n}%"), 1.0) == n


@pytest.mark.parametrize("raw, expected", [
    (14.0, "14"), (14, "14"), ("14", "14"), (" 3a ", "3a"), (1.1, "1.1"), ("", None), (None, None),
])
def test_format_id(raw, expected):
    assert format_id(raw) == expected


def test_format_text_keeps_written_form():
    assert format_text(67.0) == "67"
    assert format_text("112 – 116") == "112 – 116"
    assert format_text("  ") is None


@pytest.mark.parametrize("cell", ["Complete", "half", "Not started", " on hold "])
def test_a_word_in_a_completion_cell_is_passed_on_as_a_word(cell):
    assert parse_completion(cell) == (WORD, cell.strip())


@pytest.mark.parametrize("cell", ["%", "-", "12-"])
def test_a_completion_cell_with_no_letters_and_no_number_is_unreadable(cell):
    assert parse_completion(cell) is UNREADABLE


@pytest.mark.parametrize("text, expected, reading", [
    ("Q1 2023", D(2023, 3, 31), QUARTER), ("Quarter 1 2023", D(2023, 3, 31), QUARTER),
    ("q4 2023", D(2023, 12, 31), QUARTER), ("2023 Q2", D(2023, 6, 30), QUARTER),
    ("Q1 2023/24", D(2023, 6, 30), FINANCIAL_QUARTER), ("Q2 2023-24", D(2023, 9, 30), FINANCIAL_QUARTER),
    ("Q3 2023/2024", D(2023, 12, 31), FINANCIAL_QUARTER), ("Q4 2023/24", D(2024, 3, 31), FINANCIAL_QUARTER),
    ("August 2020", D(2020, 8, 31), MONTH), ("Aug-20", D(2020, 8, 31), MONTH), ("feb 2024", D(2024, 2, 29), MONTH),
    ("44926", D(2022, 12, 31), SERIAL), (" 44926.0 ", D(2022, 12, 31), SERIAL),
    ("  31/10/2022  ", D(2022, 10, 31), None),
])
def test_periods_and_serials_read_as_their_last_day(text, expected, reading):
    assert parse_date(text) == expected
    assert date_reading(text) == reading


@pytest.mark.parametrize("text", ["Q5 2023", "Q1 2023/25", "Q0 2023", "Quarter 2023"])
def test_impossible_quarters_are_unreadable(text):
    assert parse_date(text) is UNREADABLE


@given(st.integers(min_value=2000, max_value=2090), st.integers(min_value=1, max_value=4))
def test_a_financial_quarter_ends_three_months_after_the_calendar_one(year, quarter):
    calendar_end = parse_date(f"Q{quarter} {year}")
    financial_end = parse_date(f"Q{quarter} {year}/{(year + 1) % 100:02d}")
    months = (financial_end.year - calendar_end.year) * 12 + financial_end.month - calendar_end.month
    assert months == 3


@pytest.mark.parametrize("text, expected", [
    ("31/12/29", D(2029, 12, 31)), ("01/01/30", D(1930, 1, 1)), ("01/01/0100", D(100, 1, 1)), ("5-Mar-99", D(1999, 3, 5)),
])
def test_two_digit_year_pivot_edges(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("value, expected", [
    (20_000, D(1954, 10, 3)), (80_000, D(2119, 1, 11)), (19_999, UNREADABLE), (80_001, UNREADABLE),
    (float("inf"), UNREADABLE), (float("nan"), UNREADABLE), ("", None), ("   ", None), (None, None), (True, UNREADABLE),
])
def test_day_number_edges_and_blanks(value, expected):
    assert parse_date(value) == expected if expected is not UNREADABLE else parse_date(value) is UNREADABLE


@pytest.mark.parametrize("value", ["", None, "  "])
def test_blank_completion_is_none(value):
    assert parse_completion(value) is None


@pytest.mark.parametrize("value", [float("inf"), float("nan"), np.float64("nan"), np.float64("inf"), True,
                                   dt.time(12, 0), dt.timedelta(days=1), D(2022, 1, 1), object()])
def test_non_numbers_in_a_completion_cell_are_unreadable(value):
    assert parse_completion(value) is UNREADABLE


@pytest.mark.parametrize("numbers, scale", [([0.5, 1.5], 1.0), ([1.0, 0.25], 100.0), ([], 100.0), ([100, 2], 1.0)])
def test_completion_scale_exactly(numbers, scale):
    assert completion_scale(numbers) == scale


@pytest.mark.parametrize("parsed, scale, expected", [
    (("number", 1.0), 1.0, 1.0), (("number", 1.5), 1.0, 1.5), (("number", 0.0), 1.0, 0.0),
    (("number", 100.5), 1.0, UNREADABLE), (("percent", 100.0), 1.0, 100.0), (("percent", 33.33333333), 1.0, 33.333333),
    (("number", 1.0), 100.0, 100.0), (("percent", -0.1), 1.0, UNREADABLE),
])
def test_to_percent_edges(parsed, scale, expected):
    got = to_percent(parsed, scale)
    assert got is UNREADABLE if expected is UNREADABLE else got == expected


@pytest.mark.parametrize("value, expected", [
    (14.0, "14"), (14.5, "14.5"), (7, "7"), (True, "True"), ("  a1 ", "a1"), ("", None), ("   ", None), (None, None),
    (dt.datetime(2022, 3, 1, 10), "2022-03-01"),
])
def test_format_id_of_odd_cells(value, expected):
    assert format_id(value) == expected


@pytest.mark.parametrize("value, expected", [
    (" text ", "text"), ("", None), ("  ", None), (None, None), (67.0, "67"), (D(2022, 3, 1), "01/03/2022"),
    (dt.datetime(2022, 3, 1, 9), "01/03/2022"),
])
def test_format_text(value, expected):
    assert format_text(value) == expected
