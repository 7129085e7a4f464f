"""The law as data: limits with citations and the rules in force on a given day."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest

from habeas.domain.legal import (
    REGIME_START,
    UnknownLimit,
    data_until,
    decree_periods,
    limit,
    limits,
    period_on,
    rules_on,
)


def test_every_limit_has_one_amount_labels_and_a_citation() -> None:
    for lim in limits():
        assert sum(x is not None for x in (lim.hours, lim.days, lim.months)) == 1
        assert lim.es and lim.en and lim.citation
    assert limit("iccpr_48h").hours == 48
    assert limit("constitution_72h").hours == 72
    assert limit("regime_15d").days == 15 and limit("regime_15d").uncertain
    assert (limit("cpp_provisional_12m").months, limit("cpp_provisional_24m").months) == (12, 24)


def test_an_unknown_limit_code_is_a_clear_error() -> None:
    with pytest.raises(UnknownLimit, match="'ten_days'"):
        limit("ten_days")


def test_the_decree_chain_starts_with_decree_333_and_has_no_gaps() -> None:
    periods = decree_periods()
    first = periods[0]
    assert (first.decree_number, first.start) == (333, REGIME_START)
    assert first.suspended == ("7", "12(2)", "13(2)", "24")
    for a, b in itertools.pairwise(periods):
        assert b.start == a.end + timedelta(days=1)
        assert 29 <= a.days <= 30


def test_the_48th_extension_is_in_force_in_march_2026() -> None:
    p = period_on(date(2026, 3, 15))
    assert p is not None
    assert (p.seq, p.start, p.end, p.uncertain) == (48, date(2026, 3, 2), date(2026, 3, 31), False)
    assert data_until() >= date(2026, 3, 31)


def test_article_7_is_no_longer_suspended_by_march_2023() -> None:
    assert "7" not in rules_on(date(2023, 3, 15)).suspended_articles


def test_interpolated_periods_are_flagged_uncertain_with_a_note() -> None:
    generated = [p for p in decree_periods() if p.decree_number is None and p.seq != 48]
    assert generated
    assert all(p.uncertain and "interpolated" in p.note for p in generated)


def test_before_the_regime_the_constitutional_72_hours_apply() -> None:
    rules = rules_on(date(2022, 3, 20))
    assert not rules.state_of_exception
    assert rules.period is None
    assert rules.suspended_articles == ()
    assert rules.domestic.code == "constitution_72h"
    assert rules.international.hours == 48


def test_in_the_first_days_of_the_regime_15_days_apply_under_decree_333() -> None:
    rules = rules_on(date(2022, 4, 1))
    assert rules.state_of_exception
    assert rules.period is not None and rules.period.decree_number == 333
    assert "13(2)" in rules.suspended_articles
    assert (rules.domestic.code, rules.domestic.days) == ("regime_15d", 15)
    assert rules.uncertain  # the instrument of the 15 days is not verified
    assert {lim.code for lim in rules.provisional} >= {"cpp_provisional_12m", "cpp_provisional_24m"}


def test_in_2025_the_regime_and_the_later_reforms_apply() -> None:
    rules = rules_on(datetime(2025, 9, 1, 10, 30))
    assert rules.date == date(2025, 9, 1)
    assert rules.state_of_exception
    assert rules.domestic.code == "regime_15d"
    codes = {lim.code for lim in rules.provisional}
    assert {"d803_charge_24m", "lecro_2025_charge_36m"} <= codes
    assert rules.limits[0].code == "iccpr_48h"


def test_a_reform_does_not_apply_before_it_was_passed() -> None:
    codes = {lim.code for lim in rules_on(date(2023, 7, 1)).provisional}
    assert "d803_charge_24m" not in codes


def test_after_the_decree_data_the_regime_status_is_flagged_unknown() -> None:
    rules = rules_on(data_until() + timedelta(days=1))
    assert rules.uncertain
    assert "decrees.csv" in rules.note


def test_rules_serialise_to_plain_values() -> None:
    d = rules_on(date(2022, 4, 1)).to_dict()
    assert d["date"] == "2022-04-01"
    assert d["domestic"]["code"] == "regime_15d"
