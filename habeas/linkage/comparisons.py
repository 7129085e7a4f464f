"""Comparisons for Salvadoran detainee records, in Splink's creator style.

Each class is a :class:`splink.internals.comparison_creator.ComparisonCreator`: it
names its columns (those of :func:`habeas.linkage.prepare.prepare_records`) and returns
its levels, most specific first; Splink turns them into one ``CASE WHEN`` and learns an
m and u probability per level. Conditions are written in DuckDB SQL and marked as
such, so Splink can translate them (sqlglot) for another backend.

The levels encode what goes wrong in real lists: a missing second surname is *unknown*
(neutral), not a disagreement; surnames swap places; a married woman appears as
"López de Gómez" in one list and "Gómez" in another; a nickname or a typo changes a
given name; a DUI with a wrong check digit is a typo, not an identity; day and month
of a birth date swap; only an age is known.

Columns an organisation brings beyond the canonical ones (``LinkSettings.extra_columns``)
get a generic comparison of their kind (:func:`extra_comparison`), built from Splink's
comparison library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_level_library import CustomLevel, ElseLevel

if TYPE_CHECKING:
    from habeas.linkage.settings import ExtraColumn

_DIALECT = "duckdb"


def _l(col: str) -> str:
    return f'"{col}_l"'


def _r(col: str) -> str:
    return f'"{col}_r"'


def _eq(col: str) -> str:
    return f"{_l(col)} = {_r(col)}"


def _cross(col_1: str, col_2: str) -> str:
    """``col_1`` of either record equals ``col_2`` of the other."""
    return f"({_l(col_1)} = {_r(col_2)} OR {_l(col_2)} = {_r(col_1)})"


#: Given name and first surname written in each other's fields ("López José" read as
#: given name "López", surname "José"); symmetric in left and right.
GIVEN_SURNAME_SWAPPED = '"given_1_l" = "surname_1_r" AND "surname_1_l" = "given_1_r"'


def _either_null(col: str) -> str:
    return f"({_l(col)} IS NULL OR {_r(col)} IS NULL)"


def _level(sql: str, label: str, *, tf: str | None = None) -> ComparisonLevelCreator:
    level = CustomLevel(sql, label_for_charts=label, base_dialect_str=_DIALECT)
    if tf is not None:
        level.configure(tf_adjustment_column=tf, tf_adjustment_weight=1.0)
    return level


def _null(sql: str, label: str) -> ComparisonLevelCreator:
    return _level(sql, label).configure(is_null_level=True)


class _Fixed(ComparisonCreator):
    """A comparison over fixed, named columns (no single ``col_name``)."""

    name = ""
    description = ""

    def __init__(self, *, term_frequencies: bool = True) -> None:
        # Columns are fixed by the prepared table; nothing to parse.
        self.term_frequencies = term_frequencies
        self.col_expressions = {}
        self._validate()

    def _tf(self, col: str) -> str | None:
        """The term-frequency column of an exact level, unless switched off."""
        return col if self.term_frequencies else None

    def create_output_column_name(self) -> str:
        return self.name

    def create_description(self) -> str:
        return self.description

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:  # pragma: no cover
        raise NotImplementedError


class GivenNameComparison(_Fixed):
    """Given names: all equal; first equal (second missing, or different); written in
    the surname's field and the surname in the given name's; crossed; spelling variant
    of the first; similar; different.

    Term frequencies: a shared "José" is weak, a shared "Wilber Osmín" strong.
    """

    name = "given_names"
    description = "Given names (nickname-canonical, folded), with first-only and crossed levels"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        g1, g2 = "given_1", "given_2"
        return [
            _null(_either_null(g1), "given name missing"),
            _level(_eq("given_all"), "all given names equal", tf=self._tf("given_all")),
            _level(
                f"{_eq(g1)} AND ({_l(g2)} IS NULL OR {_r(g2)} IS NULL)",
                "first given name equal, second missing on one side",
                tf=self._tf(g1),
            ),
            _level(_eq(g1), "first given name equal, second differs", tf=self._tf(g1)),
            _level(GIVEN_SURNAME_SWAPPED, "given name and first surname swapped"),
            _level(_cross(g1, g2), "first given name of one is the second of the other"),
            _level(
                f"{_eq('given_1_phonetic')} OR damerau_levenshtein({_l(g1)}, {_r(g1)}) <= 1",
                "first given name sounds alike or one edit apart",
            ),
            _level(
                f"jaro_winkler_similarity({_l('given_all')}, {_r('given_all')}) >= 0.88",
                "given names similar (Jaro-Winkler >= 0.88)",
            ),
            ElseLevel(),
        ]


class SurnameComparison(_Fixed):
    """One surname position (``surname_1`` or ``surname_2``), with swaps and married names.

    Levels: missing (neutral; for ``surname_2`` a dropped second surname is the common
    case); exact; swapped (both surnames, in the other order); for ``surname_1``,
    written in the given name's field and the given name in its own; crossed (one
    surname of a record is the other surname of the other: a list kept only one
    surname, or a swap with a typo); married (a woman's "de X" surname against the
    other record's surname); sounds alike or one edit apart; similar (Jaro-Winkler >=
    0.88); different.

    Term frequencies adjust the exact, swapped and crossed levels: "Rivera López"
    against "López Rivera" is weak evidence (thousands of people carry both surnames,
    in either order), "Menjívar Cuchilla" against "Cuchilla Menjívar" strong. On the
    swapped and crossed levels the adjustment uses the commoner of the two records'
    values in this position (Splink takes the larger term frequency of the pair), so it
    never makes a crossed surname stronger evidence than the shared value deserves.
    """

    description = "Surname, with swapped-order and married-name levels"

    def __init__(self, position: int, *, term_frequencies: bool = True) -> None:
        if position not in (1, 2):
            raise ValueError(f"surname position must be 1 or 2, got {position}")
        self.position = position
        self.name = f"surname_{position}"
        super().__init__(term_frequencies=term_frequencies)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.name
        married = _cross("married_surname", col)
        swapped = f"{_l('surname_1')} = {_r('surname_2')} AND {_l('surname_2')} = {_r('surname_1')}"
        null_sql = _either_null(col)
        if self.position == 2:
            # "López de Gómez" (no second surname) against "López Gómez": the husband's
            # surname written as the second one is evidence, not a missing value.
            null_sql = f"{null_sql} AND NOT coalesce({married}, false)"
        given_swapped = (
            [_level(GIVEN_SURNAME_SWAPPED, "given name and first surname swapped")]
            if self.position == 1
            else []
        )
        return [
            _null(null_sql, f"{col} missing"),
            _level(_eq(col), f"{col} equal", tf=self._tf(col)),
            _level(swapped, "surnames swapped", tf=self._tf(col)),
            *given_swapped,
            _level(_cross("surname_1", "surname_2"), "surnames crossed", tf=self._tf(col)),
            _level(married, "married surname of one is a surname of the other"),
            _level(
                f"{_eq(col + '_phonetic')} OR damerau_levenshtein({_l(col)}, {_r(col)}) <= 1",
                f"{col} sounds alike or one edit apart",
            ),
            _level(
                f"jaro_winkler_similarity({_l(col)}, {_r(col)}) >= 0.88",
                f"{col} similar (Jaro-Winkler >= 0.88)",
            ),
            ElseLevel(),
        ]


class AliasComparison(_Fixed):
    """Alias ("el flaco"): equal (term-frequency adjusted) or not; missing is neutral."""

    name = "alias"
    description = "Alias, folded"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            _null(_either_null("alias"), "alias missing"),
            _level(_eq("alias"), "alias equal", tf=self._tf("alias")),
            ElseLevel(),
        ]


def _digits(side: str) -> str:
    """The eight digits of ``dui_any`` before the check digit ("04145061-2" → "04145061")."""
    return f"substr({_l('dui_any') if side == 'l' else _r('dui_any')}, 1, 8)"


class DuiComparison(_Fixed):
    """DUI: valid and equal (very strong); equal as written with a bad check digit
    (weak: a copied typo); one digit apart (a typo of the same number); the eight
    digits before the check digit one edit apart (a typo whose writer, or a form,
    recomputed the check digit: otherwise it would read as two valid, different
    DUIs); both valid and different (strong evidence against); otherwise different.

    ``dui`` holds only valid DUIs, ``dui_any`` any well-formed one.
    """

    name = "dui"
    description = "DUI, valid check digit first; bad check digits as weak evidence"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            _null(_either_null("dui_any"), "DUI missing"),
            _level(_eq("dui"), "valid DUI equal"),
            _level(_eq("dui_any"), "DUI equal as written, check digit wrong"),
            _level(
                f"damerau_levenshtein({_l('dui_any')}, {_r('dui_any')}) <= 1",
                "DUI one digit apart",
            ),
            _level(
                f"damerau_levenshtein({_digits('l')}, {_digits('r')}) <= 1",
                "first 8 digits one edit apart (check digit recomputed)",
            ),
            _level(
                f"{_l('dui')} IS NOT NULL AND {_r('dui')} IS NOT NULL",
                "both DUIs valid and different",
            ),
            ElseLevel(),
        ]


def _date_part(col: str, side: str, start: int, length: int) -> str:
    name = _l(col) if side == "l" else _r(col)
    return f"substr({name}, {start}, {length})"


class BirthComparison(_Fixed):
    """Birth date, or age at arrest when a list gave only an age.

    Levels: exact date; day and month swapped (same year); one digit apart (a typo);
    same birth year; ages within one year, within two years (only when at least one
    record lacks a full birth date: two full dates that disagree are a disagreement);
    different. Missing when neither a date, a year nor an age can be compared.
    """

    name = "birth"
    description = "Birth date, day-month swaps, birth year, age at arrest"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        bd = "birth_date"
        age_l, age_r = _l("age_at_arrest"), _r("age_at_arrest")
        swap = (
            f"{_date_part(bd, 'l', 1, 4)} = {_date_part(bd, 'r', 1, 4)}"
            f" AND {_date_part(bd, 'l', 6, 2)} = {_date_part(bd, 'r', 9, 2)}"
            f" AND {_date_part(bd, 'l', 9, 2)} = {_date_part(bd, 'r', 6, 2)}"
        )
        one_missing = _either_null(bd)
        return [
            _null(
                f"{_either_null(bd)} AND {_either_null('birth_year')}"
                f" AND {_either_null('age_at_arrest')}",
                "birth date and age missing",
            ),
            _level(_eq(bd), "birth date equal"),
            _level(swap, "birth date with day and month swapped"),
            _level(f"damerau_levenshtein({_l(bd)}, {_r(bd)}) <= 1", "birth date one digit apart"),
            _level(_eq("birth_year"), "birth year equal"),
            _level(f"{one_missing} AND abs({age_l} - {age_r}) <= 1", "ages within 1 year"),
            _level(f"{one_missing} AND abs({age_l} - {age_r}) <= 2", "ages within 2 years"),
            ElseLevel(),
        ]


class PlaceComparison(_Fixed):
    """A district (residence or arrest): same district; same 2024 municipality (a
    neighbouring district); same department; different.
    """

    description = "District, with same-municipality and same-department levels"

    def __init__(self, kind: str) -> None:
        if kind not in ("residence", "arrest"):
            raise ValueError(f"place kind must be 'residence' or 'arrest', got {kind!r}")
        self.kind = kind
        self.name = f"{kind}_place"
        super().__init__()

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        district = f"{self.kind}_district"
        municipality = f"{self.kind}_municipality"
        # District codes start with the department code ("0601": San Salvador).
        department = f"substr({_l(district)}, 1, 2) = substr({_r(district)}, 1, 2)"
        return [
            _null(_either_null(district), f"{district} missing"),
            _level(_eq(district), f"{district} equal"),
            _level(_eq(municipality), "same 2024 municipality"),
            _level(department, "same department"),
            ElseLevel(),
        ]


class ArrestDateComparison(_Fixed):
    """Arrest date: same day; within 7 days; same month when one list gave only the
    month; within 30 days; different.
    """

    name = "arrest_date"
    description = "Arrest date, day or month precision"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = "arrest_date"

        def day(side: str) -> str:
            name = _l(col) if side == "l" else _r(col)
            return f"try_strptime({name}, '%Y-%m-%d')"

        diff = f"abs(date_diff('day', {day('l')}, {day('r')}))"
        month_only = f"(length({_l(col)}) = 7 OR length({_r(col)}) = 7)"
        return [
            _null(_either_null(col), "arrest date missing"),
            _level(f"{_eq(col)} AND length({_l(col)}) = 10", "same arrest day"),
            _level(f"{diff} <= 7", "arrested within 7 days"),
            _level(f"{_eq('arrest_month')} AND {month_only}", "same month, one month-only"),
            _level(f"{diff} <= 30", "arrested within 30 days"),
            ElseLevel(),
        ]


#: Detention places that are a step on the way, not where a person is held for long:
#: a record written early says "police cells", a later one names the prison.
TRANSIT_CENTRES: tuple[str, ...] = ("police_cells", "hospital", "other")


class DetentionCentreComparison(_Fixed):
    """Detention centre: equal; one of them a transit or generic place (police cells,
    hospital, other: the person was moved on, not elsewhere); different.
    """

    name = "detention_centre"
    description = "Last known detention centre, transit places apart"

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.name
        transit = ", ".join(f"'{c}'" for c in TRANSIT_CENTRES)
        return [
            _null(_either_null(col), "detention centre missing"),
            _level(_eq(col), "detention centre equal"),
            _level(
                f"{_l(col)} IN ({transit}) OR {_r(col)} IN ({transit})",
                "one of them a transit or generic place",
            ),
            ElseLevel(),
        ]


class ExactComparison(_Fixed):
    """Equal or not, missing neutral (sex)."""

    description = "Exact match"

    def __init__(self, column: str) -> None:
        self.name = column
        super().__init__()

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            _null(_either_null(self.name), f"{self.name} missing"),
            _level(_eq(self.name), f"{self.name} equal"),
            ElseLevel(),
        ]


def default_comparisons(*, term_frequencies: bool = True) -> list[ComparisonCreator]:
    """The comparisons of the default model, in the order of the pairs table.

    ``term_frequencies`` switches the term-frequency adjustments of the name levels.
    """
    tf = term_frequencies
    return [
        GivenNameComparison(term_frequencies=tf),
        SurnameComparison(1, term_frequencies=tf),
        SurnameComparison(2, term_frequencies=tf),
        AliasComparison(term_frequencies=tf),
        DuiComparison(),
        BirthComparison(),
        ExactComparison("sex"),
        PlaceComparison("residence"),
        PlaceComparison("arrest"),
        ArrestDateComparison(),
        DetentionCentreComparison(),
    ]


# ----------------------------------------------------------------------------- extra columns

#: Kinds of extra column (:class:`habeas.linkage.settings.ExtraColumn`) and the
#: thresholds of their similarity levels when the settings give none. ``exact``: equal
#: or not; ``jaro_winkler``: equal, then Jaro-Winkler similarity at or above each
#: threshold; ``levenshtein``: equal, then at most each edit distance; ``id``: an
#: identifier (phone, passport, case number), equal, then at most each Damerau-
#: Levenshtein distance (one digit mistyped or two swapped); ``numeric``: equal, then
#: an absolute difference at most each threshold.
EXTRA_KINDS: dict[str, tuple[float, ...]] = {
    "exact": (),
    "jaro_winkler": (0.92, 0.8),
    "levenshtein": (1, 2),
    "id": (1,),
    "numeric": (1,),
}

#: Extra-column kinds compared as text (folded by :func:`habeas.linkage.prepare.prepare_records`).
TEXT_KINDS: tuple[str, ...] = ("exact", "jaro_winkler", "levenshtein", "id")


def extra_comparison(column: ExtraColumn) -> ComparisonCreator:
    """The Splink comparison of one extra column, by its kind (see :data:`EXTRA_KINDS`).

    Every kind has a null level (missing on either side: neutral), an exact level
    (term-frequency adjusted when ``column.term_frequencies``), its similarity levels
    from the most to the least similar, and an else level. The comparison is named
    after the column, so its weight is ``mw_<name>`` in the pairs table.

    Examples
    --------
    >>> from habeas.linkage.settings import ExtraColumn
    >>> c = extra_comparison(ExtraColumn("phone", "id"))
    >>> c.get_comparison("duckdb").output_column_name, len(c.create_comparison_levels())
    ('phone', 4)
    """
    name, kind = column.name, column.kind
    thresholds = column.thresholds or EXTRA_KINDS[kind]
    if kind == "exact":
        comparison: ComparisonCreator = cl.ExactMatch(name)
    elif kind == "jaro_winkler":
        comparison = cl.JaroWinklerAtThresholds(name, list(thresholds))
    elif kind == "levenshtein":
        comparison = cl.LevenshteinAtThresholds(name, [int(t) for t in thresholds])
    elif kind == "id":
        comparison = cl.DamerauLevenshteinAtThresholds(name, [int(t) for t in thresholds])
    elif kind == "numeric":
        comparison = cl.CustomComparison(
            output_column_name=name,
            comparison_levels=[
                cll.NullLevel(name),
                cll.ExactMatchLevel(name),
                *(cll.AbsoluteDifferenceLevel(name, t) for t in thresholds),
                cll.ElseLevel(),
            ],
            comparison_description=f"{name}, numeric",
        )
    else:  # pragma: no cover - ExtraColumn validates its kind
        raise ValueError(f"unknown extra column kind {kind!r}")
    if column.term_frequencies:
        comparison = comparison.configure(term_frequency_adjustments=True)
    return comparison
