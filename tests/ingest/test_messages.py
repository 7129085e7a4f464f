"""The problem catalogue: every code in Spanish and English, every code used is there."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import habeas.ingest
from habeas.ingest import MESSAGES, Issue, Problem, set_language
from habeas.ingest.messages import render
from habeas.ingest.validate import _DATE_ORDER_CHECKS

SOURCE = Path(habeas.ingest.__file__).parent


def _codes_in_the_code() -> set[str]:
    """Codes given to ``Issue(severity, code, ...)`` anywhere in habeas (ingest, web)."""
    found: set[str] = set()
    for path in SOURCE.parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Issue"):
                continue
            code = node.args[1]
            if isinstance(code, ast.Constant):
                found.add(code.value)
            elif isinstance(code, ast.JoinedStr):  # f"place_is_{match.status}"
                prefix = code.values[0].value  # type: ignore[attr-defined]
                found.update(c for c in MESSAGES if c.startswith(prefix))
            elif isinstance(code, ast.Name) and code.id == "code":
                found.update(c for _, _, c in _DATE_ORDER_CHECKS)
            else:
                raise AssertionError(f"{path.name}:{node.lineno}: a code this test cannot see")
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_used_is_in_the_catalogue_and_every_entry_is_used():
    used = _codes_in_the_code()

    assert used - set(MESSAGES) == set()
    assert set(MESSAGES) - used == set()
    assert {"place_is_municipality", "place_is_department"} <= used


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_a_spanish_and_an_english_sentence_with_the_same_params(code):
    es, en = MESSAGES[code]

    assert es.strip() and en.strip() and es != en
    assert _fields(es) == _fields(en)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_sentence_renders_from_its_params(code):
    params = dict.fromkeys(_fields(MESSAGES[code][0]) - {"hint"}, "7")

    assert "{" not in render(code, params, "es") and "{" not in render(code, params, "en")


def test_str_speaks_spanish_by_default_and_english_when_asked():
    issue = Issue("error", "age_invalid", {"age": "200", "max_age": "110"})
    problem = Problem.of("cdh.csv", 5, "Edad", "age", "200", issue)

    assert (
        str(problem) == "cdh.csv, fila 5, columna 'Edad' (age): la edad 200 no está entre 0 y 110"
    )
    set_language("en")
    assert str(problem) == "cdh.csv, row 5, column 'Edad' (age): age 200 is not between 0 and 110"
    assert problem.render("es").endswith("la edad 200 no está entre 0 y 110")
    assert problem.message == problem.message_in("en") == "age 200 is not between 0 and 110"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        set_language("fr")


def test_dates_in_spanish_sentences_are_written_day_first():
    issue = Issue("warning", "death_before_arrest", {"early": "2022-04-10", "late": "2022-04-01"})

    assert issue.render("es") == (
        "la fecha de muerte 01/04/2022 es anterior a la fecha de captura 10/04/2022"
    )
    assert issue.render("en") == "the death date 2022-04-01 is before the arrest date 2022-04-10"


def test_a_problem_built_without_a_code_shows_its_message_in_a_localised_location():
    # As habeas.web builds its own refusals.
    problem = Problem("cdh.csv", 3, None, "record_id", None, "the row has no record_id", "error")

    assert str(problem) == "cdh.csv, fila 3, campo record_id: the row has no record_id"
    assert problem.render("en") == "cdh.csv, row 3, field record_id: the row has no record_id"


def test_a_problem_round_trips_through_its_dict_and_old_dicts_still_read():
    problem = Problem.of(
        "cdh.csv", 3, "DUI", "dui", "0123", Issue("warning", "dui_malformed", {"value": "0123"})
    )
    old = {k: v for k, v in problem.to_dict().items() if k not in ("code", "params")}

    assert Problem.from_dict(problem.to_dict()) == problem
    assert Problem.from_dict(old).render("en") == problem.render("en")
    assert hash(problem) == hash(Problem.from_dict(problem.to_dict()))
