"""ScenarioSpec: defaults, validation and the JSON round trip."""

from __future__ import annotations

import json

import pytest

from habeas.simulate import BadScenarioSpec, ScenarioSpec


def test_it_round_trips_through_json() -> None:
    spec = ScenarioSpec(seed=7, scale=0.5, typo_rate=0.1, group_rates=(("journalist", 0.01),))
    again = ScenarioSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec


def test_its_default_is_about_seventy_thousand_people() -> None:
    assert 70_000 <= ScenarioSpec().n_total <= 75_000
    assert ScenarioSpec(scale=0.1).n_total == round(ScenarioSpec().n_people * 0.1)


def test_it_rejects_unknown_parameters_by_name() -> None:
    with pytest.raises(BadScenarioSpec, match="typo_rat"):
        ScenarioSpec.from_dict({"seed": 1, "typo_rat": 0.1})


@pytest.mark.parametrize("field", ["typo_rate", "share_women", "coverage_press"])
def test_it_rejects_a_rate_outside_zero_and_one(field: str) -> None:
    with pytest.raises(BadScenarioSpec, match=field):
        ScenarioSpec(**{field: 1.5})


def test_it_rejects_a_scale_too_small_to_simulate() -> None:
    with pytest.raises(BadScenarioSpec, match="scale"):
        ScenarioSpec(scale=0.0001)


def test_every_error_rate_is_a_named_field() -> None:
    names = set(ScenarioSpec().to_dict())
    for error in (
        "typo_rate", "accent_drop_rate", "surname_swap_rate", "missing_second_surname_rate",
        "day_month_swap_rate", "wrong_day_rate", "alias_only_rate", "dui_missing_rate",
        "dui_wrong_rate", "duplicate_rate", "bad_date_rate", "nameless_row_rate",
    ):  # fmt: skip
        assert error in names
