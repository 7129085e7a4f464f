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
    OPTIONAL_BLOCKING_RULES,
    UnknownBlockingRule,
    blocking_rules,
)
from habeas.linkage.model import MODEL_COLUMNS, for_splink


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
