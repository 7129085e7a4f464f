"""Who each source documents: heterogeneous, dependent capture.

Capture is a logistic model per source. Three things make naive capture-recapture
wrong, as in the real lists:

- **heterogeneity**: urban people, people who died, members of targeted groups and
  people released (who can speak for themselves) are documented more often; press and
  the ombudsman strongly favour deaths and well-known group members;
- **a shared latent propensity**: a family that reaches out (``family_propensity``,
  standard deviation ``spec.family_propensity_sd`` on the log-odds scale) goes to the
  NGO desk, the legal-aid office and the family association alike; public
  ``visibility`` is shared by the press and the ombudsman;
- **referral**: a family registered with the family association is sent on to the NGO
  desk and to legal aid (odds × ``spec.referral_odds_ratio``).

Each source's intercept is solved so that it documents its ``coverage_*`` share of the
people (before duplicates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.spec import ScenarioSpec

__all__ = ["HIGH_PROFILE_GROUPS", "draw_captures", "solve_intercept"]

#: Groups whose arrest makes news (street vendors and students rarely do).
HIGH_PROFILE_GROUPS = (
    "journalist",
    "hr_defender",
    "union_member",
    "lawyer",
    "judicial_official",
    "community_leader",
)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def solve_intercept(x: np.ndarray, target: float) -> float:
    """The intercept ``a`` with ``mean(sigmoid(a + x)) == target`` (bisection).

    Examples
    --------
    >>> abs(round(solve_intercept(np.zeros(10), 0.5), 6))
    0.0
    """
    if target <= 0:
        return -50.0
    if target >= 1:
        return 50.0
    lo, hi = -50.0, 50.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if _sigmoid(mid + x).mean() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def draw_captures(
    spec: ScenarioSpec, rng: np.random.Generator, people: pd.DataFrame
) -> pd.DataFrame:
    """Draw which sources document each person.

    Parameters
    ----------
    spec, rng
        The scenario and its capture stream.
    people
        The true people with their custody columns.

    Returns
    -------
    pandas.DataFrame
        Boolean ``in_<source code>`` columns and the truth-only latent variables
        ``family_propensity`` and ``visibility`` (same index as ``people``).
    """
    n = len(people)
    urban = people["urban"].to_numpy(dtype=float)
    died = (people["died_in_custody"].to_numpy() == "yes").astype(float)
    released = people["released_date"].notna().to_numpy(dtype=float)
    female = (people["sex"].to_numpy() == "F").astype(float)
    minor = (people["age"].to_numpy() < 18).astype(float)
    groups = pd.Series(people["groups"].to_numpy(), dtype=object)
    any_group = (groups != "none").to_numpy(dtype=float)
    high = np.zeros(n)
    for g in HIGH_PROFILE_GROUPS:
        high = np.maximum(high, groups.str.contains(g, regex=False).to_numpy(dtype=float))
    early = (people["arrest_date"].to_numpy("datetime64[D]") < np.datetime64("2022-07-01")) * 1.0

    z = rng.standard_normal(n)
    v = rng.standard_normal(n)
    fam = spec.family_propensity_sd * z
    vis = spec.visibility_sd * v
    ref = np.log(spec.referral_odds_ratio)

    def capture(x: np.ndarray, target: float) -> np.ndarray:
        a = solve_intercept(x, target)
        return rng.random(n) < _sigmoid(a + x)

    in_fam = capture(
        fam + 0.3 * urban + 1.2 * died + 0.4 * minor + 0.3 * female - 0.3 * released
        + 0.5 * any_group,
        spec.coverage_family,
    )  # fmt: skip
    in_ngo = capture(
        fam + ref * in_fam + 0.6 * urban + 1.8 * died + 1.0 * any_group + 1.0 * high
        + 0.5 * released + 0.3 * minor,
        spec.coverage_ngo,
    )  # fmt: skip
    in_legal = capture(
        fam + ref * (in_fam | in_ngo) + 0.4 * urban + 0.6 * died + 0.8 * any_group
        + 1.0 * released,
        spec.coverage_legal_aid,
    )  # fmt: skip
    in_pddh = capture(
        0.5 * fam + vis + 0.5 * ref * in_ngo + 1.0 * urban + 2.5 * died + 1.0 * any_group
        + 1.5 * high + 0.6 * released + 0.5 * minor,
        spec.coverage_ombudsman,
    )  # fmt: skip
    in_press = capture(
        vis + 1.2 * urban + 5.5 * died + 1.0 * any_group + 3.0 * high + 0.7 * early
        + 0.5 * minor,
        spec.coverage_press,
    )  # fmt: skip
    return pd.DataFrame(
        {
            "in_mesa_denuncias": in_ngo,
            "in_asistencia_legal": in_legal,
            "in_familiares": in_fam,
            "in_pddh": in_pddh,
            "in_prensa": in_press,
            "family_propensity": np.round(z, 4),
            "visibility": np.round(v, 4),
        },
        index=people.index,
    )
