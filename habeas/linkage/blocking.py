"""Blocking rules: which record pairs are scored at all.

Each rule is an equi-join (hash join in DuckDB and Spark), never an ``OR`` or a fuzzy
condition, so the candidate pairs grow with the size of the largest blocks, not with
the square of the records. Together they must keep almost every true pair (above
99.5% on the default simulated scenario) while a shared common name alone never forms
a block. Rules refer to the columns of :func:`habeas.linkage.prepare.prepare_records`.

Splink scores each pair once, for the first rule that admits it, so the order only
matters for the per-rule counts reported by ``count_candidate_pairs``.
"""

from __future__ import annotations

from splink import block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from habeas.domain.errors import HabeasError


class UnknownBlockingRule(HabeasError, KeyError):
    """A blocking rule name that :data:`BLOCKING_RULES` does not define."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown blocking rule"


#: Birth dates that do not rule the pair out: birth years at most 2 apart; failing a
#: birth year on either side, ages at arrest at most 3 apart; failing both, anything.
#: A filter on the pairs a name rule's join finds, not a join key, and kept cheap
#: (integer comparisons): Splink evaluates every earlier rule's condition on each
#: joined pair of a later rule to drop duplicates, so an edit distance or a substring
#: here costs more time than the pairs it spares. It spares scoring the pairs of a
#: shared common name whose birth years disagree: at 200,000 names-only records it cuts
#: the name rules' candidate pairs by three quarters and loses almost no true pair the
#: model could link (a typo in the year, "1985" / "1958", is left to the DUI rules).
COMPATIBLE_BIRTH = (
    "coalesce("
    "abs(l.birth_year - r.birth_year) <= 2,"
    " abs(l.age_at_arrest - r.age_at_arrest) <= 3,"
    " true)"
)


def _initials(*columns: str) -> str:
    """The first letters of ``columns`` agree, or one side is missing (a filter, as
    cheap as :data:`COMPATIBLE_BIRTH`: a misspelt name keeps its first letter far more
    often than not, and a missing one rules nothing out)."""
    return " AND ".join(f"coalesce(left(l.{c}, 1) = left(r.{c}, 1), true)" for c in columns)


def _rule(sql: str) -> BlockingRuleCreator:
    return CustomRule(sql, sql_dialect="duckdb")


def _compatible(*columns: str) -> BlockingRuleCreator:
    """Equal ``columns``, birth dates compatible (:data:`COMPATIBLE_BIRTH`)."""
    keys = " AND ".join(f"l.{c} = r.{c}" for c in columns)
    return _rule(f"{keys} AND {COMPATIBLE_BIRTH}")


def _compatible_sql(sql: str) -> BlockingRuleCreator:
    return _rule(f"{sql} AND {COMPATIBLE_BIRTH}")


#: Named blocking rules; the name is what settings and reports refer to. Yields are
#: marginal (pairs not found by an earlier default rule) on the names-only hard bench
#: at 200,000 records (bench/linkage_hard_names.py, seed 7).
BLOCKING_RULES: dict[str, BlockingRuleCreator] = {
    # A valid DUI is the strongest key there is.
    "dui": block_on("dui"),
    # The same DUI as written, check digit wrong or not: a copied typo.
    "dui_any": block_on("dui_any"),
    # Given name and birth date: both surnames mangled, swapped or dropped.
    "given_1_birth_date": block_on("given_1", "birth_date"),
    # Birth date alone: given name and surnames all misspelt or nicknamed (~0.9 M
    # pairs for 2.3 points of recall at 200,000 records).
    "birth_date": block_on("birth_date"),
    # Spelling variants of both names (b/v, s/z, silent h...).
    "given_surname_1_phonetic": _compatible("given_1_phonetic", "surname_1_phonetic"),
    # The paternal surname misspelt or dropped: given name and maternal surname.
    "given_1_surname_2": _compatible("given_1", "surname_2"),
    # Surnames in the other order ("Méndez Hernández" / "Hernández Méndez").
    "surnames_swapped": _compatible_sql("l.surname_1 = r.surname_2 AND l.surname_2 = r.surname_1"),
    # One list kept only the maternal surname, in first place (both directions, since
    # Splink orders each pair by unique_id).
    "surname_2_as_1_lr": _compatible_sql("l.given_1 = r.given_1 AND l.surname_2 = r.surname_1"),
    "surname_2_as_1_rl": _compatible_sql("l.given_1 = r.given_1 AND l.surname_1 = r.surname_2"),
    # A married woman under her husband's surname ("López de Gómez" / "Gómez").
    "married_lr": _rule("l.given_1 = r.given_1 AND l.married_surname = r.surname_1"),
    "married_rl": _rule("l.given_1 = r.given_1 AND l.surname_1 = r.married_surname"),
    "married_2_lr": _rule("l.given_1 = r.given_1 AND l.married_surname = r.surname_2"),
    "married_2_rl": _rule("l.given_1 = r.given_1 AND l.surname_2 = r.married_surname"),
    # Alias-only records: the alias within the month of arrest.
    "alias_arrest_month": block_on("alias", "arrest_month"),
    # Surname spelling plus place: catches given-name nicknames and typos.
    "surname_1_phonetic_residence": _compatible("surname_1_phonetic", "residence_district"),
    "surname_1_phonetic_arrest": _compatible("surname_1_phonetic", "arrest_district"),
    # Surname mistyped beyond phonetics, no second surname: given name, place, month.
    "given_1_residence_month": _compatible("given_1", "residence_district", "arrest_month"),
    # Records without any name (alias only, or nothing): place and month of arrest.
    "nameless_lr": _rule(
        "l.given_1 IS NULL AND l.surname_1 IS NULL"
        " AND l.residence_district = r.residence_district AND l.arrest_month = r.arrest_month"
    ),
    "nameless_rl": _rule(
        "r.given_1 IS NULL AND r.surname_1 IS NULL"
        " AND l.residence_district = r.residence_district AND l.arrest_month = r.arrest_month"
    ),
    # A DUI typo in one of its first four digits and names too mangled for the rules
    # above: the last four digits and the check digit (uniform, unlike the first
    # digits, which DUIs share by year of issue).
    "dui_tail": block_on("substr(dui_any, 5, 6)"),
    # Given name and first surname written in each other's fields.
    "given_surname_swapped": _rule("l.given_1 = r.surname_1 AND l.surname_1 = r.given_1"),
    # First surname mistyped beyond phonetics, second dropped: given name and home.
    "given_1_residence": _compatible("given_1", "residence_district"),
    # Large-list variants (LARGE_LIST_VARIANTS): the rule above of the same name with
    # one more condition, the first letter of a name the rule does not join on.
    "given_surname_1_phonetic_s2": _compatible_sql(
        "l.given_1_phonetic = r.given_1_phonetic AND l.surname_1_phonetic = r.surname_1_phonetic"
        f" AND {_initials('surname_2_phonetic')}"
    ),
    "given_1_surname_2_s1": _compatible_sql(
        f"l.given_1 = r.given_1 AND l.surname_2 = r.surname_2 AND {_initials('surname_1_phonetic')}"
    ),
    "surnames_swapped_g1": _compatible_sql(
        "l.surname_1 = r.surname_2 AND l.surname_2 = r.surname_1"
        f" AND {_initials('given_1_phonetic')}"
    ),
    # Only the maternal surname kept: the record that kept it has no second surname.
    "surname_2_as_1_lr_alone": _compatible_sql(
        "l.given_1 = r.given_1 AND l.surname_2 = r.surname_1 AND r.surname_2 IS NULL"
    ),
    "surname_2_as_1_rl_alone": _compatible_sql(
        "l.given_1 = r.given_1 AND l.surname_1 = r.surname_2 AND l.surname_2 IS NULL"
    ),
    "surname_1_phonetic_residence_s2": _compatible_sql(
        "l.surname_1_phonetic = r.surname_1_phonetic"
        f" AND l.residence_district = r.residence_district AND {_initials('surname_2_phonetic')}"
    ),
    "surname_1_phonetic_arrest_s2": _compatible_sql(
        "l.surname_1_phonetic = r.surname_1_phonetic"
        f" AND l.arrest_district = r.arrest_district AND {_initials('surname_2_phonetic')}"
    ),
    "given_1_residence_s1": _compatible_sql(
        "l.given_1 = r.given_1 AND l.residence_district = r.residence_district"
        f" AND {_initials('surname_1_phonetic')}"
    ),
    # Not in the default set: measured yield too small for their cost (at 200,000
    # names-only records; the time is that of the blocking join, duplicates removed).
    # Given name mistyped beyond phonetics or replaced by an unknown nickname: +0.28
    # points of recall for 0.65 M pairs and 6 s of blocking.
    "surnames_phonetic": _compatible("surname_1_phonetic", "surname_2_phonetic"),
    # Given name plus maternal-surname spelling: the paternal surname mistyped
    # (+0.03 points, 4 s of blocking).
    "given_1_surname_2_phonetic": _compatible("given_1_phonetic", "surname_2_phonetic"),
    # A surname crossed, and the home district (~0.04 points of recall per rule at
    # 200,000 records, for ~0.3 M pairs each).
    "surname_crossed_residence_lr": _compatible_sql(
        "l.surname_1 = r.surname_2 AND l.residence_district = r.residence_district"
    ),
    "surname_crossed_residence_rl": _compatible_sql(
        "l.surname_2 = r.surname_1 AND l.residence_district = r.residence_district"
    ),
    # Surname and birth year: superseded by birth_date and the name rules (+0.01 points
    # for ~4 M pairs at 200,000 records). Kept so settings of earlier runs still load.
    "surname_1_birth_year": block_on("surname_1", "birth_year"),
}

#: Lists of more records than ``LinkSettings.large_list_records`` (300,000 by default)
#: block with the variant of each of these rules instead (:func:`rules_for_list`).
#: Their blocks are a name (and a place) shared by ever more records as a list grows,
#: so their candidate pairs grow with the square of the records while the true pairs
#: among them grow with the records: on the simulated scenario, 25 million candidate
#: pairs at 250,000 records and 400 million at a million. The variants ask one more
#: name's first letter to agree (or be missing), or, for a kept maternal surname, the
#: second surname to be missing: at 250,000 simulated records they cut these rules'
#: pairs from 26 to 5 million and lose 19 of 126,276 true pairs (0.02%); on the
#: names-only hard bench (200,000 records, denser in namesakes) 0.6% of true pairs,
#: hence lists up to the threshold keep the full rules.
LARGE_LIST_VARIANTS: dict[str, str] = {
    "given_surname_1_phonetic": "given_surname_1_phonetic_s2",
    "given_1_surname_2": "given_1_surname_2_s1",
    "surnames_swapped": "surnames_swapped_g1",
    "surname_2_as_1_lr": "surname_2_as_1_lr_alone",
    "surname_2_as_1_rl": "surname_2_as_1_rl_alone",
    "surname_1_phonetic_residence": "surname_1_phonetic_residence_s2",
    "surname_1_phonetic_arrest": "surname_1_phonetic_arrest_s2",
    "given_1_residence": "given_1_residence_s1",
}

#: Rules defined but left out of the default set (see the comments above).
OPTIONAL_BLOCKING_RULES: tuple[str, ...] = (
    *LARGE_LIST_VARIANTS.values(),
    "surnames_phonetic",
    "given_1_surname_2_phonetic",
    "surname_crossed_residence_lr",
    "surname_crossed_residence_rl",
    "surname_1_birth_year",
)

#: The rules used by default, in order.
DEFAULT_BLOCKING_RULES: tuple[str, ...] = tuple(
    n for n in BLOCKING_RULES if n not in OPTIONAL_BLOCKING_RULES
)


def blocking_rules(names: tuple[str, ...] | list[str]) -> list[BlockingRuleCreator]:
    """The Splink blocking rule creators for ``names``, in order.

    Raises
    ------
    UnknownBlockingRule
        If a name is not in :data:`BLOCKING_RULES`.

    Examples
    --------
    >>> len(blocking_rules(["dui", "surnames_swapped"]))
    2
    """
    unknown = [n for n in names if n not in BLOCKING_RULES]
    if unknown:
        raise UnknownBlockingRule(
            f"unknown blocking rule(s) {', '.join(unknown)}; known: {', '.join(BLOCKING_RULES)}"
        )
    return [BLOCKING_RULES[n] for n in names]


def rules_for_list(
    names: tuple[str, ...] | list[str], n_records: int | None, large_list_records: int | None
) -> tuple[str, ...]:
    """``names``, each rule of :data:`LARGE_LIST_VARIANTS` replaced by its variant when
    the list has more than ``large_list_records`` records (``None``: never).

    Examples
    --------
    >>> rules_for_list(["dui", "given_1_residence"], 45_000, 300_000)
    ('dui', 'given_1_residence')
    >>> rules_for_list(["dui", "given_1_residence"], 1_000_000, 300_000)
    ('dui', 'given_1_residence_s1')
    """
    if n_records is None or large_list_records is None or n_records <= large_list_records:
        return tuple(names)
    return tuple(dict.fromkeys(LARGE_LIST_VARIANTS.get(n, n) for n in names))
