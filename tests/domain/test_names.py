"""Splitting, tidying and keying Salvadoran names."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from habeas.domain.names import (
    NameParts,
    aliases_table,
    clean_name,
    extract_alias,
    given_name_sex,
    given_names_table,
    name_key,
    split_full_name,
    surnames_table,
)


def parts(raw: str, **kwargs: object) -> tuple[str | None, ...]:
    p = split_full_name(raw, **kwargs)  # type: ignore[arg-type]
    return (p.given_names, p.surname_1, p.surname_2, p.married_surname)


# ------------------------------------------------------------------ splitting


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José Antonio Hernández López", ("José Antonio", "Hernández", "López", None)),
        ("Juan Carlos Pérez", ("Juan Carlos", "Pérez", None, None)),
        ("Juan Pérez López", ("Juan", "Pérez", "López", None)),
        ("Pérez López", (None, "Pérez", "López", None)),
        ("José Antonio", ("José Antonio", None, None, None)),
        ("Juan", ("Juan", None, None, None)),
        ("Hernández", (None, "Hernández", None, None)),
        ("José Wilfredo Pleitez Chicas", ("José Wilfredo", "Pleitez", "Chicas", None)),
        ("Kevin Alexander Menjívar", ("Kevin Alexander", "Menjívar", None, None)),
        ("José A. Hernández", ("José A.", "Hernández", None, None)),
        # Unknown words fall back on the usual one-given-two-surnames pattern ...
        ("Yader Ulises Zelaya Xicay", ("Yader Ulises", "Zelaya", "Xicay", None)),
        ("Yader Zelaya Xicay", ("Yader", "Zelaya", "Xicay", None)),
        # ... and a patronymic ending counts as a surname.
        ("Yader Ordóñez Zelaya", ("Yader", "Ordóñez", "Zelaya", None)),
    ],
)
def test_it_splits_given_names_and_two_surnames(raw: str, expected: tuple) -> None:
    assert parts(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Carmen Rosa Núñez Flores de Gómez", ("Carmen Rosa", "Núñez", "Flores", "Gómez")),
        ("Carmen Rosa Núñez de Gómez", ("Carmen Rosa", "Núñez", None, "Gómez")),
        (
            "Claudia Elizabeth Menjívar de Portillo",
            ("Claudia Elizabeth", "Menjívar", None, "Portillo"),
        ),
        ("María Pérez Vda. de Gómez", ("María", "Pérez", None, "Gómez")),
        ("Reina Isabel Rivas viuda de Ayala", ("Reina Isabel", "Rivas", None, "Ayala")),
        (
            "María de los Ángeles Hernández de López",
            ("María de los Ángeles", "Hernández", None, "López"),
        ),
    ],
)
def test_it_reads_de_and_the_husbands_surname_as_the_married_surname(
    raw: str, expected: tuple
) -> None:
    assert parts(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("María de los Ángeles Hernández", ("María de los Ángeles", "Hernández", None, None)),
        ("José de Jesús Martínez Cruz", ("José de Jesús", "Martínez", "Cruz", None)),
        ("María del Carmen Flores Rivas", ("María del Carmen", "Flores", "Rivas", None)),
        ("Juan de Dios Pérez", ("Juan de Dios", "Pérez", None, None)),
        ("Milagro de la Paz Lemus", ("Milagro de la Paz", "Lemus", None, None)),
        ("Ana María de Jesús", ("Ana María de Jesús", None, None, None)),
        ("Ma. de los Ángeles Rivas", ("Ma. de los Ángeles", "Rivas", None, None)),
        ("MARIA DEL CARMEN DEL CID RIVAS", ("Maria del Carmen", "Del Cid", "Rivas", None)),
    ],
)
def test_a_de_inside_the_given_names_is_not_a_married_surname(raw: str, expected: tuple) -> None:
    assert parts(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Juan de la O Pérez", ("Juan", "De la O", "Pérez", None)),
        ("Juan Carlos de León Pérez", ("Juan Carlos", "De León", "Pérez", None)),
        ("Juan Pérez de León", ("Juan", "Pérez", "De León", None)),  # a man: not married
        ("Sandra Pérez de León", ("Sandra", "Pérez", "De León", None)),  # a known compound
        ("Luis Del Valle Ramos", ("Luis", "Del Valle", "Ramos", None)),
        ("De la O Hernández Juan", ("Juan", "De la O", "Hernández", None)),
        ("José Ortega y Gasset", ("José", "Ortega", "Gasset", None)),
    ],
)
def test_it_keeps_compound_surnames_whole(raw: str, expected: tuple) -> None:
    assert parts(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HERNANDEZ LOPEZ, JOSE ANTONIO", ("Jose Antonio", "Hernandez", "Lopez", None)),
        ("Hernández López, José Antonio", ("José Antonio", "Hernández", "López", None)),
        ("NÚÑEZ FLORES DE GÓMEZ, CARMEN ROSA", ("Carmen Rosa", "Núñez", "Flores", "Gómez")),
        ("DE LA O PEREZ, JUAN", ("Juan", "De la O", "Perez", None)),
        ("Pérez,Juan", ("Juan", "Pérez", None, None)),
    ],
)
def test_a_comma_means_surnames_first_whatever_the_order(raw: str, expected: tuple) -> None:
    assert parts(raw) == expected
    assert parts(raw, order="surnames_first") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HERNANDEZ LOPEZ JOSE ANTONIO", ("Jose Antonio", "Hernandez", "Lopez", None)),
        ("PEREZ JUAN CARLOS", ("Juan Carlos", "Perez", None, None)),
        ("NUÑEZ DE GOMEZ CARMEN ROSA", ("Carmen Rosa", "Nuñez", None, "Gomez")),
        ("HERNANDEZ DE LEON JUAN", ("Juan", "Hernandez", "De Leon", None)),
        (
            "HERNANDEZ LOPEZ MARIA DE LOS ANGELES",
            ("Maria de los Angeles", "Hernandez", "Lopez", None),
        ),
        ("DE LA O PEREZ JUAN", ("Juan", "De la O", "Perez", None)),
    ],
)
def test_it_reads_surnames_first_without_a_comma_when_told(raw: str, expected: tuple) -> None:
    assert parts(raw, order="surnames_first") == expected


def test_it_keeps_the_raw_string_and_the_alias() -> None:
    raw = '  JUAN  PÉREZ LÓPEZ alias "El Flaco" '
    assert split_full_name(raw) == NameParts(raw, "Juan", "Pérez", "López", None, "El Flaco")


def test_it_does_not_invent_accents() -> None:
    assert parts("JOSE ANTONIO HERNANDEZ LOPEZ") == ("Jose Antonio", "Hernandez", "Lopez", None)


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_name_gives_empty_parts(blank: str | None) -> None:
    assert split_full_name(blank) == NameParts(blank, None, None, None, None, None)


def test_stray_punctuation_is_not_a_name() -> None:
    assert parts("Juan Pérez López,") == ("Juan", "Pérez", "López", None)
    assert parts("Juan - Pérez López") == ("Juan", "Pérez", "López", None)


def test_it_refuses_an_unknown_order() -> None:
    with pytest.raises(ValueError, match="order"):
        split_full_name("Juan Pérez", order="family_first")  # type: ignore[arg-type]


# --------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('Juan Pérez alias "El Flaco"', ("Juan Pérez", "El Flaco")),
        ("Juan Pérez alias el Chele", ("Juan Pérez", "El Chele")),
        ("Juan Pérez, alias 'Trucha'", ("Juan Pérez", "Trucha")),
        ("JOSE LOPEZ (a) El Chele", ("JOSE LOPEZ", "El Chele")),
        ("José López (a)Garrobo", ("José López", "Garrobo")),
        ("José López (alias Zorro)", ("José López", "Zorro")),
        ("José López a.k.a. Sniper", ("José López", "Sniper")),
        ("José López conocido como El Viejo", ("José López", "El Viejo")),
        ("José López ALIAS: EL PELÓN", ("José López", "El Pelón")),
        ('Juan "El Flaco" Pérez', ("Juan Pérez", "El Flaco")),
        ("Juan “Cuervo” Pérez", ("Juan Pérez", "Cuervo")),
        ('alias "El Cipote"', ("", "El Cipote")),
        ("Juan Pérez", ("Juan Pérez", None)),
        ("Roberto D'Aubuisson", ("Roberto D'Aubuisson", None)),
        ("Aliaga Pérez", ("Aliaga Pérez", None)),
        ('"Juan Pérez López"', ("Juan Pérez López", None)),
    ],
)
def test_it_extracts_aliases_in_the_forms_records_use(raw: str, expected: tuple) -> None:
    assert extract_alias(raw) == expected


def test_it_keeps_several_aliases() -> None:
    assert extract_alias('Juan Pérez alias "Chato" alias "Toro"') == ("Juan Pérez", "Chato; Toro")


# ------------------------------------------------------------------ case and key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JOSE  hernandez", "Jose Hernandez"),
        ("MARÍA DE LOS ÁNGELES", "María de los Ángeles"),
        ("de la o", "De la O"),
        ("juan de la o", "Juan de la O"),
        ("del cid", "Del Cid"),
        ("ortega y gasset", "Ortega y Gasset"),
        ("hernández-lópez", "Hernández-López"),
        ("D'AUBUISSON", "D'Aubuisson"),
        ("McKenzie", "McKenzie"),
        ("  ", None),
        (None, None),
    ],
)
def test_clean_name_tidies_spacing_and_capitals(raw: str | None, expected: str | None) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José Núñez", "JOSE NUNEZ"),
        ("María  de los   Ángeles", "maria de los angeles"),
        ("Peña", "PENA"),
        ("Güeso", "gueso"),
        ("Hernández-López", "hernandez lopez"),
        ("D'Aubuisson", "daubuisson"),
    ],
)
def test_name_key_folds_accents_case_spaces_and_enye(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Pérez") != name_key("Peréz López")
    assert name_key(None) == ""


# ----------------------------------------------------------------------- data


def test_given_name_sex_comes_from_the_first_given_name() -> None:
    assert given_name_sex("María José") == "F"
    assert given_name_sex("JOSE MARIA") == "M"
    assert given_name_sex("Ma. de los Ángeles") == "F"
    assert given_name_sex("Xóchitl") is None
    assert given_name_sex("") is None


def test_the_tables_come_from_the_package_data() -> None:
    given_rows = given_names_table()
    assert len(given_rows) == 172 and given_rows[0] == ("José", "M", 60.0)
    surnames = surnames_table()
    assert len(surnames) == 159 and surnames[0][0] == "Hernández"
    assert {name for name, _, compound in surnames if compound} >= {"De la O", "Del Cid", "De León"}
    assert len(aliases_table()) >= 40
    given_rows.clear()  # callers get copies, not the cache
    assert len(given_names_table()) == 172


# ------------------------------------------------------------------ properties

spanish_letters = "abcdefghijklmnñopqrstuvwxyzáéíóúü"
# Words split_full_name may drop or read as markers (particles, "vda.", alias keywords).
PARTICLES = ["de", "del", "la", "las", "los", "lo", "y", "e", "vda", "viuda"]
KEYWORDS = ["alias", "aka", "nk", "apodo", "apodado", "apodada", "conocido", "conocida"]
MARKERS = frozenset([*PARTICLES, *KEYWORDS, "conocidos", "conocidas"])
words = st.text(spanish_letters + spanish_letters.upper(), min_size=2, max_size=9).filter(
    lambda w: name_key(w) not in MARKERS
)


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@given(st.text())
def test_name_key_is_idempotent(s: str) -> None:
    assert name_key(name_key(s)) == name_key(s)


@given(st.lists(words, min_size=1, max_size=6).map(" ".join))
def test_name_key_ignores_accents_and_case(s: str) -> None:
    assert name_key(s) == name_key(strip_accents(s).upper()) == name_key(f"  {s.lower()}  ")


@given(st.lists(words, min_size=1, max_size=6).map(" ".join))
def test_clean_name_is_idempotent_and_keeps_the_key(s: str) -> None:
    cleaned = clean_name(s)
    assert clean_name(cleaned) == cleaned
    assert name_key(cleaned) == name_key(s)


def output_tokens(p: NameParts) -> Counter[str]:
    fields = (p.given_names, p.surname_1, p.surname_2, p.married_surname, p.alias)
    return Counter(t for f in fields for t in name_key(f).split())


@given(
    st.lists(words, min_size=1, max_size=7),
    st.integers(min_value=0, max_value=7),
    st.sampled_from(["given_first", "surnames_first"]),
)
def test_split_full_name_never_loses_a_token(tokens: list[str], comma: int, order: str) -> None:
    if 0 < comma < len(tokens):
        tokens = [*tokens[: comma - 1], tokens[comma - 1] + ",", *tokens[comma:]]
    raw = " ".join(tokens)
    assert output_tokens(split_full_name(raw, order=order)) == Counter(name_key(raw).split())  # type: ignore[arg-type]


given_names = [n for n, _, _ in given_names_table()]
female_names = [n for n, sex, _ in given_names_table() if sex == "F"]
surnames = [n for n, _, _ in surnames_table()]
compound_given = ["de los Ángeles", "del Carmen", "de Jesús", "de la Paz", "del Rosario"]


@st.composite
def salvadoran_names(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A realistic full name and the tokens split_full_name may drop (married "de")."""
    female = draw(st.booleans())
    first = draw(st.sampled_from(female_names if female else given_names))
    second = draw(st.sampled_from([*given_names, *compound_given, ""]))
    family = draw(st.lists(st.sampled_from(surnames), min_size=1, max_size=2))
    married = draw(st.sampled_from(surnames)) if female and draw(st.booleans()) else None
    alias = draw(st.sampled_from([None, *aliases_table()]))
    name = " ".join(t for t in [first, second, *family] if t)
    droppable = []
    if married:
        name += f" de {married}"
        droppable.append("de")
    if alias:
        name += f' alias "{alias}"'
        droppable.append("alias")
    return name, droppable


@given(salvadoran_names(), st.booleans())
def test_realistic_names_keep_every_token_and_invent_none(
    case: tuple[str, list[str]], capitals: bool
) -> None:
    raw, droppable = case
    if capitals:
        raw = strip_accents(raw).upper()
    got = output_tokens(split_full_name(raw))
    written = Counter(name_key(raw).split())
    assert not got - written  # nothing invented
    assert not written - got - Counter(droppable)  # nothing lost but the markers


@given(salvadoran_names())
def test_capitals_without_accents_split_like_the_written_name(case: tuple[str, list[str]]) -> None:
    raw, _ = case
    shouted = split_full_name(strip_accents(raw).upper())
    written = split_full_name(raw)
    for field in ("given_names", "surname_1", "surname_2", "married_surname", "alias"):
        assert name_key(getattr(shouted, field)) == name_key(getattr(written, field))


@given(st.text(spanish_letters + spanish_letters.upper() + " ,.'\"()-"))
def test_split_full_name_reads_any_text_without_failing(raw: str) -> None:
    assume(raw.strip())
    assert split_full_name(raw).raw == raw
