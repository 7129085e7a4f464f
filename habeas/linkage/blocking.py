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


def _rule(sql: str) -> BlockingRuleCreator:
    return CustomRule(sql, sql_dialect="duckdb")


#: Named blocking rules; the name is what settings and reports refer to.
BLOCKING_RULES: dict[str, BlockingRuleCreator] = {
    # A valid DUI is the strongest key there is.
    "dui": block_on("dui"),
    # The same DUI as written, check digit wrong or not: a copied typo.
    "dui_any": block_on("dui_any"),
    # Spelling variants of both names (b/v, s/z, silent h...).
    "given_surname_1_phonetic": block_on("given_1_phonetic", "surname_1_phonetic"),
    # Given name misspelt beyond phonetics, surname and birth year agree.
    "surname_1_birth_year": block_on("surname_1", "birth_year"),
    # The paternal surname misspelt or dropped: given name and maternal surname.
    "given_1_surname_2": block_on("given_1", "surname_2"),
    # Surnames in the other order ("Méndez Hernández" / "Hernández Méndez").
    "surnames_swapped": _rule("l.surname_1 = r.surname_2 AND l.surname_2 = r.surname_1"),
    # One list kept only the maternal surname, in first place (both directions, since
    # Splink orders each pair by unique_id).
    "surname_2_as_1_lr": _rule("l.given_1 = r.given_1 AND l.surname_2 = r.surname_1"),
    "surname_2_as_1_rl": _rule("l.given_1 = r.given_1 AND l.surname_1 = r.surname_2"),
    # A married woman under her husband's surname ("López de Gómez" / "Gómez").
    "married_lr": _rule("l.given_1 = r.given_1 AND l.married_surname = r.surname_1"),
    "married_rl": _rule("l.given_1 = r.given_1 AND l.surname_1 = r.married_surname"),
    "married_2_lr": _rule("l.given_1 = r.given_1 AND l.married_surname = r.surname_2"),
    "married_2_rl": _rule("l.given_1 = r.given_1 AND l.surname_2 = r.married_surname"),
    # Alias-only records: the alias within the month of arrest.
    "alias_arrest_month": block_on("alias", "arrest_month"),
    # Surname spelling plus place: catches given-name nicknames and typos.
    "surname_1_phonetic_residence": block_on("surname_1_phonetic", "residence_district"),
    "surname_1_phonetic_arrest": block_on("surname_1_phonetic", "arrest_district"),
    # Both surnames mangled: given name and birth date.
    "given_1_birth_date": block_on("given_1", "birth_date"),
    # Given name plus maternal-surname spelling: the paternal surname mistyped.
    "given_1_surname_2_phonetic": block_on("given_1_phonetic", "surname_2_phonetic"),
    # Surname mistyped beyond phonetics, no second surname: given name, place, month.
    "given_1_residence_month": block_on("given_1", "residence_district", "arrest_month"),
    # Records without any name (alias only, or nothing): place and month of arrest.
    "nameless_lr": _rule(
        "l.given_1 IS NULL AND l.surname_1 IS NULL"
        " AND l.residence_district = r.residence_district AND l.arrest_month = r.arrest_month"
    ),
    "nameless_rl": _rule(
        "r.given_1 IS NULL AND r.surname_1 IS NULL"
        " AND l.residence_district = r.residence_district AND l.arrest_month = r.arrest_month"
    ),
}

#: The rules used by default, in order.
DEFAULT_BLOCKING_RULES: tuple[str, ...] = tuple(BLOCKING_RULES)


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
