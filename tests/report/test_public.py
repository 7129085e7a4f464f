"""The public aggregate tables: small cells suppressed, nothing recoverable by subtraction."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from habeas.report.public import PublicExportError, aggregate_tables, write_public

AGES = ["under_18", "18_29", "30_44", "45_59", "60_plus"]


def people_with(column: str, counts: dict[object, int], **fixed: object) -> pd.DataFrame:
    """A people table with ``counts[value]`` people holding each value of ``column``."""
    values = [v for v, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame({column: pd.Series(values, dtype=object)})
    frame.insert(0, "person_id", [f"PID-{i:05d}" for i in range(len(frame))])
    for name, value in fixed.items():
        frame[name] = value
    return frame


def published(table: pd.DataFrame, column: str) -> dict[str, object]:
    return {
        c: (None if s else int(p)) for c, p, s in table[[column, "people", "suppressed"]].values
    }


# --- primary suppression -------------------------------------------------------------


def test_cells_of_one_to_four_people_are_suppressed_five_and_zero_are_kept() -> None:
    people = people_with("age_group", {"under_18": 1, "18_29": 4, "30_44": 5, "60_plus": 20})

    table = aggregate_tables(people)["detained_by_age_group"]

    assert published(table, "age_group") == {
        "under_18": None,
        "18_29": None,
        "30_44": 5,
        "45_59": 0,
        "60_plus": 20,
        "(unknown)": 0,
        "(total)": 30,
    }


def test_a_suppressed_cell_is_missing_and_flagged() -> None:
    people = people_with("age_group", {"under_18": 2, "18_29": 3, "30_44": 10})

    table = aggregate_tables(people)["detained_by_age_group"].set_index("age_group")

    assert table.loc["under_18", "people"] is pd.NA
    assert bool(table.loc["under_18", "suppressed"])
    assert not table.loc["45_59", "suppressed"]


def test_min_cell_is_configurable() -> None:
    people = people_with("age_group", {"under_18": 2, "18_29": 3, "30_44": 1, "45_59": 12})

    loose = published(aggregate_tables(people, min_cell=3)["detained_by_age_group"], "age_group")
    strict = published(aggregate_tables(people, min_cell=10)["detained_by_age_group"], "age_group")

    assert (loose["under_18"], loose["18_29"], loose["30_44"]) == (None, 3, None)
    assert (strict["under_18"], strict["18_29"], strict["30_44"]) == (None, None, None)
    assert loose["45_59"] == strict["45_59"] == 12


def test_min_cell_below_one_is_refused() -> None:
    with pytest.raises(PublicExportError, match="min_cell"):
        aggregate_tables(people_with("sex", {"F": 5}), min_cell=0)


# --- complementary suppression --------------------------------------------------------


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it() -> None:
    # 2 children alone would follow from 18 (total) - 6 - 10.
    people = people_with("age_group", {"under_18": 2, "18_29": 6, "30_44": 10})

    table = published(aggregate_tables(people)["detained_by_age_group"], "age_group")

    assert table["under_18"] is None
    assert table["18_29"] is None
    assert table["30_44"] == 10
    assert table["(total)"] == 18


def test_the_two_way_table_protects_rows_and_columns() -> None:
    # given: department 06 has 2 women and 20 men; department 01 has 8 women and 9 men
    people = pd.DataFrame(
        {
            "department": ["06"] * 22 + ["01"] * 17,
            "sex": ["F"] * 2 + ["M"] * 20 + ["F"] * 8 + ["M"] * 9,
        }
    )

    # when
    table = aggregate_tables(people)["detained_by_department_sex"]

    # then: the 2 women hide behind another cell in their row and in their column
    cells = {(d, s): p for d, s, p in table[["department", "sex", "people"]].values}
    assert cells["06", "F"] is pd.NA
    assert cells["06", "M"] is pd.NA
    assert cells["01", "F"] is pd.NA
    assert cells["01", "M"] is pd.NA
    assert cells["06", "(total)"] == 22
    assert cells["(total)", "(total)"] == 39
    assert_nothing_small_is_derivable(table, min_cell=5)


def test_cells_that_several_lines_together_would_pin_down_are_hidden_too() -> None:
    # given: a table where hiding two cells per line is not enough: with the margins,
    # 5 - (9 - 7) gives the 3 men of department 02 unless more is suppressed
    people = pd.DataFrame(
        {
            "department": ["01"] * 3 + ["02"] * 5 + ["06"],
            "sex": ["M"] * 3 + ["F", "M", "M", "M", None] + ["M"],
        },
        dtype=object,
    )

    # when
    table = aggregate_tables(people)["detained_by_department_sex"]

    # then
    cells = {(d, s): p for d, s, p in table[["department", "sex", "people"]].values}
    assert cells["02", "M"] is pd.NA
    assert_nothing_small_is_derivable(table, min_cell=5)


def test_the_one_way_department_and_sex_tables_are_the_two_way_margins() -> None:
    people = pd.DataFrame({"department": ["06"] * 22 + ["01"] * 3, "sex": ["F"] * 2 + ["M"] * 23})

    tables = aggregate_tables(people)

    two_way = tables["detained_by_department_sex"]
    margins = two_way[two_way["sex"] == "(total)"]
    assert margins["people"].tolist() == tables["detained_by_department"]["people"].tolist()
    sexes = two_way[two_way["department"] == "(total)"]
    assert sexes["people"].tolist() == tables["detained_by_sex"]["people"].tolist()


def lines_of(table: pd.DataFrame) -> list[tuple[list[int], int]]:
    """(cells, margin) index lists of the long two-way table."""
    rows = table["department"].tolist()
    cols = table["sex"].tolist()
    index = {(r, c): i for i, (r, c) in enumerate(zip(rows, cols, strict=True))}
    row_cats = list(dict.fromkeys(rows))
    col_cats = list(dict.fromkeys(cols))
    out = []
    for r in row_cats:
        out.append(([index[r, c] for c in col_cats[:-1]], index[r, "(total)"]))
    for c in col_cats:
        out.append(([index[r, c] for r in row_cats[:-1]], index["(total)", c]))
    return out


def assert_nothing_small_is_derivable(table: pd.DataFrame, *, min_cell: int) -> None:
    """An attacker's view: subtract along lines, then bound each hidden cell by LP.

    Zeros are always published, so the attacker knows every hidden cell counts at
    least one person: the LP bounds are ``x >= 1``, not just ``x >= 0``.
    """
    people = table["people"]
    hidden = set(np.flatnonzero(table["suppressed"].to_numpy()))
    lines = lines_of(table)
    for cells, margin in lines:
        assert sum(i in hidden for i in [*cells, margin]) != 1
    # Repeated subtraction recovers nothing: no line ever has a single unknown.
    known = {i: int(people[i]) for i in range(len(table)) if i not in hidden}
    changed = True
    while changed:
        changed = False
        for cells, margin in lines:
            unknown = [i for i in [*cells, margin] if i not in known]
            if len(unknown) == 1:
                (i,) = unknown
                rest = sum(known[j] for j in cells if j != i)
                known[i] = known[margin] - rest if i != margin else rest
                changed = True
    assert set(known) == set(range(len(table))) - hidden
    # And no linear combination of lines pins a hidden cell down.
    order = sorted(hidden)
    if not order:
        return
    a_eq, b_eq = [], []
    for cells, margin in lines:
        row = [0.0] * len(order)
        b = 0.0
        for i, sign in [*((c, 1) for c in cells), (margin, -1)]:
            if i in hidden:
                row[order.index(i)] += sign
            else:
                b -= sign * known[i]
        a_eq.append(row)
        b_eq.append(b)
    for pos in range(len(order)):
        c = np.zeros(len(order))
        c[pos] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(1, None)).fun
        top = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(1, None))
        high = np.inf if top.status == 3 else -top.fun  # 3: unbounded, nothing to bound it
        assert high - low > 0.5, f"hidden cell {table.iloc[order[pos]].to_dict()} is derivable"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(["01", "06", "12", None]), st.sampled_from(["F", "M", None])),
        max_size=80,
    ),
    min_cell=st.integers(2, 6),
)
# Department 06's margin (2) was hidden next to its two cells of 1, though the sex
# margins and the grand total gave it away; published or not, 2 = 1 + 1 showed both.
@example(
    cells=[("01", "M"), ("01", "M"), ("01", "M"), ("06", "F"), ("06", None), ("12", "M")],
    min_cell=2,
)
def test_no_small_cell_of_a_random_two_way_table_can_be_derived(
    cells: list[tuple[str | None, str | None]], min_cell: int
) -> None:
    people = pd.DataFrame(cells, columns=["department", "sex"], dtype=object)

    table = aggregate_tables(people, min_cell=min_cell)["detained_by_department_sex"]

    truth = people.fillna("(unknown)").value_counts().to_dict()
    for d, s, p, hid in table[["department", "sex", "people", "suppressed"]].values:
        if d == "(total)" or s == "(total)":
            continue
        n = truth.get((d, s), 0)
        if 0 < n < min_cell:
            assert hid
        if not hid:
            assert p == n
        else:
            assert n > 0  # zeros are never hidden
    assert_nothing_small_is_derivable(table, min_cell=min_cell)


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 12), min_size=5, max_size=5), min_cell=st.integers(2, 6))
def test_no_line_of_a_random_one_way_table_has_a_single_suppressed_cell(
    counts: list[int], min_cell: int
) -> None:
    people = people_with("age_group", dict(zip(AGES, counts, strict=True)))

    table = aggregate_tables(people, min_cell=min_cell)["detained_by_age_group"]

    assert table["suppressed"].sum() != 1
    hidden = table[table["suppressed"]]
    if len(hidden) and not table["suppressed"].iloc[-1]:
        # Hidden cells hold the total less the published ones, each at least 1: one
        # can be as large as that rest less 1 for each other, so never only 1.
        rest = table["people"].iloc[-1] - table["people"].iloc[:-1].sum()
        assert rest - (len(hidden) - 1) > 1
    for code, n in zip(AGES, counts, strict=True):
        row = table[table["age_group"] == code].iloc[0]
        if 0 < n < min_cell:
            assert row["suppressed"]
        if row["suppressed"]:
            assert n > 0  # zeros are never hidden
        else:
            assert row["people"] == n


# --- categories -----------------------------------------------------------------------


def test_unrecognised_values_are_published_only_as_unknown() -> None:
    people = people_with("department", {"06": 6, "Soyapango centro": 6}, sex="F")

    table = published(aggregate_tables(people)["detained_by_department"], "department")

    assert table["(unknown)"] == 6
    assert "Soyapango centro" not in table


def test_a_person_in_two_groups_counts_in_both_but_once_in_the_total() -> None:
    people = people_with("groups", {"journalist;student": 5, "student": 5, "": 6, None: 5})

    table = published(aggregate_tables(people)["detained_by_group"], "group")

    assert table["journalist"] == 5
    assert table["student"] == 10
    assert table["none"] == 6
    assert table["(unknown)"] == 5
    assert table["(total)"] == 21


def test_death_tables_count_only_deaths_in_custody() -> None:
    people = people_with(
        "died_in_custody",
        {"yes": 6, "no": 30, None: 4},
        death_cause="illness",
        death_place="cecot",
        death_date="2022-06-14",
    )

    tables = aggregate_tables(people)

    assert published(tables["deaths_by_cause"], "cause")["illness"] == 6
    assert published(tables["deaths_by_centre"], "centre")["cecot"] == 6
    assert published(tables["deaths_by_month"], "death_month") == {
        "2022-06": 6,
        "(unknown)": 0,
        "(total)": 6,
    }


def test_months_run_from_first_to_last_with_zeros_and_can_be_coarsened() -> None:
    people = people_with("arrest_month", {"2022-03": 6, "2022-05": 3, "2022-06": 3})

    monthly = published(aggregate_tables(people)["detained_by_month"], "arrest_month")
    quarterly = aggregate_tables(people, coarsen_months="quarter")["detained_by_month"]

    assert monthly == {
        "2022-03": 6,
        "2022-04": 0,
        "2022-05": None,
        "2022-06": None,
        "(unknown)": 0,
        "(total)": 12,
    }
    assert published(quarterly, "arrest_quarter") == {
        "2022-Q1": 6,
        "2022-Q2": 6,
        "(unknown)": 0,
        "(total)": 12,
    }


def test_an_unknown_coarsening_is_refused() -> None:
    with pytest.raises(PublicExportError, match="coarsen_months"):
        aggregate_tables(people_with("sex", {"F": 5}), coarsen_months="week")


# --- write_public ---------------------------------------------------------------------


def rich_people(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "person_id": [f"PID-{i:05d}" for i in range(n)],
            "sex": rng.choice(["F", "M"], n),
            "age_group": rng.choice(AGES, n),
            "department": rng.choice(["01", "06", "12"], n),
            "residence_district": "0608",
            "arrest_date": [
                f"2022-0{m}-1{d}"
                for m, d in zip(rng.integers(4, 7, n), rng.integers(0, 9, n), strict=True)
            ],
            "first_hearing_date": "2022-07-01",
            "groups": rng.choice(["", "journalist", None], n),
            "died_in_custody": rng.choice(["yes", "no"], n),
            "death_date": "2022-08-02",
            "death_cause": "violence",
            "death_place": "cecot",
        }
    )


def test_by_default_it_writes_tables_and_a_readme_but_no_microdata(tmp_path: Path) -> None:
    paths = write_public(rich_people(), tmp_path, min_cell=7)

    names = {p.name for p in paths}
    assert "README.md" in names
    assert "detained_by_department_sex.csv" in names
    assert len(names) == 11
    assert not (tmp_path / "microdata.csv").exists()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "min_cell = 7" in readme
    assert "personas documentadas" in readme


def test_with_microdata_the_readme_gives_k_and_the_levels(tmp_path: Path) -> None:
    paths = write_public(rich_people(), tmp_path, include_microdata=True, k=4, lang="en")

    assert tmp_path / "microdata.csv" in paths
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "k = 4" in readme
    assert "Levels used" in readme
    assert "documented people" in readme


def test_the_readme_is_in_spanish_by_default_and_in_english_when_asked(tmp_path: Path) -> None:
    options = {"include_microdata": True, "k": 3, "coarsen_months": "quarter"}

    write_public(rich_people(), tmp_path / "es", **options)
    write_public(rich_people(), tmp_path / "en", lang="en", **options)

    spanish = (tmp_path / "es" / "README.md").read_text(encoding="utf-8")
    english = (tmp_path / "en" / "README.md").read_text(encoding="utf-8")
    assert spanish.startswith("# Datos públicos anonimizados\n")
    assert english.startswith("# Anonymised public data\n")
    for heading in ("## Archivos", "## Celdas pequeñas", "## Microdatos"):
        assert heading in spanish
    for heading in ("## Files", "## Small cells", "## Microdata"):
        assert heading in english
    assert "por trimestre (aaaa-Qn)" in spanish
    assert "by quarter (yyyy-Qn)" in english
    assert "Niveles usados: `arrest_period`: " in spanish
    assert "Levels used: `arrest_period`: " in english
    # the check's assumption, which a reader can make too since zeros are published
    assert "toda celda suprimida cuenta al menos a una persona" in spanish
    assert "every suppressed cell holds at least one person" in english
    # nothing left untranslated or unfilled
    assert "%(" not in spanish + english
    assert "people detained by" not in spanish
    assert "personas detenidas por" not in english


def test_a_stale_microdata_file_does_not_outlive_a_run_without_it(tmp_path: Path) -> None:
    write_public(rich_people(), tmp_path, include_microdata=True)

    write_public(rich_people(), tmp_path)

    assert not (tmp_path / "microdata.csv").exists()


def test_no_file_holds_a_person_id_an_exact_date_or_a_district(tmp_path: Path) -> None:
    people = rich_people()

    paths = write_public(people, tmp_path, include_microdata=True, k=2)

    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "PID-" not in text
    assert "0608" not in text


def test_suppressed_cells_are_empty_and_flagged_true_in_the_csv(tmp_path: Path) -> None:
    write_public(people_with("sex", {"F": 2, "M": 3, None: 10}), tmp_path)

    table = pd.read_csv(tmp_path / "detained_by_sex.csv", dtype=str, keep_default_na=False)

    assert table.to_dict("records")[0] == {"sex": "F", "people": "", "suppressed": "true"}
    assert table.to_dict("records")[2] == {
        "sex": "(unknown)",
        "people": "10",
        "suppressed": "false",
    }


@pytest.mark.parametrize(
    "name", ["habeas.report.public", "habeas.report.public_tables", "habeas.report.kanon"]
)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))

    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
