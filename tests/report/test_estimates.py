"""The report's estimates: a method that cannot fit is reported, never a crash."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from habeas.report import estimates
from habeas.report.estimates import estimate_for_report, headline_method


def test_dga_heads_up_to_five_lists_and_lcmcr_beyond() -> None:
    assert headline_method(3) == headline_method(5) == "dga"
    assert headline_method(6) == "lcmcr"


def test_a_method_that_fails_numerically_is_named_with_its_reason(
    linked_records: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from habeas.indicators import people_facts

    real = estimates._estimator

    class Broken:
        def fit(self, histories: Any) -> Any:
            raise np.linalg.LinAlgError("SVD did not converge")

    def estimator(method: str, seed: int) -> Any:
        return Broken() if method == "loglinear" else real(method, seed)

    monkeypatch.setattr(estimates, "_estimator", estimator)
    result = estimate_for_report(
        linked_records, people_facts(linked_records), seed=1, strata=("sex",)
    )
    assert "loglinear" not in result.detentions.comparison
    assert "could not be fitted" in result.detentions.failed["loglinear"]
    assert result.detentions.headline is not None  # dga still gives the headline


def test_strata_come_in_their_natural_order_with_the_unknown_last(
    linked_records: pd.DataFrame,
) -> None:
    from habeas.indicators import people_facts

    people = people_facts(linked_records)
    result = estimate_for_report(linked_records, people, seed=1, strata=("age_group",))
    values = list(result.by["age_group"]["value"])
    known = [v for v in ("under_18", "18_29", "30_44", "45_59", "60_plus") if v in values]
    assert values[: len(known)] == known
    assert values[-1] == "(unknown)" or "(unknown)" not in values
    small = result.by["age_group"][result.by["age_group"]["documented"] < 50]
    assert small["estimate"].isna().all()
    assert small["note"].str.contains("fewer than 50").all()
