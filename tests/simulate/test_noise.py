"""The clerks' errors: each changes what it should and nothing else."""

from __future__ import annotations

import numpy as np

from habeas.domain.dui import DuiStatus, check_dui
from habeas.simulate.noise import noisy_dates, noisy_dui, pick_bait, strip_accents, typo


def test_a_typo_changes_a_name_but_keeps_it_recognisable() -> None:
    rng = np.random.default_rng(3)
    for name in ("Hernández", "Guillermo", "Menjívar", "Villatoro", "Chávez"):
        out = typo(name, rng)
        assert out != name
        assert abs(len(out) - len(name)) <= 2
        assert out[0].isupper()


def test_dropping_accents_keeps_the_letters() -> None:
    assert strip_accents("José Núñez Ramírez") == "Jose Nunez Ramirez"


def test_a_miswritten_dui_is_no_longer_the_persons() -> None:
    rng = np.random.default_rng(1)
    duis = np.array(["04567890-3", "01234567-8", "12345678-4"] * 100, dtype=object)
    out, gone, bad = noisy_dui(duis, rng, missing=0.0, wrong=1.0)
    assert not gone.any() and bad.all()
    assert (out != duis).all()
    # Most miswritten DUIs fail the check digit; a few are valid but someone else's.
    statuses = [check_dui(v).status for v in out]
    assert statuses.count(DuiStatus.BAD_CHECK_DIGIT) > 0.7 * len(out)


def test_a_swapped_date_is_still_a_real_date() -> None:
    rng = np.random.default_rng(2)
    dates = np.array(["2022-03-05", "2022-05-03", "2022-04-27"], dtype="datetime64[D]")
    out, shifted, swapped = noisy_dates(dates, rng, wrong_day=0.0, swap=1.0)
    assert list(swapped) == [True, True, False]  # 27 April cannot be swapped
    assert list(out) == list(np.array(["2022-05-03", "2022-03-05", "2022-04-27"], "datetime64[D]"))
    assert not shifted.any()


def test_there_is_always_some_quarantine_bait_but_never_twice_in_a_row() -> None:
    bad, anon = pick_bait(100, np.random.default_rng(0), bad_date_rate=0.001, nameless_rate=0.001)
    assert bad.sum() == 1 and anon.sum() == 1
    assert not (bad & anon).any()
    bad, anon = pick_bait(10_000, np.random.default_rng(0), bad_date_rate=0.002, nameless_rate=0)
    assert bad.sum() == 20 and anon.sum() == 0
