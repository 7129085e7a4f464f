"""Gazetteer of El Salvador: counts, populations and the lookup of place names."""

from __future__ import annotations

from collections import Counter

import pytest

from habeas.domain.gazetteer import (
    UnknownPlace,
    departments,
    district,
    districts,
    lookup_department,
    lookup_place,
    municipalities,
)


def test_it_has_14_departments_44_municipalities_and_262_districts() -> None:
    assert len(departments()) == 14
    assert len(municipalities()) == 44
    assert len(districts()) == 262
    assert len({d.code for d in districts()}) == 262


def test_department_populations_add_up_to_the_2024_census_total() -> None:
    assert sum(d.population_2024 for d in departments()) == 6_029_976


def test_every_district_has_a_positive_population_estimate_adding_up_to_its_department() -> None:
    by_department = Counter()
    for d in districts():
        assert d.population_estimate > 0
        by_department[d.department_code] += d.population_estimate
    assert by_department == {d.code: d.population_2024 for d in departments()}


def test_only_districts_with_a_census_figure_are_not_estimates() -> None:
    known = [d for d in districts() if not d.population_is_estimate]
    assert len(known) == 10
    assert all(d.population_estimate == d.population_2024 for d in known)
    juayua = lookup_place("Juayúa").district_code
    assert district(juayua).population_2024 == 24_344


def test_district_codes_start_with_the_department_code() -> None:
    soyapango = district("0608")
    assert (soyapango.name, soyapango.municipality, soyapango.department) == (
        "Soyapango",
        "San Salvador Este",
        "San Salvador",
    )
    assert all(d.code[:2] == d.department_code for d in districts())


def test_an_unknown_district_code_is_a_clear_error() -> None:
    with pytest.raises(UnknownPlace, match="'9999'"):
        district("9999")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Soyapango", "0608"),
        ("SOYAPANGO", "0608"),
        ("soyapango ", "0608"),
        ("Ahuachapan", "0105"),
        ("CONCEPCIÓN DE ATACO", "0107"),
        ("Cd Delgado", "0614"),
        ("Cd. Delgado", "0614"),
        ("Villa Delgado", "0614"),
        ("Sn Salvador", "0612"),
        ("Sta. Ana", "0205"),
        ("Nueva San Salvador", "0522"),
        ("Santa Tecla", "0522"),
        ("Ciudad Arce", "0505"),
        ("Mexicanos", "0611"),
        ("Cuscatansingo", "0613"),
        ("Ilopngo", "0606"),
        ("municipio de Apopa", "0604"),
        ("Soyapango, San Salvador", "0608"),
        ("Col. Santa Lucía, Ilopango", "0606"),
        ("San Lorenzo (San Vicente)", "1006"),
        ("0608", "0608"),
    ],
)
def test_it_finds_districts_under_many_spellings(name: str, code: str) -> None:
    match = lookup_place(name)
    assert (match.status, match.district_code, match.department_code) == (
        "district",
        code,
        code[:2],
    )


def test_a_name_shared_by_two_departments_is_ambiguous_without_a_department() -> None:
    match = lookup_place("San Lorenzo")
    assert match.status == "ambiguous"
    assert match.district_code is None
    assert match.candidates == ("0103", "1006")


@pytest.mark.parametrize("department", ["10", "San Vicente", "SV-SV", "san vicente"])
def test_a_department_settles_an_ambiguous_name(department: str) -> None:
    match = lookup_place("san lorenzo", department=department)
    assert (match.status, match.district_code) == ("district", "1006")


def test_every_shared_district_name_is_ambiguous() -> None:
    names = Counter(d.name for d in districts())
    shared = sorted(n for n, k in names.items() if k > 1)
    assert shared == ["El Carmen", "El Rosario", "San Fernando", "San Isidro", "San Lorenzo"]
    for name in shared:
        assert lookup_place(name).status == "ambiguous"


def test_a_2024_municipality_is_found_with_its_districts() -> None:
    match = lookup_place("San Salvador Centro")
    assert match.status == "municipality"
    assert match.department_code == "06"
    assert match.district_code is None
    assert set(match.candidates) == {"0610", "0611", "0612", "0613", "0614"}


@pytest.mark.parametrize(("name", "code"), [("Cabañas", "09"), ("LA PAZ", "08"), ("SV-MO", "13")])
def test_a_department_name_is_found_as_a_department(name: str, code: str) -> None:
    match = lookup_place(name)
    assert (match.status, match.department_code, match.district_code) == ("department", code, None)


def test_a_district_named_like_its_department_is_read_as_the_district() -> None:
    assert lookup_place("Santa Ana").district_code == "0205"
    assert lookup_place("departamento de Santa Ana").status == "department"


@pytest.mark.parametrize("name", ["Colonia Escalón", "Guatemala", "xx", "", None])
def test_an_unknown_place_is_reported_as_unknown(name: str | None) -> None:
    match = lookup_place(name)
    assert (match.status, match.district_code, match.candidates) == ("unknown", None, ())
    assert not match.found


def test_a_name_cut_short_lists_the_districts_it_may_be() -> None:
    match = lookup_place("San Juan")
    assert match.status == "ambiguous"
    assert {district(c).name for c in match.candidates} == {
        "San Juan Opico",
        "San Juan Talpa",
        "San Juan Tepezontes",
        "San Juan Nonualco",
    }


def test_lookup_department_reads_codes_iso_and_names() -> None:
    assert lookup_department("6") == "06"
    assert lookup_department("Cabanas") == "09"
    assert lookup_department("Atlántida") is None


def test_lookup_is_fast_on_repeated_names() -> None:
    import time

    start = time.perf_counter()
    for _ in range(100_000):
        lookup_place("Soyapango")
    assert time.perf_counter() - start < 2
