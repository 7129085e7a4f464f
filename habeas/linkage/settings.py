"""Linkage settings: the habeas knobs (:class:`LinkSettings`) and the Splink model
they build (:func:`splink_settings`).

Both are stored with every link run (``LinkResult.settings``), so a count quoted in
court can be reproduced from the same records. :func:`read_link_settings` reads them
from a JSON, YAML or TOML file (``habeas link --settings FILE``); the format is in
``docs/linkage-settings.md``.

Extra columns (:class:`ExtraColumn`) are the hook for evidence the canonical records
columns do not hold: an organisation's own phone, address or case-number column is
passed through by :func:`~habeas.linkage.prepare.prepare_records` and compared by a
comparison of its kind (:func:`~habeas.linkage.comparisons.extra_comparison`);
``extra_blocking`` adds blocking rules on any prepared or extra column.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml
from splink import SettingsCreator, block_on

from habeas.domain.errors import HabeasError
from habeas.linkage.blocking import DEFAULT_BLOCKING_RULES, blocking_rules, rules_for_list
from habeas.linkage.comparisons import EXTRA_KINDS, default_comparisons, extra_comparison
from habeas.linkage.prepare import PREPARED_COLUMNS


class BadLinkSettings(HabeasError, ValueError):
    """Linkage settings that cannot work (thresholds out of order, unknown rules...)."""


#: What an extra column's name must look like: it is a column of the input table, of
#: the prepared table and of Splink's SQL, unquoted.
_EXTRA_NAME = re.compile(r"[a-z][a-z0-9_]*")

#: Names an extra column cannot take: the prepared columns (habeas already fills
#: them), the names of the default comparisons (``mw_<name>`` in the pairs table) and
#: the columns Splink and habeas add to the pairs.
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        *PREPARED_COLUMNS,
        *(c.create_output_column_name() for c in default_comparisons()),
        "match_weight",
        "match_probability",
        "match_key",
        "band",
        "person_id",
        "source_dataset",
        "cluster_id",
    }
)


@dataclass(frozen=True)
class ExtraColumn:
    """A column of the input records beyond the canonical ones, compared by its kind.

    Parameters
    ----------
    name
        The column's name in the records table (lower case letters, digits and ``_``,
        starting with a letter); also the name of its comparison (``mw_<name>`` in the
        pairs table) and the name blocking rules use.
    kind
        How it is compared (:data:`~habeas.linkage.comparisons.EXTRA_KINDS`):
        ``exact``, ``jaro_winkler``, ``levenshtein``, ``id`` or ``numeric``. Text kinds
        are folded first (accents, case, punctuation as spaces; ``id`` keeps only
        letters and digits); ``numeric`` is read as a number.
    term_frequencies
        Adjust the exact level for how common the value is (a shared "main street"
        is weak evidence, a shared rare street strong).
    thresholds
        The similarity levels, most similar first: Jaro-Winkler similarities
        (descending, in (0, 1)), edit distances (ascending whole numbers), or absolute
        differences (ascending); empty for the kind's defaults. ``exact`` has none.

    Examples
    --------
    >>> ExtraColumn("phone", "id").thresholds
    ()
    >>> try:
    ...     ExtraColumn("phone", "fuzzy")
    ... except BadLinkSettings as err:
    ...     print(err)
    extra column 'phone': unknown kind 'fuzzy'; known: exact, jaro_winkler, levenshtein, id, numeric
    """

    name: str
    kind: str = "exact"
    term_frequencies: bool = False
    thresholds: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "thresholds", tuple(self.thresholds))
        problem = self._problem()
        if problem:
            raise BadLinkSettings(f"extra column {self.name!r}: {problem}")

    def _problem(self) -> str | None:
        if not isinstance(self.name, str) or not _EXTRA_NAME.fullmatch(self.name):
            return "a name is lower case letters, digits and _, starting with a letter"
        if self.name in RESERVED_NAMES:
            return "habeas already uses this name; give the column another one"
        if self.kind not in EXTRA_KINDS:
            return f"unknown kind {self.kind!r}; known: {', '.join(EXTRA_KINDS)}"
        t = self.thresholds
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in t):
            return f"thresholds must be numbers, got {list(t)}"
        if self.kind == "exact" and t:
            return "an exact comparison takes no thresholds"
        if self.kind == "jaro_winkler" and not (
            all(0 < x < 1 for x in t) and list(t) == sorted(set(t), reverse=True)
        ):
            return f"Jaro-Winkler thresholds must be in (0, 1) and descending, got {list(t)}"
        if self.kind in ("levenshtein", "id") and not (
            all(float(x).is_integer() and x >= 1 for x in t) and list(t) == sorted(set(t))
        ):
            return f"edit distances must be whole numbers >= 1, ascending, got {list(t)}"
        if self.kind == "numeric" and not (all(x > 0 for x in t) and list(t) == sorted(set(t))):
            return f"numeric thresholds must be > 0 and ascending, got {list(t)}"
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {**asdict(self), "thresholds": list(self.thresholds)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtraColumn:
        """Inverse of :meth:`to_dict`; ``name`` is required, unknown keys are an error."""
        if isinstance(data, ExtraColumn):
            return data
        if not isinstance(data, dict):
            raise BadLinkSettings(f"an extra column is a mapping with name and kind, got {data!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadLinkSettings(
                f"extra column {data.get('name')!r}: unknown key(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        if "name" not in data:
            raise BadLinkSettings(f"an extra column needs a name, got {data!r}")
        thresholds = data.get("thresholds") or ()
        if not isinstance(thresholds, list | tuple):
            thresholds = (thresholds,)  # one threshold written without brackets
        return cls(**{**data, "thresholds": tuple(thresholds)})


@dataclass(frozen=True)
class LinkSettings:
    """What a link run does, beyond the comparisons themselves.

    Three bands, not one threshold: pairs at or above ``auto_link_probability`` are
    linked automatically; pairs from ``review_probability`` up to it go to the review
    queue; pairs below it are rejected. A false merge joins two detainees' fates, so
    the automatic band is set for precision (>= 0.99 on simulated truth).

    Parameters
    ----------
    auto_link_probability
        Match probability at or above which a pair is linked without review.
    review_probability
        Lower edge of the review band.
    min_pair_probability
        Scored pairs below this are not kept in ``LinkResult.pairs`` (they are
        rejections either way; keeping millions of them costs memory).
    seed
        Seed of the random sampling that estimates u probabilities.
    u_max_pairs
        Random record pairs sampled to estimate u probabilities. One million gave the
        same scores as five million on the simulated scenario and the names-only bench,
        in a third of the training time (bench/linkage_quality.py --scale 0.25).
    deterministic_recall
        Assumed share of true pairs that the deterministic rules (valid DUI equal, or
        full name and birth date equal) find; sets the prior match probability.
    em_blocking
        Blocking rules (tuples of prepared or extra columns) of the EM training sessions.
    em_max_pairs
        Cap on the pairs of each EM session (``None``: all of them); 500,000 trains as
        well as 2 million did, for the same reason as ``u_max_pairs``.
    blocking
        Names of the prediction blocking rules (:data:`~habeas.linkage.blocking.BLOCKING_RULES`).
    large_list_records
        On a list of more records than this, the rules of ``blocking`` that
        :data:`~habeas.linkage.blocking.LARGE_LIST_VARIANTS` names are replaced by
        their tighter variants, whose candidate pairs do not grow with the square of
        the list (``None``: never replaced). The default is above the 200,000-record
        names-only bench, where the full rules still find 0.6% more true pairs.
    extra_columns
        Columns of the input records beyond the canonical ones, each compared by its
        kind (:class:`ExtraColumn`); the records must carry every one of them.
    extra_blocking
        More prediction blocking rules, after ``blocking``: each a tuple of prepared
        (:data:`~habeas.linkage.prepare.PREPARED_COLUMNS`) or extra columns that must
        all be equal and not missing.
    term_frequencies
        Term-frequency adjustments on exact name levels.
    max_iterations
        EM iterations per session.
    backend
        ``"duckdb"`` or ``"spark"`` (see :mod:`habeas.linkage.backends`).
    threads
        DuckDB threads (``None``: one per core).
    min_labels_for_training
        Reviewers' "same" decisions needed before they train the m probabilities
        (see :mod:`habeas.linkage.train`); below it training is fully unsupervised.

    Examples
    --------
    >>> s = LinkSettings(auto_link_probability=0.995)
    >>> LinkSettings.from_dict(s.to_dict()) == s
    True
    """

    auto_link_probability: float = 0.99
    review_probability: float = 0.2
    min_pair_probability: float = 0.01
    seed: int = 42
    u_max_pairs: float = 1e6
    deterministic_recall: float = 0.6
    em_blocking: tuple[tuple[str, ...], ...] = (("dui",), ("given_1", "surname_1"))
    em_max_pairs: float | None = 5e5
    blocking: tuple[str, ...] = field(default=DEFAULT_BLOCKING_RULES)
    large_list_records: int | None = 300_000
    extra_columns: tuple[ExtraColumn, ...] = ()
    extra_blocking: tuple[tuple[str, ...], ...] = ()
    term_frequencies: bool = True
    max_iterations: int = 25
    backend: str = "duckdb"
    threads: int | None = None
    min_labels_for_training: int = 50

    def __post_init__(self) -> None:
        # Lists and mappings (from a settings file) become tuples and ExtraColumns; a
        # rule written as one column name ("phone") is the rule ("phone",).
        columns = tuple(ExtraColumn.from_dict(c) for c in self.extra_columns)
        object.__setattr__(self, "extra_columns", columns)
        for key in ("em_blocking", "extra_blocking"):
            rules = tuple((r,) if isinstance(r, str) else tuple(r) for r in getattr(self, key))
            object.__setattr__(self, key, rules)
        problems = []
        if not 0 < self.min_pair_probability <= self.review_probability:
            problems.append(
                f"min_pair_probability ({self.min_pair_probability}) must be in "
                f"(0, review_probability={self.review_probability}]"
            )
        if not self.review_probability <= self.auto_link_probability < 1:
            problems.append(
                f"review_probability ({self.review_probability}) must be at most "
                f"auto_link_probability ({self.auto_link_probability}), which must be < 1"
            )
        if not 0 < self.deterministic_recall <= 1:
            problems.append(
                f"deterministic_recall must be in (0, 1], got {self.deterministic_recall}"
            )
        if not self.em_blocking:
            problems.append("em_blocking needs at least one rule")
        if not self.blocking and not self.extra_blocking:
            problems.append("blocking and extra_blocking need at least one rule between them")
        problems += self._column_problems()
        if self.large_list_records is not None and not (
            isinstance(self.large_list_records, int)
            and not isinstance(self.large_list_records, bool)
            and self.large_list_records >= 0
        ):
            problems.append(
                "large_list_records must be a whole number of records or null, "
                f"got {self.large_list_records!r}"
            )
        if self.min_labels_for_training < 1:
            problems.append(
                f"min_labels_for_training must be at least 1, got {self.min_labels_for_training}"
            )
        if problems:
            raise BadLinkSettings("; ".join(problems))
        blocking_rules(self.blocking)  # raises UnknownBlockingRule

    def _column_problems(self) -> list[str]:
        """Extra columns that repeat a name; blocking rules on a column that is not there."""
        problems = []
        names = [c.name for c in self.extra_columns]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(f"extra column(s) given twice: {', '.join(repeated)}")
        known = set(PREPARED_COLUMNS) | set(names)
        for label, rules in (
            ("em_blocking", self.em_blocking),
            ("extra_blocking", self.extra_blocking),
        ):
            for rule in rules:
                if not rule:
                    problems.append(f"{label}: an empty rule (a rule names at least one column)")
                    continue
                unknown = [c for c in rule if c not in known]
                if unknown:
                    problems.append(
                        f"{label} rule {list(rule)} names unknown column(s) "
                        f"{', '.join(map(str, unknown))} (neither a prepared column nor an "
                        "extra column)"
                    )
        return problems

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        data = asdict(self)
        data["em_blocking"] = [list(r) for r in self.em_blocking]
        data["blocking"] = list(self.blocking)
        data["extra_columns"] = [c.to_dict() for c in self.extra_columns]
        data["extra_blocking"] = [list(r) for r in self.extra_blocking]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkSettings:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadLinkSettings(f"unknown link settings: {', '.join(unknown)}")
        data = dict(data)
        if "blocking" in data:
            blocking = data["blocking"]
            data["blocking"] = (blocking,) if isinstance(blocking, str) else tuple(blocking)
        if "extra_columns" in data and not isinstance(data["extra_columns"], list | tuple):
            raise BadLinkSettings("extra_columns is a list of columns (name, kind...)")
        for key in ("em_blocking", "extra_blocking"):
            rules = data.get(key)
            if rules is not None and (
                not isinstance(rules, list | tuple)
                or not all(isinstance(r, str | list | tuple) for r in rules)
            ):
                raise BadLinkSettings(
                    f"{key} is a list of rules, each a list of column names, got {rules!r}"
                )
        return cls(**data)


def splink_settings(
    settings: LinkSettings | None = None, n_records: int | None = None
) -> SettingsCreator:
    """The Splink model for Salvadoran records (untrained), for ``settings``.

    One table of all sources, deduplicated (``dedupe_only``): the same person can
    appear twice in one list as well as across lists. ``n_records``, the size of the
    list to link, chooses the large-list variants of the blocking rules above
    ``settings.large_list_records`` (:func:`~habeas.linkage.blocking.rules_for_list`);
    ``None`` keeps ``settings.blocking`` as it is.

    Examples
    --------
    >>> s = splink_settings()
    >>> s.link_type, len(s.comparisons)
    ('dedupe_only', 11)
    """
    settings = settings or LinkSettings()
    comparisons = default_comparisons(term_frequencies=settings.term_frequencies)
    comparisons += [extra_comparison(c) for c in settings.extra_columns]
    rules = blocking_rules(
        rules_for_list(settings.blocking, n_records, settings.large_list_records)
    )
    rules += [block_on(*cols) for cols in settings.extra_blocking]
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        unique_id_column_name="unique_id",
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
        max_iterations=settings.max_iterations,
        em_convergence=0.0001,
    )


#: File suffixes :func:`read_link_settings` reads.
SETTINGS_SUFFIXES: tuple[str, ...] = (".json", ".yaml", ".yml", ".toml")


def read_link_settings(path: Path, **overrides: Any) -> LinkSettings:
    """Link settings from a JSON, YAML or TOML file: the keys of :meth:`LinkSettings.to_dict`,
    any subset (the rest keep their defaults).

    ``overrides`` (``backend="spark"``, say) win over the file. A run's stored settings
    (``"link_settings"`` in ``<stem>.model.json``) can be read back the same way: a file
    whose top level has a ``link_settings`` mapping is read from it.

    Raises
    ------
    BadLinkSettings
        If the file cannot be read or parsed, or its settings cannot work.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SETTINGS_SUFFIXES:
        raise BadLinkSettings(
            f"{path}: cannot tell the format from {suffix!r}; use {', '.join(SETTINGS_SUFFIXES)}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise BadLinkSettings(f"{path}: cannot read it ({err})") from None
    try:
        if suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = yaml.safe_load(text)
    except (ValueError, tomllib.TOMLDecodeError, yaml.YAMLError) as err:
        # json.JSONDecodeError is a ValueError
        kind = {".json": "JSON", ".toml": "TOML"}.get(suffix, "YAML")
        raise BadLinkSettings(f"{path}: not valid {kind} ({err})") from None
    data = data if data is not None else {}
    if isinstance(data, dict) and isinstance(data.get("link_settings"), dict):
        data = data["link_settings"]
    if not isinstance(data, dict):
        raise BadLinkSettings(f"{path}: expected a mapping of settings at the top level")
    try:
        return LinkSettings.from_dict({**data, **overrides})
    except BadLinkSettings as err:
        raise BadLinkSettings(f"{path}: {err}") from None
    except TypeError as err:  # a value of the wrong type reaching a comparison
        raise BadLinkSettings(f"{path}: {err}") from None
