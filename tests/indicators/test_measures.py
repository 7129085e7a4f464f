"""Share, DurationSummary and LimitCheck: denominators and unknowns travel with the value."""

from __future__ import annotations

from habeas.indicators import LimitCheck, Share
from habeas.indicators.measures import summarise_durations


def test_a_share_is_over_the_known_answers_only() -> None:
    share = Share("counsel_access", yes=37, known=100, unknown=900)
    assert share.share == 0.37
    assert share.to_dict() == {
        "key": "counsel_access",
        "yes": 37,
        "known": 100,
        "unknown": 900,
        "share": 0.37,
    }


def test_a_share_with_no_known_answer_is_none_not_zero() -> None:
    assert Share("counsel_access", 0, 0, 12).share is None


def test_share_beyond_leaves_out_undetermined_and_unknown() -> None:
    check = LimitCheck("iccpr_48h", "iccpr_48h", 2.0, None, 1, 3, 10, 20)
    assert check.share_beyond == 0.25
    assert check.to_dict()["share_beyond"] == 0.25
    assert LimitCheck("x", "x", None, 12, 0, 0, 4, 1).share_beyond is None


def test_duration_summary_counts_the_unknown_apart() -> None:
    summary = summarise_durations("d", [10, None, 20, 30, None])
    assert (summary.known, summary.unknown) == (3, 2)
    assert summary.median_days == 20.0
    assert summary.max_days == 30.0
    empty = summarise_durations("d", [None])
    assert empty.median_days is None and empty.unknown == 1
