"""Detention centres: data with sources, and the lookup of centre names."""

from __future__ import annotations

from datetime import date

import pytest

from habeas.domain.centres import GENERIC_CENTRES, UnknownCentre, centre, centres, lookup_centre
from habeas.domain.gazetteer import district


def test_codes_are_unique_and_the_contract_codes_exist() -> None:
    codes = [c.code for c in centres()]
    assert len(codes) == len(set(codes))
    for code in (
        "cecot",
        "la_esperanza",
        "izalco",
        "apanteos",
        "ilopango_women",
        "quezaltepeque",
        "zacatecoluca",
        "san_miguel",
        *GENERIC_CENTRES,
    ):
        assert code in codes


def test_cecot_has_its_capacity_opening_date_and_place() -> None:
    cecot = centre("cecot")
    assert cecot.official_capacity == 40_000
    assert cecot.opened == date(2023, 1, 31)
    assert district(cecot.district_code).name == "Tecoluca"
    assert "BBC" in cecot.capacity_source


def test_every_named_centre_is_in_a_real_district_of_its_department() -> None:
    for c in centres():
        if c.code in GENERIC_CENTRES:
            assert c.district_code is None
            continue
        assert district(c.district_code).department_code == c.department_code


def test_every_capacity_has_a_source_and_a_missing_one_says_so() -> None:
    for c in centres():
        assert c.capacity_source.strip()
        if c.official_capacity is None and c.code not in GENERIC_CENTRES:
            assert "not public" in c.capacity_source.lower()


def test_an_unknown_centre_code_is_a_clear_error() -> None:
    with pytest.raises(UnknownCentre, match="'mariona'"):
        centre("mariona")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Mariona", "la_esperanza"),
        ("Penal de Mariona", "la_esperanza"),
        ("CENTRO PENAL LA ESPERANZA", "la_esperanza"),
        ("Penal de Izalco", "izalco"),
        ("Izalco fase III", "izalco"),
        ("trasladado al penal de Izalco", "izalco"),
        ("CECOT", "cecot"),
        ("Centro de Confinamiento del Terrorismo", "cecot"),
        ("la megacárcel", "cecot"),
        ("Zacatraz", "zacatecoluca"),
        ("Cárcel de Mujeres", "ilopango_women"),
        ("Penal de Apanteos", "apanteos"),
        ("bartolinas", "police_cells"),
        ("Bartolinas de la delegación de Soyapango", "police_cells"),
        ("Hospital Rosales", "hospital"),
        ("Hospital de Zacatecoluca", "hospital"),
        ("no se sabe", "unknown"),
    ],
)
def test_it_finds_centres_under_their_usual_names(name: str, code: str) -> None:
    assert lookup_centre(name) == code


@pytest.mark.parametrize("name", ["", None, "Guantánamo", "de Mariona a Izalco"])
def test_it_returns_none_when_no_single_centre_is_named(name: str | None) -> None:
    assert lookup_centre(name) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Penal La Esperanza", "la_esperanza"),
        ("Centro Penal La Esperanza (Mariona)", "la_esperanza"),
        ("MARIONA", "la_esperanza"),
        ("Centro de Readaptación para Mujeres Ilopango", "ilopango_women"),
        ("cárcel de mujeres", "ilopango_women"),
        ("Bartolinas de la PNC", "police_cells"),
        ("Delegación PNC Soyapango", "police_cells"),
        ("PNC Soyapango", "police_cells"),
        ("Puesto de la PNC de Apopa", "police_cells"),
        ("bartolinas PNC San Miguel", "police_cells"),
        ("Hospital Nacional Rosales", "hospital"),
        ("Cecot Tecoluca", "cecot"),
        ("Penal de máxima seguridad de Zacatecoluca", "zacatecoluca"),
        ("Centro Penal de Izalco Fase 3", "izalco"),
        ("Centro de menores de Tonacatepeque", "juvenile_centre"),
    ],
)
def test_it_finds_centres_as_real_lists_write_them(name: str, code: str) -> None:
    assert lookup_centre(name) == code


@pytest.mark.parametrize(
    "name",
    ["Granja penitenciaria", "Granja Penitenciaria de Santa Ana", "granja penitenciaria de Izalco"],
)
def test_a_penitentiary_farm_is_other_not_the_prison_of_its_town(name: str) -> None:
    # The open-regime farms are separate places; our sources do not describe them.
    assert lookup_centre(name) == "other"


@pytest.mark.parametrize(
    "name", ["N/A", "n/a", "N/D", "S/D", "sin dato", "desconocido", "no consta", "se ignora"]
)
def test_a_dont_know_answer_is_the_unknown_centre(name: str) -> None:
    assert lookup_centre(name) == "unknown"


def test_the_police_taking_someone_to_a_prison_is_the_prison() -> None:
    assert lookup_centre("trasladado por la PNC al penal de Izalco") == "izalco"
