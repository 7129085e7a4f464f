"""The scenario specification: every knob of the synthetic El Salvador, with its default.

Defaults are calibrated to the public figures summarised in the project's domain notes
(El Salvador, state of exception 27 March 2022 - 31 December 2023): about 72,000
people detained at scale 1 (the official curve reached ~36k by 1 June 2022, ~50k by late
August, ~58k by November 2022 and ~73-75k by 31 December 2023), 13% women, ~2% minors
aged 12-17, a few hundred deaths in custody peaking in May-June 2022, few releases.

Every error the lists carry has its own named rate, so a test or an analyst can switch
one off, raise it, or quote it. Rates are per record unless the field's comment says
otherwise; some sources' clerks err more or less often (each shape module's ``STYLE``
multiplies the rates, e.g. legal aid drops half as many DUIs). The error codes written
to ``truth/record_errors.csv`` are these field names without ``_rate``.

Quarantine bait: ``bad_date_rate`` and ``nameless_row_rate`` give ``round(rate × n)``
rows per list (at least one each when the list has two rows or more): an impossible
date ("31/02/2022", "30 de febrero de 2022", "2022-06-31") in the arrest date, or no
name, alias or DUI at all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from habeas.domain.errors import HabeasError

__all__ = ["BadScenarioSpec", "ScenarioSpec"]


class BadScenarioSpec(HabeasError, ValueError):
    """A scenario parameter is out of range or unknown."""


#: Targeted groups and their rate among people detained (women's street-vending rate is
#: doubled, minors are mostly students; see :mod:`habeas.simulate.population`).
DEFAULT_GROUP_RATES: tuple[tuple[str, float], ...] = (
    ("street_vendor", 0.030),
    ("student", 0.015),
    ("community_leader", 0.004),
    ("public_employee", 0.004),
    ("union_member", 0.002),
    ("hr_defender", 0.0008),
    ("journalist", 0.0004),
    ("lawyer", 0.0003),
    ("judicial_official", 0.0002),
)


@dataclass(frozen=True)
class ScenarioSpec:
    """Parameters of a synthetic scenario; the same spec and seed give the same bytes.

    Examples
    --------
    >>> spec = ScenarioSpec(seed=7, scale=0.05)
    >>> ScenarioSpec.from_dict(spec.to_dict()) == spec
    True
    >>> spec.n_total
    3600
    """

    seed: int = 2022
    scale: float = 1.0

    # --- the true population -------------------------------------------------------
    n_people: int = 72_000  # people detained 27 Mar 2022 - 31 Dec 2023 at scale 1
    start_date: str = "2022-03-27"
    end_date: str = "2023-12-31"
    share_women: float = 0.13
    share_minors: float = 0.02  # aged 12-17 at arrest; they have no DUI
    share_with_alias: float = 0.12  # men with an alias in police records
    share_married_women_de: float = 0.35  # adult women 22+ who use "de" + husband's surname
    share_single_surname: float = 0.02  # people registered with one surname only
    group_rates: tuple[tuple[str, float], ...] = DEFAULT_GROUP_RATES
    share_warrant_shown: float = 0.03
    share_in_flagrante: float = 0.06
    share_hearing_within_72h: float = 0.12
    share_hearing_beyond_15d: float = 0.15
    share_mass_hearing: float = 0.80
    share_counsel_mass: float = 0.22  # counsel at a mass first hearing
    share_counsel_individual: float = 0.60
    share_whereabouts_never_known: float = 0.04  # by the end of the scenario
    share_released: float = 0.07
    share_transferred_to_cecot: float = 0.15  # men held in big prisons before Feb 2023
    deaths_per_10k: float = 37.5  # ~270 deaths in custody at scale 1
    share_died_in_hospital: float = 0.30

    # --- the five sources: share of people each documents ----------------------------
    coverage_ngo: float = 0.15
    coverage_legal_aid: float = 0.10
    coverage_family: float = 0.22
    coverage_ombudsman: float = 0.10
    coverage_press: float = 0.04
    family_propensity_sd: float = 1.2  # latent "family reaches out" (log-odds sd)
    visibility_sd: float = 1.0  # latent public visibility shared by press and ombudsman
    referral_odds_ratio: float = 2.0  # a family that went to one NGO goes to another

    # --- errors in the lists (per record) --------------------------------------------
    duplicate_rate: float = 0.03  # the same person reported twice in one list
    typo_rate: float = 0.06  # one typo in one name part
    accent_drop_rate: float = 0.35  # names and places written without accents
    surname_swap_rate: float = 0.02  # first and second surname swapped
    missing_second_surname_rate: float = 0.10
    first_given_name_only_rate: float = 0.20  # "José" for "José Antonio"
    married_form_rate: float = 0.50  # a married woman's record shows "de X"
    alias_only_rate: float = 0.15  # press: only the alias is given
    day_month_swap_rate: float = 0.01  # per date: 05/03 written as 03/05
    wrong_day_rate: float = 0.02  # per date: off by 1-3 days
    age_error_rate: float = 0.10  # age off by one or two years
    dui_missing_rate: float = 0.40  # DUI left blank (sources with a DUI column)
    dui_wrong_rate: float = 0.03  # a digit mistyped or two digits swapped
    missing_field_rate: float = 0.08  # an optional field left blank
    bad_date_rate: float = 0.002  # unreadable date ("31/02/2022"): quarantine bait
    nameless_row_rate: float = 0.001  # a row with no name at all: quarantine bait

    def __post_init__(self) -> None:
        if self.scale <= 0:
            raise BadScenarioSpec(f"scale must be positive, got {self.scale}")
        if self.n_total < 50:
            raise BadScenarioSpec(
                f"scale {self.scale} gives {self.n_total} people; use at least 50"
            )
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            is_rate = f.name.startswith(("share_", "coverage_")) or f.name.endswith("_rate")
            if is_rate and not 0 <= value <= 1:
                raise BadScenarioSpec(f"{f.name} must be between 0 and 1, got {value}")
        for code, rate in self.group_rates:
            if not 0 <= rate <= 1:
                raise BadScenarioSpec(f"group rate of {code!r} must be in [0, 1], got {rate}")
        if self.start_date >= self.end_date:
            raise BadScenarioSpec("start_date must come before end_date")

    @property
    def n_total(self) -> int:
        """The number of true people: ``round(n_people * scale)``."""
        return round(self.n_people * self.scale)

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain JSON-able values (tuples become lists)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "group_rates":
                value = [[code, rate] for code, rate in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioSpec:
        """Rebuild a spec from :meth:`to_dict` output; unknown keys raise BadScenarioSpec."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadScenarioSpec(f"unknown scenario parameters: {', '.join(unknown)}")
        kwargs = dict(data)
        if "group_rates" in kwargs:
            kwargs["group_rates"] = tuple((str(c), float(r)) for c, r in kwargs["group_rates"])
        return cls(**kwargs)
