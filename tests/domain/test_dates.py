"""Reading dates as Salvadoran lists write them, with their precision."""

from __future__ import annotations

import math
import time
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.dates import (
    DateParseError,
    PartialDate,
    Precision,
    format_date_es,
    parse_date,
)
from habeas.domain.errors import HabeasError

CAPTURE = PartialDate(2022, 3, 27)  # the first weekend of the régimen de excepción


@pytest.mark.parametrize(
    "written",
    [
        "27/03/2022",
        "27-03-2022",
        "27.03.2022",
        "27-03-22",
        "27/3/22",
        "2022-03-27",
        "2022/03/27",
        " 27 / 03 / 2022 ",
        "27 de marzo de 2022",
        "27 DE MARZO DE 2022",
        "27 de marzo del 2022",
        "27  marzo   2022",
        "27-mar-2022",
        "27-MAR-22",
        "27 mar. 2022",
        "Domingo, 27 de marzo de 2022",
        "marzo 27, 2022",
        "March 27, 2022",
        "27/03/2022 14:30",
        "27/03/2022 2:30 p. m.",
        "2022-03-27T14:30:00",
        "2022-03-27 00:00:00",
    ],
)
def test_it_reads_the_formats_lists_use(written: str) -> None:
    assert parse_date(written) == CAPTURE


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1ro de abril de 2022", PartialDate(2022, 4, 1)),
        ("1° de abril de 2022", PartialDate(2022, 4, 1)),
        ("1º de abril de 2022", PartialDate(2022, 4, 1)),
        ("primero de abril de 2022", PartialDate(2022, 4, 1)),
        ("15-ene-2023", PartialDate(2023, 1, 15)),
        ("3 feb 2023", PartialDate(2023, 2, 3)),
        ("3 abr 2023", PartialDate(2023, 4, 3)),
        ("3 may 2023", PartialDate(2023, 5, 3)),
        ("3-jun-2023", PartialDate(2023, 6, 3)),
        ("3-jul-2023", PartialDate(2023, 7, 3)),
        ("3 ago 2023", PartialDate(2023, 8, 3)),
        ("3 sep 2023", PartialDate(2023, 9, 3)),
        ("3 set 2023", PartialDate(2023, 9, 3)),
        ("3 sept. 2023", PartialDate(2023, 9, 3)),
        ("3 de setiembre de 2023", PartialDate(2023, 9, 3)),
        ("3 oct 2023", PartialDate(2023, 10, 3)),
        ("3 nov 2023", PartialDate(2023, 11, 3)),
        ("24 dic 2022", PartialDate(2022, 12, 24)),
        ("29/02/2024", PartialDate(2024, 2, 29)),
    ],
)
def test_it_reads_spanish_month_names_abbreviations_and_ordinals(
    written: str, expected: PartialDate
) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "written", ["marzo 2022", "marzo de 2022", "MARZO DEL 2022", "mar-2022", "03/2022", "2022-03"]
)
def test_it_keeps_month_precision(written: str) -> None:
    parsed = parse_date(written)
    assert parsed == PartialDate(2022, 3, None)
    assert parsed is not None and parsed.precision is Precision.MONTH
    assert parsed.iso() == "2022-03"


def test_it_never_swaps_day_and_month_silently() -> None:
    with pytest.raises(DateParseError, match=r"'03/27/2022'.*month 27"):
        parse_date("03/27/2022")
    assert parse_date("03/27/2022", order="mdy") == CAPTURE
    # Both readings possible: the declared order decides, nothing else.
    assert parse_date("04/03/2022") == PartialDate(2022, 3, 4)
    assert parse_date("04/03/2022", order="mdy") == PartialDate(2022, 4, 3)


def test_ymd_order_reads_two_digit_years_first_and_refuses_a_trailing_year() -> None:
    assert parse_date("22-03-27", order="ymd") == CAPTURE
    with pytest.raises(DateParseError, match="year is last"):
        parse_date("27/03/2022", order="ymd")


def test_a_four_digit_year_written_first_is_iso_whatever_the_order() -> None:
    assert parse_date("2022-03-27", order="mdy") == CAPTURE


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("31/02/2022", "day 31 does not exist in 02/2022"),
        ("29/02/2023", "day 29 does not exist"),
        ("31/04/2022", "day 31"),
        ("15/13/2022", "month 13 does not exist"),
        ("00/03/2022", "day 0"),
        ("31 de febrero de 2022", "day 31"),
        ("27 de marzo", "year is missing"),
        ("27/03", "without a year"),
        ("44647", "bare number"),
        ("2022", "bare number"),
        ("27/03/1850", "outside 1900-2099"),
        ("27/03/202", "2 or 4 digits"),
        ("27 de marxo de 2022", "not a date format"),
        ("ayer", "not a date format"),
        ("27/03/2022/1", "not a date format"),
    ],
)
def test_it_rejects_impossible_dates_quoting_the_value_and_saying_why(
    written: str, why: str
) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(written)
    assert repr(written) in str(caught.value)
    assert why in str(caught.value)


def test_its_errors_are_habeas_errors_and_value_errors() -> None:
    with pytest.raises(HabeasError):
        parse_date("31/02/2022")
    with pytest.raises(ValueError):
        parse_date("31/02/2022")


@pytest.mark.parametrize(
    "blank", [None, "", "   ", math.nan, "s/f", "S/D", "N/A", "sin fecha", "Desconocida"]
)
def test_it_reads_blanks_and_placeholders_as_unknown(blank: object) -> None:
    assert parse_date(blank) is None


def test_two_digit_years_up_to_next_year_are_this_century() -> None:
    next_yy = (date.today().year + 1) % 100
    assert parse_date(f"01/01/{next_yy:02d}") == PartialDate(2000 + next_yy, 1, 1)
    assert parse_date(f"01/01/{next_yy + 1:02d}") == PartialDate(1901 + next_yy, 1, 1)
    assert parse_date("15/06/58") == PartialDate(1958, 6, 15)  # a birth date
    assert parse_date("27-03-00") == PartialDate(2000, 3, 27)


def test_it_reads_date_objects_from_spreadsheets() -> None:
    assert parse_date(date(2022, 3, 27)) == CAPTURE
    assert parse_date(datetime(2022, 3, 27, 23, 59)) == CAPTURE
    assert parse_date(CAPTURE) is CAPTURE


def test_it_reads_pandas_and_numpy_values() -> None:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    assert parse_date(pd.Timestamp("2022-03-27 14:30")) == CAPTURE
    assert parse_date(np.datetime64("2022-03-27")) == CAPTURE
    assert parse_date(pd.NaT) is None
    assert parse_date(pd.NA) is None
    assert parse_date(np.datetime64("NaT")) is None


@pytest.mark.parametrize("number", [44647, 44647.0, True, 27032022])
def test_it_refuses_bare_numbers(number: object) -> None:
    with pytest.raises(DateParseError, match="bare number"):
        parse_date(number)


def test_it_refuses_an_unknown_order() -> None:
    with pytest.raises(ValueError, match="order"):
        parse_date("27/03/2022", order="dym")  # type: ignore[arg-type]


def test_partial_dates_know_their_first_and_last_day() -> None:
    february = PartialDate(2024, 2, None)
    assert (february.first_day(), february.last_day()) == (date(2024, 2, 1), date(2024, 2, 29))
    assert CAPTURE.first_day() == CAPTURE.last_day() == date(2022, 3, 27)
    assert CAPTURE.precision is Precision.DAY


def test_partial_dates_sort_month_precision_before_the_days_of_the_month() -> None:
    dates = [PartialDate(2022, 3, 27), PartialDate(2022, 3, None), PartialDate(2022, 2, 28)]
    assert sorted(dates) == [PartialDate(2022, 2, 28), PartialDate(2022, 3), CAPTURE]
    assert PartialDate(2022, 3, None) != PartialDate(2022, 3, 1)
    assert len({PartialDate(2022, 3, None), PartialDate(2022, 3, None)}) == 1


def test_a_partial_date_refuses_impossible_parts() -> None:
    with pytest.raises(DateParseError, match="day 31"):
        PartialDate(2022, 2, 31)


@pytest.mark.parametrize("bad", ["2022-3-27", "27/03/2022", "2022-03-27T00:00", "2022", ""])
def test_from_iso_reads_only_the_canonical_forms(bad: str) -> None:
    with pytest.raises(DateParseError, match="yyyy-mm-dd or yyyy-mm"):
        PartialDate.from_iso(bad)


def test_from_date_drops_the_time() -> None:
    assert PartialDate.from_date(datetime(2022, 3, 27, 14, 30)) == CAPTURE


def test_format_date_es_writes_the_ui_format() -> None:
    assert format_date_es(CAPTURE) == "27/03/2022"
    assert format_date_es(PartialDate(2022, 3, None)) == "03/2022"
    assert format_date_es(None) == ""


partial_dates = st.builds(
    lambda d, month_only: PartialDate(d.year, d.month, None if month_only else d.day),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.booleans(),
)


@given(partial_dates)
def test_iso_round_trips(d: PartialDate) -> None:
    assert PartialDate.from_iso(d.iso()) == d
    assert parse_date(d.iso()) == d


@given(partial_dates)
def test_the_ui_format_reads_back_as_the_same_date(d: PartialDate) -> None:
    assert parse_date(format_date_es(d)) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_day_first_and_month_first_agree_when_written_in_their_own_order(d: date) -> None:
    assert parse_date(d.strftime("%d/%m/%Y")) == parse_date(d.strftime("%m/%d/%Y"), order="mdy")


def test_it_is_fast_on_a_100000_row_list() -> None:
    # 100,000 cells, a few thousand distinct values (the cache's case); generous bound.
    cells = [f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2022 + i % 3}" for i in range(100_000)]
    start = time.perf_counter()
    parsed = [parse_date(c) for c in cells]
    assert time.perf_counter() - start < 2.0
    assert parsed[0] == PartialDate(2022, 1, 1)
