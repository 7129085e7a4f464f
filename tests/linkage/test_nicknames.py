"""Nicknames: the curated table, and which nicknames are (and are not) replaced."""

from __future__ import annotations

from collections import Counter

import pytest

from habeas.domain.names import name_key
from habeas.linkage.nicknames import canonical_given_name, nicknames_table


@pytest.mark.parametrize(
    ("nickname", "canonical"),
    [
        ("Chepe", "jose"),
        ("Toño", "antonio"),
        ("Chayo", "rosario"),
        ("Chente", "vicente"),
        ("Memo", "guillermo"),
        ("Paco", "francisco"),
        ("Pancho", "francisco"),
        ("Lupe", "guadalupe"),
        ("Chus", "jesus"),
        ("Neto", "ernesto"),
        ("Nando", "fernando"),
        ("Quique", "enrique"),
        ("Moncho", "ramon"),
        ("Nacho", "ignacio"),
        ("Concha", "concepcion"),
        ("Tere", "teresa"),
        ("Chabela", "isabel"),
        ("Lola", "dolores"),
        ("Meches", "mercedes"),
    ],
)
def test_it_turns_a_common_nickname_into_the_given_name(nickname: str, canonical: str) -> None:
    assert canonical_given_name(name_key(nickname)) == canonical


@pytest.mark.parametrize("nickname", ["Beto", "Tito", "Lencho", "Mila", "Chelo", "Alex"])
def test_it_leaves_an_ambiguous_nickname_as_it_is(nickname: str) -> None:
    key = name_key(nickname)
    assert canonical_given_name(key) == key
    assert canonical_given_name(key, sex="M") == key


def test_it_restores_both_given_names_of_a_compound_nickname() -> None:
    assert canonical_given_name("chema") == "jose maria"
    assert canonical_given_name("majo") == "maria jose"


def test_a_nickname_of_both_sexes_needs_the_records_sex() -> None:
    assert canonical_given_name("gaby", sex="F") == "gabriela"
    assert canonical_given_name("gaby", sex="M") == "gabriel"
    assert canonical_given_name("gaby") == "gaby"


def test_a_nickname_with_one_meaning_applies_whatever_the_records_sex() -> None:
    # The record's sex may be missing or wrongly entered; Chepe is José all the same.
    assert canonical_given_name("chepe", sex="F") == "jose"
    assert canonical_given_name("chepe", sex=None) == "jose"


@pytest.mark.parametrize("name", ["jose", "maria", "rosa", "xiomara", "", "de los angeles"])
def test_it_leaves_given_names_and_other_keys_unchanged(name: str) -> None:
    assert canonical_given_name(name) == name


def test_the_table_is_a_curated_list_of_about_a_hundred_rows() -> None:
    table = nicknames_table()
    assert 60 <= len(table) <= 120
    assert all(row.nickname and row.canonical for row in table)
    assert {row.sex for row in table} <= {"F", "M", None}
    # Every ambiguous row says what the alternatives are.
    assert all(row.note for row in table if row.ambiguous)


def test_a_nickname_listed_twice_is_split_by_sex_and_never_contradicts_itself() -> None:
    applied = [row for row in nicknames_table() if not row.ambiguous]
    by_key = Counter(name_key(row.nickname) for row in applied)
    for key, count in by_key.items():
        rows = [row for row in applied if name_key(row.nickname) == key]
        if count > 1:
            assert sorted(row.sex or "" for row in rows) == ["F", "M"], key


def test_no_nickname_is_itself_a_canonical_name_of_the_table() -> None:
    # Otherwise canonicalising twice would change a name again (Chepe → José → ...).
    nicknames = {name_key(row.nickname) for row in nicknames_table() if not row.ambiguous}
    canonicals = {word for row in nicknames_table() for word in name_key(row.canonical).split()}
    assert not nicknames & canonicals
