"""A synthetic El Salvador, 2022-2023, in which the truth is known: the yardstick.

``write_scenario(ScenarioSpec(seed=..., scale=...), out)`` draws a true population of
people detained under the state of exception, five documenting sources with
heterogeneous and dependent capture, and writes each source's list in its own shape
(with realistic errors) next to a mapping file, plus the truth kept apart. No real
person is in it.

Imports only :mod:`habeas.domain`, numpy, pandas, openpyxl, pyyaml and the standard
library.
"""

from __future__ import annotations

from habeas.simulate.scenario import Scenario, ScenarioSummary, simulate, write_scenario
from habeas.simulate.sources import SOURCES, Source
from habeas.simulate.spec import BadScenarioSpec, ScenarioSpec

__all__ = [
    "SOURCES",
    "BadScenarioSpec",
    "Scenario",
    "ScenarioSpec",
    "ScenarioSummary",
    "Source",
    "simulate",
    "write_scenario",
]
