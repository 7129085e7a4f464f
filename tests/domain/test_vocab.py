"""Controlled vocabularies: labels, codes and the parsing of what lists write."""

from __future__ import annotations

import math

import pytest

from habeas.domain.schema import COLUMNS
from habeas.domain.vocab import (
    VOCABULARIES,
    UnknownTerm,
    VocabularyError,
    fold,
    parse_sex,
    parse_yes_no,
)


def test_every_vocabulary_named_by_the_schema_exists() -> None:
    named = {c.vocabulary for c in COLUMNS if c.vocabulary}
    assert named <= set(VOCABULARIES)


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_term_has_a_unique_code_and_spanish_and_english_labels(name: str) -> None:
    vocab = VOCABULARIES[name]
    assert len(set(vocab.codes)) == len(vocab.codes) > 1
    for term in vocab:
        assert term.code == term.code.lower() and " " not in term.code
        assert term.es.strip() and term.en.strip()
    assert vocab.concept, f"{name} says which HURIDOCS concept it matches (or that none does)"


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_code_and_label_parses_back_to_its_own_code(name: str) -> None:
    vocab = VOCABULARIES[name]
    for term in vocab:
        assert vocab.parse(term.code) == term.code
        assert vocab.parse(term.es) == term.code
        assert vocab.parse(term.en.upper()) == term.code


def test_the_issue_s_codes_are_there() -> None:
    assert VOCABULARIES["authority"].codes == ("pnc", "faes", "joint", "other", "unknown")
    assert set(VOCABULARIES["grounds"].codes) == {
        "in_flagrante",
        "judicial_warrant",
        "prior_record",
        "community",
        "anonymous_tip",
        "appearance",
        "refused_information",
        "none_stated",
        "other",
    }
    assert "hr_defender" in VOCABULARIES["groups"] and "street_vendor" in VOCABULARIES["groups"]
    assert "whereabouts_unknown" in VOCABULARIES["detention_status"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Policía", "pnc"),
        ("policia nacional civil", "pnc"),
        ("PNC", "pnc"),
        ("Ejército", "faes"),
        ("soldados", "faes"),
        ("Fuerza Armada", "faes"),
        ("FAES", "faes"),
        ("PNC y FAES", "joint"),
        ("PNC/FAES", "joint"),
        ("soldados y policías", "joint"),
        ("conjunto", "joint"),
        ("Fiscalía", "other"),
        ("no se sabe", "unknown"),
    ],
)
def test_it_reads_the_arresting_authority(text: str, code: str) -> None:
    assert VOCABULARIES["authority"].parse(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("flagrancia", "in_flagrante"),
        ("Orden judicial", "judicial_warrant"),
        ("antecedentes", "prior_record"),
        ("por vivir en la colonia", "community"),
        ("Denuncia anónima", "anonymous_tip"),
        ("TATUAJES", "appearance"),
        ("no dio información", "refused_information"),
        ("sin motivo", "none_stated"),
    ],
)
def test_it_reads_the_grounds_for_arrest(text: str, code: str) -> None:
    assert VOCABULARIES["grounds"].parse(text) == code


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("groups", "Vendedora ambulante", "street_vendor"),
        ("groups", "lideresa comunitaria", "community_leader"),
        ("groups", "Sindicalista", "union_member"),
        ("hearing_type", "Audiencia masiva", "mass"),
        ("death_cause", "Edema pulmonar", "pulmonary_oedema"),
        ("death_cause", "golpes", "violence"),
        ("death_cause", "falta de atención médica", "medical_neglect"),
        ("reporter_relationship", "Mamá", "mother"),
        ("reporter_relationship", "compañera de vida", "spouse"),
        ("detention_status", "en bartolinas", "police_custody"),
        ("detention_status", "Paradero desconocido", "whereabouts_unknown"),
        ("source_kind", "Socorro Jurídico", "legal_aid"),
    ],
)
def test_it_reads_other_vocabularies(name: str, text: str, code: str) -> None:
    assert VOCABULARIES[name].parse(text) == code


@pytest.mark.parametrize("text", ["", "   ", None, math.nan, "marcianos", "PNC y marcianos"])
def test_it_returns_none_for_what_it_cannot_read(text: object) -> None:
    assert VOCABULARIES["authority"].parse(text) is None


def test_pnc_together_with_another_body_is_not_called_joint() -> None:
    assert VOCABULARIES["authority"].parse("PNC y Fiscalía") is None


def test_get_names_the_vocabulary_and_the_codes_when_a_code_is_unknown() -> None:
    with pytest.raises(UnknownTerm, match="'army' is not a code of the 'authority'"):
        VOCABULARIES["authority"].get("army")
    assert VOCABULARIES["authority"].label("faes", "en").startswith("Armed Forces")


def test_fold_ignores_accents_case_and_punctuation() -> None:
    assert fold("  Sí, Señor-Cañas ") == "si senor canas"


@pytest.mark.parametrize("value", ["Sí", "si", "SI", "S", "X", "1", 1, 1.0, True, "true", "yes"])
def test_yes_values_read_as_yes(value: object) -> None:
    assert parse_yes_no(value) == "yes"


@pytest.mark.parametrize("value", ["No", "n", "0", 0, False, "false", "FALSO"])
def test_no_values_read_as_no(value: object) -> None:
    assert parse_yes_no(value) == "no"


@pytest.mark.parametrize("value", [None, "", "  ", math.nan, "N/D", "no sabe", "Desconocido"])
def test_blank_or_unknown_yes_no_is_none(value: object) -> None:
    assert parse_yes_no(value) is None


def test_a_yes_no_cell_with_anything_else_is_an_error_that_quotes_it() -> None:
    with pytest.raises(VocabularyError, match="'quizás'"):
        parse_yes_no("quizás")


@pytest.mark.parametrize(
    ("value", "sex"),
    [
        ("F", "F"),
        ("femenino", "F"),
        ("Mujer", "F"),
        ("M", "M"),
        ("MASCULINO", "M"),
        ("H", "M"),
        ("Hombre", "M"),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_sex(value: object, sex: str | None) -> None:
    assert parse_sex(value) == sex


def test_an_unreadable_sex_is_an_error() -> None:
    with pytest.raises(VocabularyError, match="'X'"):
        parse_sex("X")
