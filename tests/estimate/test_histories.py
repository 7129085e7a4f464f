"""The capture-histories table: validation that names row and column, collapsing, strata."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.estimate import (
    BadHistories,
    TooFewLists,
    histories_from_frame,
    histories_from_people,
    read_histories,
    split_strata,
)

DATA = Path(__file__).parent / "data"


def frame(rows: list[tuple], columns: str = "a b c count") -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def test_reads_the_kosovo_table() -> None:
    h = read_histories(DATA / "LCMCR_kosovo_aggregate.csv")
    assert h.lists == ("list1", "list2", "list3", "list4")
    assert h.observed == 4400
    assert len(h.counts) == 15
    table = h.full_table()
    assert table[0] == 0 and table.sum() == 4400
    # list1 alone is cell 1 (first list = lowest bit, R's array order).
    assert table[1] == 1131


def test_duplicate_patterns_are_summed_and_zero_counts_dropped() -> None:
    h = histories_from_frame(frame([(1, 0, 0, 5), (1, 0, 0, 3), (1, 1, 0, 0), (0, 1, 1, 2)]))
    assert h.observed == 10
    assert h.to_frame().to_dict("list") == {
        "a": [1, 0],
        "b": [0, 1],
        "c": [0, 1],
        "count": [8, 2],
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(1, 0, 0, -3), (0, 1, 0, 2)], "row 2, column 'count': '-3' is not a whole number"),
        ([(1, 0, 0, 2.5), (0, 1, 0, 2)], "row 2, column 'count'"),
        ([(1, 0, 0, 4), (0, 0, 0, 2)], "row 3: on no list"),
        ([(1, 2, 0, 4), (0, 1, 0, 2)], "row 2, column 'b': '2' is not 0 or 1"),
        ([(1, "yes", 0, 4)], "column 'b': 'yes' is not 0 or 1"),
        ([(1, 0, 0, 4), (0, 1, 0, 2)], "list 'c' documents nobody"),
    ],
)
def test_bad_tables_are_refused_with_row_and_column(rows: list[tuple], message: str) -> None:
    with pytest.raises(BadHistories, match=message.replace("(", r"\(")):
        histories_from_frame(frame(rows).astype(str), label="lists.csv")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(BadHistories) as caught:
        histories_from_frame(frame([(1, 0, 0, -1), (0, 0, 0, 2), (1, 7, 0, 1)]).astype(str))
    text = str(caught.value)
    assert "row 2" in text and "row 3" in text and "row 4" in text


def test_empty_table_and_missing_count_column() -> None:
    with pytest.raises(BadHistories, match="empty"):
        histories_from_frame(frame([]))
    with pytest.raises(BadHistories, match="no 'count' column"):
        histories_from_frame(pd.DataFrame({"a": [1], "b": [1]}))


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(BadHistories, match="empty"):
        read_histories(tmp_path / "empty.csv")
    with pytest.raises(BadHistories, match="no such file"):
        read_histories(tmp_path / "absent.csv")


def test_require_lists() -> None:
    h = histories_from_frame(pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "count": [3, 4, 5]}))
    h.require_lists(2, "loglinear")
    with pytest.raises(TooFewLists, match="lcmcr needs at least 3 lists"):
        h.require_lists(3, "lcmcr")


def test_select_lists_drops_people_on_none_of_them() -> None:
    h = read_histories(DATA / "LCMCR_kosovo_aggregate.csv")
    sub = h.select_lists(["list1", "list2", "list3"])
    assert sub.observed == 4400 - h.full_table()[8]  # people only on list4 vanish
    assert sub.n_lists == 3


def test_strata_are_validated_separately() -> None:
    table = pd.DataFrame(
        {
            "a": [1, 0, 1, 1, 0],
            "b": [0, 1, 1, 0, 1],
            "dept": ["SS", "SS", "SS", "LL", "LL"],
            "count": [3, 4, 5, 6, 7],
        }
    )
    strata = split_strata(table, "dept")
    assert sorted(strata) == ["LL", "SS"]
    assert strata["SS"].observed == 12 and strata["LL"].observed == 13
    assert strata["LL"].lists == ("a", "b")


def test_histories_from_people_counts_each_person_once() -> None:
    people = pd.DataFrame(
        {
            "sources": ["pddh;prensa", "pddh", "familiares", "pddh;prensa", None],
            "department": ["SS", "SS", "LL", "LL", "SS"],
        }
    )
    table = histories_from_people(people, lists=["pddh", "prensa", "familiares"])
    assert table["count"].sum() == 4  # the person with no source is on no list
    h = histories_from_frame(table)
    assert h.list_totals() == {"pddh": 3, "prensa": 2, "familiares": 1}
    by_dept = histories_from_people(people, strata="department")
    assert set(by_dept.columns) == {"familiares", "pddh", "prensa", "department", "count"}
    assert by_dept.groupby("department")["count"].sum().to_dict() == {"LL": 2, "SS": 2}


@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 1), st.integers(0, 50)),
        min_size=1,
        max_size=30,
    )
)
def test_valid_tables_keep_every_person(rows: list[tuple[int, int, int, int]]) -> None:
    rows = [r for r in rows if any(r[:3])]
    table = frame(rows) if rows else frame([(1, 1, 1, 1)])
    if table[["a", "b", "c"]].mul(table["count"], axis=0).sum().min() == 0:
        with pytest.raises(BadHistories):
            histories_from_frame(table)
        return
    h = histories_from_frame(table)
    assert h.observed == table["count"].sum()
    assert len(np.unique(h.cell_index())) == len(h.counts)
    assert (h.counts > 0).all()


@given(st.lists(st.text(max_size=4), min_size=1, max_size=12))
def test_arbitrary_text_gives_a_clear_error_or_a_table(cells: list[str]) -> None:
    table = pd.DataFrame({"a": cells, "b": cells[::-1], "count": cells})
    try:
        h = histories_from_frame(table)
    except BadHistories as err:
        assert str(err)
    else:
        assert h.observed > 0


def test_a_list_absent_from_a_stratum_is_left_out_of_that_stratum_only() -> None:
    table = pd.DataFrame(
        {
            "a": [1, 0, 1, 1, 0],
            "b": [0, 1, 1, 0, 0],
            "c": [1, 1, 0, 1, 1],
            "dept": ["SS", "SS", "SS", "LL", "LL"],
            "count": [3, 4, 5, 6, 7],
        }
    )
    strata = split_strata(table, "dept")
    assert strata["SS"].lists == ("a", "b", "c")
    assert strata["LL"].lists == ("a", "c")  # list b works only in SS
    assert strata["LL"].observed == 13
