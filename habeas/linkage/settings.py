"""Linkage settings: the habeas knobs (:class:`LinkSettings`) and the Splink model
they build (:func:`splink_settings`).

Both are stored with every link run (``LinkResult.settings``), so a count quoted in
court can be reproduced from the same records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from splink import SettingsCreator

from habeas.domain.errors import HabeasError
from habeas.linkage.blocking import DEFAULT_BLOCKING_RULES, blocking_rules
from habeas.linkage.comparisons import default_comparisons


class BadLinkSettings(HabeasError, ValueError):
    """Linkage settings that cannot work (thresholds out of order, unknown rules...)."""


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
        Blocking rules (tuples of prepared columns) of the EM training sessions.
    em_max_pairs
        Cap on the pairs of each EM session (``None``: all of them); 500,000 trains as
        well as 2 million did, for the same reason as ``u_max_pairs``.
    blocking
        Names of the prediction blocking rules (:data:`~habeas.linkage.blocking.BLOCKING_RULES`).
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
    term_frequencies: bool = True
    max_iterations: int = 25
    backend: str = "duckdb"
    threads: int | None = None
    min_labels_for_training: int = 50

    def __post_init__(self) -> None:
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
        if not self.blocking:
            problems.append("blocking needs at least one rule")
        if self.min_labels_for_training < 1:
            problems.append(
                f"min_labels_for_training must be at least 1, got {self.min_labels_for_training}"
            )
        if problems:
            raise BadLinkSettings("; ".join(problems))
        blocking_rules(self.blocking)  # raises UnknownBlockingRule

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        data = asdict(self)
        data["em_blocking"] = [list(r) for r in self.em_blocking]
        data["blocking"] = list(self.blocking)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkSettings:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadLinkSettings(f"unknown link settings: {', '.join(unknown)}")
        data = dict(data)
        if "em_blocking" in data:
            data["em_blocking"] = tuple(tuple(r) for r in data["em_blocking"])
        if "blocking" in data:
            data["blocking"] = tuple(data["blocking"])
        return cls(**data)


def splink_settings(settings: LinkSettings | None = None) -> SettingsCreator:
    """The Splink model for Salvadoran records (untrained), for ``settings``.

    One table of all sources, deduplicated (``dedupe_only``): the same person can
    appear twice in one list as well as across lists.

    Examples
    --------
    >>> s = splink_settings()
    >>> s.link_type, len(s.comparisons)
    ('dedupe_only', 11)
    """
    settings = settings or LinkSettings()
    comparisons = default_comparisons(term_frequencies=settings.term_frequencies)
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules(settings.blocking),
        unique_id_column_name="unique_id",
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
        max_iterations=settings.max_iterations,
        em_convergence=0.0001,
    )
