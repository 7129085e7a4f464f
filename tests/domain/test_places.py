"""Place names as real Salvadoran lists write them: lookup_place on unseen shapes.

The rule behind these cases: a wrong district is worse than an unknown one (it
corrupts linkage and per-department rates), so a name is read only when it is
clear, and blanks, neighbourhoods and "don't know" answers stay unknown.
"""

from __future__ import annotations

import pytest

from habeas.domain.gazetteer import departments, district, districts, lookup_place
from habeas.domain.places import lookup_department
from habeas.domain.vocab import fold


def _district(name: str, department: str | None = None) -> tuple[str, str | None, str | None]:
    match = lookup_place(name, department=department)
    return match.status, match.district_code, match.department_code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Col. Escalón, San Salvador", "0612"),
        ("Colonia Escalón, San Salvador", "0612"),
        ("Barrio El Centro, San Miguel", "1209"),
        ("Colonia Santa Lucía, Ilopango", "0606"),
        ("Cantón El Limón, Soyapango", "0608"),
        ("Res. Altavista, Tonacatepeque", "0609"),
        ("Col. Zacamil, Mejicanos, San Salvador", "0611"),
        ("San Luis, San Salvador", "0612"),  # Colonia San Luis, in the city
    ],
)
def test_a_neighbourhood_before_a_district_gives_the_district(name: str, code: str) -> None:
    assert _district(name) == ("district", code, code[:2])


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Mejicanos, S.S.", "0611"),
        ("Mejicanos SS", "0611"),
        ("San Salvador, S.S.", "0612"),
        ("Apopa San Salvador", "0604"),
        ("Apopa, San Salvador", "0604"),
        ("Ciudad Delgado San Salvador", "0614"),
        ("San Juan Opico La Libertad", "0504"),
        ("Soyapango (San Salvador)", "0608"),
        ("Soyapango / San Salvador", "0608"),
        ("Soyapango, El Salvador", "0608"),
        ("Soyapango El Salvador", "0608"),
        ("Soyapango, San Salvador, El Salvador", "0608"),
        ("Soyapango, San Salvador Este", "0608"),
        ("La Libertad, La Libertad", "0518"),
    ],
)
def test_a_district_followed_by_its_department_or_the_country_gives_the_district(
    name: str, code: str
) -> None:
    assert _district(name) == ("district", code, code[:2])


def test_a_trailing_department_is_not_read_as_a_district_when_the_department_is_given() -> None:
    assert _district("Soyapango, San Salvador", department="06") == ("district", "0608", "06")


def test_a_neighbourhood_in_a_department_without_such_a_district_keeps_only_the_department() -> (
    None
):
    assert _district("Colonia El Calvario, Cuscatlán") == ("unknown", None, "07")


@pytest.mark.parametrize(
    ("name", "department"),
    [
        ("Guadalupe, San Salvador", "06"),  # a colonia; Guadalupe the district is in San Vicente
        ("El Refugio, Sonsonate Centro", "03"),
        ("Santa Ana Centro, Sonsonate", "03"),
    ],
)
def test_a_place_outside_the_department_or_municipality_written_after_it_is_not_guessed(
    name: str, department: str
) -> None:
    assert _district(name) == ("unknown", None, department)


def test_a_district_inside_the_municipality_written_after_it_is_found() -> None:
    assert _district("Soyapango, San Salvador Este") == ("district", "0608", "06")
    match = lookup_place("Col. Escalón, San Salvador Centro")
    assert (match.status, match.department_code) == ("municipality", "06")


@pytest.mark.parametrize(
    ("name", "department"),
    [
        ("Col. Escalón San Salvador", None),
        ("Colonia Santa Lucía Ilopango", None),
        ("Colonia Jardines de Guadalupe", None),
        ("Col. Santa Catarina Masahuat", None),
        ("Col. Nueva Guadalupe", None),
        ("Res. Villas de San Miguel", None),
    ],
)
def test_a_neighbourhood_is_never_split_from_a_town_without_a_separator(
    name: str, department: str | None
) -> None:
    assert _district(name) == ("unknown", None, department)


@pytest.mark.parametrize(("abbreviation", "code"), [("S.S.", "06"), ("SS", "06"), ("s.s", "06")])
def test_the_usual_abbreviation_of_san_salvador_is_the_department(
    abbreviation: str, code: str
) -> None:
    assert lookup_department(abbreviation) == code
    assert _district(abbreviation) == ("department", None, code)


# --- names shared by a department and a district ----------------------------------------

_SHARED = [
    (dep.name, d.code)
    for dep in departments()
    for d in districts()
    if fold(d.name) == fold(dep.name) and d.department_code == dep.code
]


def test_ten_departments_share_their_name_with_one_of_their_districts() -> None:
    assert sorted(code for _, code in _SHARED) == [
        "0105",
        "0205",
        "0305",
        "0414",
        "0518",
        "0612",
        "1008",
        "1110",
        "1209",
        "1414",
    ]


@pytest.mark.parametrize(("name", "code"), _SHARED)
def test_a_name_shared_by_a_department_and_its_district_is_read_as_the_district(
    name: str, code: str
) -> None:
    # Lists name towns far more often than departments; the department code is the same
    # under both readings, so per-department figures do not depend on this choice.
    assert _district(name) == ("district", code, code[:2])
    assert _district(name.upper()) == ("district", code, code[:2])
    assert lookup_place(f"departamento de {name}").status == "department"


@pytest.mark.parametrize("name", ["SAN MIGUEL", "Santa Ana", "La Libertad", "SAN SALVADOR"])
def test_the_usual_shared_names_are_districts(name: str) -> None:
    match = lookup_place(name)
    assert match.status == "district"
    assert district(match.district_code).name.upper() == fold(name).upper()


# --- towns under their usual names --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ciudad Delgado", "0614"),
        ("Delgado", "0614"),
        ("Cuscatancingo", "0613"),
        ("Tonacatepeque", "0609"),
        ("San Martín", "0607"),
        ("SAN MARTIN", "0607"),
        ("San  Martín", "0607"),
        ("  Ilobasco ", "0906"),
        ("Zacatecoluca", "0822"),
        ("Usulután", "1110"),
        ("Usulutan", "1110"),
        ("Chalatenango", "0414"),
        ("Chalate", "0414"),
        ("Sonso", "0305"),
        ("SOYAPANGO  ", "0608"),
    ],
)
def test_it_finds_towns_under_their_usual_names(name: str, code: str) -> None:
    assert _district(name) == ("district", code, code[:2])


def test_a_2024_municipality_is_a_municipality_not_one_of_its_districts() -> None:
    match = lookup_place("San Salvador Centro")
    assert (match.status, match.district_code) == ("municipality", None)
    assert "0612" in match.candidates


# --- what must stay unknown ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "N/A",
        "n/a",
        "NA",
        "N/D",
        "S/D",
        "desconocido",
        "Desconocida",
        "DESCONOCIDO",
        "sin dato",
        "sin datos",
        "no sabe",
        "no consta",
        "se ignora",
        "ignorado",
        "no especificado",
        "El Salvador",
        "República de El Salvador",
        "El Salvador, C.A.",
        "-",
        "?",
    ],
)
def test_a_dont_know_answer_is_unknown_without_any_department(name: str) -> None:
    match = lookup_place(name)
    assert (match.status, match.district_code, match.department_code) == ("unknown", None, None)
    assert match.candidates == ()


@pytest.mark.parametrize(
    "name",
    [
        "Col. Escalón",
        "Colonia Santa Lucía",
        "Col. San Martín",
        "Barrio San Miguelito",
        "Cantón El Limón",
        "Residencial Altavista",
        "Reparto Las Cañas",
        "Urbanización Santa Elena",
        "Zacamil",
    ],
)
def test_a_neighbourhood_alone_is_unknown_even_when_named_like_a_district(name: str) -> None:
    assert _district(name) == ("unknown", None, None)


@pytest.mark.parametrize("name", ["Usulatan", "Sonsonte Oeste", "San Migel Centro Norte"])
def test_a_misspelling_far_from_every_name_is_not_guessed(name: str) -> None:
    assert lookup_place(name).district_code is None
