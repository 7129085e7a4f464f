"""Which record pairs each blocking rule lets through, on hand-written prepared records.

Rules are run as Splink runs them (an inner join on the rule's condition, each pair
once with the smaller ``unique_id`` on the left), over records written directly in the
prepared columns.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pytest

from habeas.linkage.blocking import (
    BLOCKING_RULES,
    DEFAULT_BLOCKING_RULES,
    LARGE_LIST_VARIANTS,
    OPTIONAL_BLOCKING_RULES,
    UnknownBlockingRule,
    blocking_rules,
    rules_for_list,
)
from habeas.linkage.model import MODEL_COLUMNS, for_splink
from habeas.linkage.settings import BadLinkSettings, LinkSettings, splink_settings


def record(unique_id: str, **values: Any) -> dict[str, Any]:
    """A prepared record: every model column missing unless given."""
    row = dict.fromkeys(MODEL_COLUMNS)
    row.update(unique_id=unique_id, **values)
    return row


def admitted(rule: str, *records: dict[str, Any]) -> set[tuple[str, str]]:
    """The pairs (left id, right id) that ``rule`` lets through."""
    sql = BLOCKING_RULES[rule].get_blocking_rule("duckdb").blocking_rule_sql
    con = duckdb.connect()
    con.register("t", for_splink(pd.DataFrame(list(records))))
    rows = con.execute(
        f"SELECT l.unique_id, r.unique_id FROM t AS l JOIN t AS r "
        f"ON ({sql}) AND l.unique_id < r.unique_id"
    ).fetchall()
    return {(a, b) for a, b in rows}


def test_every_rule_is_an_equi_join_so_no_rule_compares_every_pair() -> None:
    for name, creator in BLOCKING_RULES.items():
        rule = creator.get_blocking_rule("duckdb")
        assert rule._equi_join_conditions, f"{name} has no equality to join on"


def test_optional_rules_are_known_but_not_used_by_default() -> None:
    assert set(OPTIONAL_BLOCKING_RULES) <= set(BLOCKING_RULES)
    assert not set(OPTIONAL_BLOCKING_RULES) & set(DEFAULT_BLOCKING_RULES)
    assert len(blocking_rules(OPTIONAL_BLOCKING_RULES)) == len(OPTIONAL_BLOCKING_RULES)


def test_an_unknown_rule_name_is_an_error_that_lists_the_known_ones() -> None:
    with pytest.raises(UnknownBlockingRule, match=r"surname_soundex.*known: dui"):
        blocking_rules(["dui", "surname_soundex"])


def test_the_birth_date_alone_pairs_records_whose_names_are_all_mangled() -> None:
    # "Chepe Ernandes Lopes" and "José Hernández López", same birth date.
    a = record("a|1", given_1="chepe", surname_1="ernandes", birth_date="1990-03-07")
    b = record("b|1", given_1="jose", surname_1="hernandez", birth_date="1990-03-07")
    c = record("c|1", given_1="jose", surname_1="hernandez", birth_date="1990-03-08")
    assert admitted("birth_date", a, b, c) == {("a|1", "b|1")}


def test_a_common_name_with_birth_years_far_apart_is_not_a_candidate() -> None:
    # Two "María Hernández", born 1961 and 1994: no rule on names alone pairs them.
    names = {"given_1_phonetic": "maria", "surname_1_phonetic": "ernandes"}
    old = record("a|1", **names, birth_date="1961-05-02", birth_year=1961)
    young = record("b|1", **names, birth_date="1994-11-20", birth_year=1994)
    near = record("c|1", **names, birth_date="1962-01-15", birth_year=1962)
    undated = record("d|1", **names)
    pairs = admitted("given_surname_1_phonetic", old, young, near, undated)
    assert ("a|1", "b|1") not in pairs
    assert ("a|1", "c|1") in pairs
    assert {("a|1", "d|1"), ("b|1", "d|1")} <= pairs


def test_ages_at_arrest_stand_in_for_missing_birth_dates() -> None:
    names = {"given_1": "wilber", "surname_2": "menjivar"}
    a = record("a|1", **names, age_at_arrest=24)
    b = record("b|1", **names, age_at_arrest=26)
    c = record("c|1", **names, age_at_arrest=51)
    assert admitted("given_1_surname_2", a, b, c) == {("a|1", "b|1")}


def test_swapped_surnames_are_candidates_whichever_record_comes_first() -> None:
    # "Méndez Hernández" and "Hernández Méndez", in either order of ids.
    mendez = {"surname_1": "mendez", "surname_2": "hernandez"}
    hernandez = {"surname_1": "hernandez", "surname_2": "mendez"}
    pairs = admitted(
        "surnames_swapped",
        record("a|1", **mendez),
        record("b|1", **hernandez),
        record("c|1", **mendez),
    )
    assert pairs == {("a|1", "b|1"), ("b|1", "c|1")}


def test_a_given_name_written_as_the_surname_is_a_candidate() -> None:
    # "López José" (given name read as "López") against "José López".
    a = record("a|1", given_1="lopez", surname_1="jose")
    b = record("b|1", given_1="jose", surname_1="lopez")
    c = record("c|1", given_1="jose", surname_1="lopez")
    assert admitted("given_surname_swapped", a, b, c) == {("a|1", "b|1"), ("a|1", "c|1")}


def test_a_dui_mistyped_in_its_first_digits_is_found_by_its_tail() -> None:
    a = record("a|1", dui_any="04145061-2")
    typo = record("b|1", dui_any="04745061-2")
    other = record("c|1", dui_any="06818713-3")
    assert admitted("dui_tail", a, typo, other) == {("a|1", "b|1")}


def test_records_without_a_dui_never_share_a_dui_tail() -> None:
    assert admitted("dui_tail", record("a|1"), record("b|1")) == set()


def test_large_lists_use_the_variants_of_the_quadratic_rules_and_small_ones_do_not() -> None:
    assert set(LARGE_LIST_VARIANTS) <= set(DEFAULT_BLOCKING_RULES)
    assert set(LARGE_LIST_VARIANTS.values()) <= set(OPTIONAL_BLOCKING_RULES)
    small = rules_for_list(DEFAULT_BLOCKING_RULES, 300_000, 300_000)
    large = rules_for_list(DEFAULT_BLOCKING_RULES, 300_001, 300_000)
    assert small == DEFAULT_BLOCKING_RULES
    assert rules_for_list(DEFAULT_BLOCKING_RULES, 10**7, None) == DEFAULT_BLOCKING_RULES
    assert len(large) == len(small)
    assert not set(large) & set(LARGE_LIST_VARIANTS)
    assert [LARGE_LIST_VARIANTS.get(n, n) for n in small] == list(large)


def test_splink_settings_choose_the_variants_from_the_size_of_the_list() -> None:
    def rule_sqls(**kwargs: Any) -> list[str]:
        creator = splink_settings(**kwargs)
        return [
            r.get_blocking_rule("duckdb").blocking_rule_sql
            for r in creator.blocking_rules_to_generate_predictions
        ]

    assert rule_sqls() == rule_sqls(n_records=45_000)
    assert rule_sqls() != rule_sqls(n_records=1_000_000)
    never = LinkSettings(large_list_records=None)
    assert rule_sqls(settings=never, n_records=1_000_000) == rule_sqls()
    with pytest.raises(BadLinkSettings, match="large_list_records"):
        LinkSettings(large_list_records=-1)


def _names(uid: str, given: str, s1: str | None, s2: str | None, **more: Any) -> dict[str, Any]:
    return record(
        uid,
        given_1=given,
        given_1_phonetic=given,
        surname_1=s1,
        surname_1_phonetic=s1,
        surname_2=s2,
        surname_2_phonetic=s2,
        **more,
    )


@pytest.mark.parametrize("rule", sorted(LARGE_LIST_VARIANTS))
def test_each_variant_admits_only_pairs_its_full_rule_admits(rule: str) -> None:
    people = [
        _names("a|1", "jose", "mendez", "lopez", residence_district="0614"),
        _names("b|1", "jose", "lopez", "mendez", residence_district="0614"),
        _names("c|1", "jose", "mendez", None, residence_district="0614"),
        _names("d|1", "jose", "lopez", None, residence_district="0614"),
        _names("e|1", "jose", "menendez", "lopez", residence_district="0614"),
        _names("f|1", "jose", "mendez", "quintanilla", residence_district="0614"),
        _names("g|1", "juan", "mendez", "lopez", residence_district="0614"),
    ]
    assert admitted(LARGE_LIST_VARIANTS[rule], *people) <= admitted(rule, *people)


def test_a_variant_keeps_a_misspelt_name_with_its_first_letter_and_a_missing_one() -> None:
    # Given name and home agree; the first surname is "Mendez", "Menendez" (same first
    # letter), missing, or "Quintanilla" (another first letter).
    home = {"residence_district": "0614"}
    a = _names("a|1", "jose", "mendez", None, **home)
    typo = _names("b|1", "jose", "menendez", None, **home)
    missing = _names("c|1", "jose", None, None, **home)
    other = _names("d|1", "jose", "quintanilla", None, **home)
    pairs = admitted("given_1_residence_s1", a, typo, missing, other)
    assert {("a|1", "b|1"), ("a|1", "c|1"), ("b|1", "c|1"), ("c|1", "d|1")} == pairs


def test_a_kept_maternal_surname_pairs_only_with_the_record_that_lacks_a_second() -> None:
    # "José Méndez López" against "José López" (only the maternal surname kept) and
    # against "José López Pérez" (another person whose first surname is López).
    full = _names("a|1", "jose", "mendez", "lopez")
    kept = _names("b|1", "jose", "lopez", None)
    other = _names("c|1", "jose", "lopez", "perez")
    assert admitted("surname_2_as_1_lr_alone", full, kept, other) == {("a|1", "b|1")}
    assert admitted("surname_2_as_1_lr", full, kept, other) == {("a|1", "b|1"), ("a|1", "c|1")}
