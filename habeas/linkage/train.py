"""Training: the prior, the u probabilities and the m probabilities of the model.

Unsupervised, in Splink's usual three steps, each reproducible:

1. the prior (probability that two random records match) from deterministic rules
   that admit almost no false pairs: a valid DUI equal, or all names and the birth
   date equal; their recall is an assumption (``LinkSettings.deterministic_recall``);
2. u probabilities by random sampling of record pairs (seeded): almost every random
   pair is two different people;
3. m probabilities by expectation maximisation over a few blocking rules; each
   session leaves the comparisons it blocks on untouched, so the sessions together
   cover every comparison (DUI-blocked pairs train the names, name-blocked pairs
   train the DUI).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from splink import block_on

from habeas.linkage.settings import LinkSettings

if TYPE_CHECKING:
    from splink import Linker

#: Rules that almost never pair two different people (for the prior).
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("dui",),
    ("given_all", "surname_1", "surname_2", "birth_date"),
)

_SPLINK_LOGGER = "splink"


def train_model(linker: Linker, settings: LinkSettings) -> None:
    """Estimate the prior, u and m probabilities of ``linker``'s model in place.

    Parameters
    ----------
    linker
        A Splink linker over the prepared records, with
        :func:`~habeas.linkage.settings.splink_settings`.
    settings
        Seed, sample sizes, recall of the deterministic rules, EM blocking rules.
    """
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in DETERMINISTIC_RULES],
        recall=settings.deterministic_recall,
    )
    training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    for cols in settings.em_blocking:
        training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols),
            max_pairs=settings.em_max_pairs,
        )


def quiet_splink() -> None:
    """Keep Splink's chatter (every step, and a warning per level EM saw no pair in)
    out of the user's terminal; the trained model records what was estimated."""
    logging.getLogger(_SPLINK_LOGGER).setLevel(logging.ERROR)
