"""Scenarios shared by the simulator's tests: small, written or simulated once."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.simulate import Scenario, ScenarioSpec, simulate, write_scenario


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario at scale 0.03 (seed 11, ~2,160 people) written to disk."""
    out = tmp_path_factory.mktemp("sim")
    write_scenario(ScenarioSpec(seed=11, scale=0.03), out)
    return out


@pytest.fixture(scope="session")
def truth() -> Scenario:
    """A scenario at scale 0.25 (~18,000 people) in memory: enough for marginal rates."""
    return simulate(ScenarioSpec(seed=5, scale=0.25))
