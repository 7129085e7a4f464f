"""DUI normalisation and the idsv check-digit rule, on the worked examples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.dui import (
    DuiCheck,
    DuiStatus,
    MalformedDui,
    check_dui,
    dui_check_digit,
    make_dui,
)
from habeas.domain.errors import HabeasError

# Worked examples of the research notes (el-salvador.md, section 4), computed by hand.
VALID = ["01234567-8", "04567890-3", "12345678-4", "00016297-5", "05432109-2", "00000000-0"]
BAD_CHECK = ["01234567-2", "12345678-0", "00000000-1"]

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@pytest.mark.parametrize("dui", VALID)
def test_it_accepts_the_worked_examples(dui: str) -> None:
    assert check_dui(dui) == DuiCheck(dui, dui, DuiStatus.VALID)


@pytest.mark.parametrize("dui", BAD_CHECK)
def test_it_rejects_a_bad_check_digit(dui: str) -> None:
    result = check_dui(dui)
    assert result.status is DuiStatus.BAD_CHECK_DIGIT
    assert result.value == dui  # still canonical, so a reviewer can see and fix it
    assert not result.is_valid


def test_it_follows_idsv_and_not_the_direct_mod_10_variant() -> None:
    # 0·9+1·8+2·7+3·6+4·5+5·4+6·3+7·2 = 112; idsv: (10 - 2) % 10 = 8; direct S % 10 gives 2.
    assert dui_check_digit("01234567") == 8
    assert check_dui("01234567-2").status is DuiStatus.BAD_CHECK_DIGIT


def test_the_check_digit_of_a_sum_ending_in_zero_is_zero() -> None:
    # 0·9+0·8+0·7+1·6+6·5+2·4+9·3+7·2 = 85 → 5; 00000000 → S = 0 → 0, not 10.
    assert dui_check_digit("00016297") == 5
    assert dui_check_digit("00000000") == 0


@pytest.mark.parametrize(
    "written",
    ["012345678", " 01234567-8 ", "01234567 - 8", "0123 4567-8", "01.234.567-8", "01234567–8"],
)
def test_it_strips_spaces_dots_and_dashes_and_keeps_leading_zeros(written: str) -> None:
    result = check_dui(written)
    assert result.value == "01234567-8"
    assert result.status is DuiStatus.VALID
    assert result.raw == written


@pytest.mark.parametrize("written", ["12345678", 12345678, 12345678.0, "12345678.0", "1234567-8"])
def test_it_left_pads_eight_digits_as_the_reference_library_does(written: object) -> None:
    # A spreadsheet that stored 01234567-8 as a number shows 12345678.
    assert check_dui(written).value == "01234567-8"
    assert check_dui(written).status is DuiStatus.VALID


def test_it_pads_numbers_that_lost_several_leading_zeros() -> None:
    assert check_dui(162975).value == "00016297-5"
    assert check_dui(162975.0).status is DuiStatus.VALID


def test_it_does_not_pad_short_text() -> None:
    # idsv would pad "162975"; as text, six digits are more likely a slip than lost zeros.
    assert check_dui("162975").status is DuiStatus.MALFORMED


@pytest.mark.parametrize(
    "written",
    [
        "0123-4567",  # dash in the wrong place: not re-cut silently
        "A1234567-8",
        "01234567-A",
        "0123456789",  # ten digits
        "01234567-89",
        "1e5",
        "+12345678",
        "01234567/8",
        "DUI 01234567-8",
        "０１２３４５６７-８",  # full-width digits
        12345678.5,
        -12345678,
        True,
        math.inf,
    ],
)
def test_it_calls_malformed_values_malformed(written: object) -> None:
    result = check_dui(written)
    assert result.status is DuiStatus.MALFORMED
    assert result.value is None


@pytest.mark.parametrize("written", [None, "", "   ", math.nan, "N/A", "s/d", "No tiene", "-"])
def test_it_calls_blanks_and_placeholders_missing(written: object) -> None:
    result = check_dui(written)
    assert result.status is DuiStatus.MISSING
    assert result.value is None


def test_it_reads_pandas_missing_values_as_missing() -> None:
    pd = pytest.importorskip("pandas")
    assert check_dui(pd.NA).status is DuiStatus.MISSING
    assert check_dui(pd.Series([None], dtype="float64")[0]).status is DuiStatus.MISSING


def test_it_reads_numpy_integers() -> None:
    np = pytest.importorskip("numpy")
    assert check_dui(np.int64(12345678)).value == "01234567-8"


def test_the_status_values_are_the_canonical_codes() -> None:
    assert [s.value for s in DuiStatus] == ["missing", "malformed", "bad_check_digit", "valid"]


@pytest.mark.parametrize("bad", ["1234567", "123456789", "0123456A", "", "０１２３４５６７"])
def test_check_digit_and_make_dui_refuse_anything_but_eight_digits(bad: str) -> None:
    with pytest.raises(MalformedDui, match="8 digits"):
        dui_check_digit(bad)
    with pytest.raises(HabeasError):
        make_dui(bad)


def test_make_dui_gives_the_worked_examples() -> None:
    assert [make_dui(d[:8]) for d in VALID] == VALID


@given(eight_digits)
def test_make_dui_is_always_valid(first8: str) -> None:
    dui = make_dui(first8)
    assert check_dui(dui) == DuiCheck(dui, dui, DuiStatus.VALID)


@given(eight_digits, st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_always_breaks_it(first8: str, shift: int) -> None:
    good = dui_check_digit(first8)
    assert check_dui(f"{first8}-{(good + shift) % 10}").status is DuiStatus.BAD_CHECK_DIGIT


@given(eight_digits, st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_a_single_wrong_digit_is_always_caught(first8: str, position: int, shift: int) -> None:
    # A typo is caught unless weight × change is a multiple of 10, which can happen only
    # for the weights 8, 6, 5, 4, 2 (not 9, 7, 3): the check digit is weaker than it looks.
    dui = make_dui(first8)
    digits = list(first8)
    digits[position] = str((int(digits[position]) + shift) % 10)
    typo = f"{''.join(digits)}-{dui[-1]}"
    weight = 9 - position
    caught = check_dui(typo).status is DuiStatus.BAD_CHECK_DIGIT
    if math.gcd(weight, 10) == 1:
        assert caught
    else:
        assert caught == ((weight * shift) % 10 != 0)
