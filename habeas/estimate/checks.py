"""Checks of a capture-histories table for what no estimator here can correct.

Every method assumes that, once people's different visibility is allowed for, being on
one list does not change the chance of being on another. A referral (an organisation
that sends the families it sees to another) breaks that: the two lists share more
people than visibility explains, the overlap looks large, the unseen look few, and
every method undercounts. :func:`dependence_warnings` looks for a pair of lists that
overlap far more (or far less) than the other lists explain, whatever method is used.

How: a Poisson log-linear model with every two-way interaction is fitted to the
observed cells, with a pseudo-count added to each so that empty cells do not send a term
to infinity (0.5 per cell up to four lists, 8 people spread over the cells beyond). Its
interaction of lists ``a`` and ``b`` is the log odds ratio of being on both, given
membership of every other list: heterogeneity of capture mostly shows through the other
lists too, so it moves these ratios little, while a direct dependence between two lists
moves only theirs. A pair is flagged when its odds ratio is above 2 (or below 1/2) with
95% one-sided confidence.

On 1,000 of bench/estimate_truth.py's simulated populations (4-5 lists, N 2,000-6,000,
2-3 latent classes, capture probabilities 0.05-0.5) it flags 2.5% of those whose lists
are independent within classes (false alarms), and 85% of those with a referral of odds
ratio 2-10 (60% at 2-3.4, 96% at 3.4-5.8, 100% above); 82% of those with an avoidance
of odds ratio 0.1-0.5. With much stronger heterogeneity (capture probabilities
0.02-0.8) it also flags 30% of the populations without direct dependence (8% with
``strong=3``): lists that reach the same kind of people look like a referral, and the
warning says both. It flags most real tables too (Kosovo, HIV Rome, Allegheny, both
Madigan-York tables), whose lists do depend on each other beyond a few latent classes
or reach the same kind of people: the warning is a prompt to look, not a verdict.

A class of people that almost no list reaches leaves no mark on the table (the few seen
look like anybody seen once), so no check can find it; :data:`UNREACHED_CAVEAT` is the
standing caveat to print with any estimate.

Examples
--------
>>> from habeas.estimate.simulate import dependent_lists_population
>>> h, _ = dependent_lists_population(
...     4000, [0.5, 0.5], [[0.3, 0.2, 0.3, 0.4], [0.1, 0.1, 0.05, 0.2]],
...     dependence=[(0, 1, 8.0)], seed=1)
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     found = dependence_warnings(h)
>>> found[0][:47]
'lists list1 and list2 share many more people th'
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from habeas.estimate.diagnostics import ModelWarning, emit
from habeas.estimate.histories import CaptureHistories

#: Odds ratios beyond these (given the other lists) count as strong dependence.
STRONG_RATIO = 2.0
#: One-sided normal quantile: the ratio must be beyond STRONG_RATIO with 95% confidence.
Z_ONE_SIDED = 1.645
#: Pseudo-count per cell, and the total spread over the cells when there are many.
PSEUDO_COUNT = 0.5
PSEUDO_TOTAL = 8.0
#: Beyond this many lists the 2**J cells are too many and too empty to fit: no check.
MAX_LISTS = 10
#: The caveat no table check can replace (see the module docstring).
UNREACHED_CAVEAT = (
    "the estimate counts the people the lists could reach: if some group is almost never "
    "documented by any list (people in remote places, or who fear every organisation "
    "alike), the table shows no trace of them and every method undercounts them"
)


def conditional_odds_ratios(histories: CaptureHistories) -> dict[tuple[str, str], dict]:
    """Odds ratio of every pair of lists given the others, with its standard error.

    From the Poisson log-linear model with all two-way interactions fitted to the
    ``2**J - 1`` observed cells plus 0.5 each.

    Returns
    -------
    dict
        ``(list a, list b) -> {"odds_ratio", "log_se", "lower", "upper"}``, the bounds
        being the one-sided 95% limits used by :func:`dependence_warnings`. Empty with
        fewer than three lists (the model would be saturated with nothing to compare)
        or more than :data:`MAX_LISTS`.

    Examples
    --------
    >>> from habeas.estimate.simulate import latent_class_population
    >>> h, _ = latent_class_population(5000, [1.0], [[0.3, 0.3, 0.3, 0.3]], seed=2)
    >>> ratios = conditional_odds_ratios(h)
    >>> len(ratios), all(0.5 < r["odds_ratio"] < 2 for r in ratios.values())
    (6, True)
    """
    n_lists = histories.n_lists
    if not 3 <= n_lists <= MAX_LISTS:
        return {}
    cells = np.arange(1, 1 << n_lists)
    x = ((cells[:, None] >> np.arange(n_lists)) & 1).astype(float)
    pairs = list(itertools.combinations(range(n_lists), 2))
    design = np.column_stack([np.ones(len(cells)), x] + [x[:, a] * x[:, b] for a, b in pairs])
    pseudo = min(PSEUDO_COUNT, PSEUDO_TOTAL / len(cells))
    y = histories.full_table()[1:].astype(float) + pseudo
    coef, info = _poisson_fit(design, y)
    cov = np.linalg.pinv(info)
    first = 1 + n_lists
    result = {}
    for i, (a, b) in enumerate(pairs):
        log_or = coef[first + i]
        se = math.sqrt(max(cov[first + i, first + i], 0.0))
        result[(histories.lists[a], histories.lists[b])] = {
            "odds_ratio": math.exp(log_or),
            "log_se": se,
            "lower": math.exp(log_or - Z_ONE_SIDED * se),
            "upper": math.exp(log_or + Z_ONE_SIDED * se),
        }
    return result


def dependence_warnings(histories: CaptureHistories, *, strong: float = STRONG_RATIO) -> list[str]:
    """Plain-word warnings for pairs of lists that look directly dependent.

    A pair is flagged when its odds ratio given the other lists is above ``strong`` (or
    below ``1 / strong``) with 95% one-sided confidence. Emitted as
    :class:`~habeas.estimate.diagnostics.ModelWarning` and returned; see the module
    docstring for the test and its false-alarm and detection rates.
    """
    found = []
    for (a, b), row in conditional_odds_ratios(histories).items():
        ratio = row["odds_ratio"]
        if row["lower"] > strong:
            found.append(
                f"lists {a} and {b} share many more people than the other lists explain "
                f"(odds ratio {ratio:.1f} given the other lists): one may refer people to "
                "the other, or both reach the same kind of people. A referral makes every "
                "method undercount, because people on both lists look common and the "
                "unseen look few; estimate without one of the two lists to see how much "
                "the figure depends on them"
            )
        elif row["upper"] < 1 / strong:
            found.append(
                f"lists {a} and {b} share far fewer people than the other lists explain "
                f"(odds ratio {ratio:.2f} given the other lists): people on one seem to "
                "stay away from the other. That makes every method overcount, because "
                "people on both look rare and the unseen look many; estimate without one "
                "of the two lists to see how much the figure depends on them"
            )
    return emit(found, ModelWarning)


def _poisson_fit(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood Poisson regression (Newton), returning coefficients and information.

    Small and dependency-free: the design is at most a few dozen columns, and every
    count is positive, so the likelihood has a finite maximum.
    """
    coef, *_ = np.linalg.lstsq(design, np.log(y), rcond=None)
    for _ in range(100):
        mu = np.exp(design @ coef)
        info = design.T @ (design * mu[:, None])
        step = np.linalg.lstsq(info, design.T @ (y - mu), rcond=None)[0]
        coef = coef + step
        if np.max(np.abs(step)) < 1e-10:
            break
    mu = np.exp(design @ coef)
    return coef, design.T @ (design * mu[:, None])
