"""``habeas estimate`` on a capture-histories file and on the demo database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult

DATA = Path(__file__).parent.parent / "estimate" / "data"
KOSOVO = DATA / "LCMCR_kosovo_aggregate.csv"


def test_loglinear_json_on_kosovo_gives_the_published_figure(
    habeas_cli: Callable[..., CliResult],
) -> None:
    done = habeas_cli(
        "estimate",
        "--histories",
        KOSOVO,
        "--method",
        "loglinear",
        "--model",
        "[123,14,34]",
        "--json",
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["method"] == "loglinear"
    assert result["observed"] == 4400
    # Ball et al. (2002): 10,356, 95% interval about 9,000-12,100.
    assert 10_300 < result["estimate"] < 10_400
    assert 8_950 < result["lower"] < 9_050 and 12_050 < result["upper"] < 12_150
    assert isinstance(result["warnings"], list)
    assert result["parameters"]["model"] == "[123,14,34]"


def test_strata_give_one_object_each_and_a_total(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    table = KOSOVO.read_text().splitlines()
    rows = [table[0] + ",half"] + [f"{line},a" for line in table[1:]]
    rows += [f"{line},b" for line in table[1:]]
    path = tmp_path / "strata.csv"
    path.write_text("\n".join(rows) + "\n")
    done = habeas_cli(
        "estimate",
        "--histories",
        path,
        "--method",
        "dga",
        "--strata",
        "half",
        "--seed",
        "3",
        "--json",
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert [s["stratum"] for s in result["strata"]] == ["a", "b"]
    assert result["observed"] == 8800
    one = result["strata"][0]
    # Two identical strata: the total is about twice one, with a relatively narrower interval.
    assert result["estimate"] == pytest.approx(2 * one["estimate"], rel=0.02)
    assert (result["upper"] - result["lower"]) < 2 * (one["upper"] - one["lower"])


def test_an_option_of_another_method_is_refused(habeas_cli: Callable[..., CliResult]) -> None:
    done = habeas_cli("estimate", "--histories", KOSOVO, "--method", "dga", "--K", "10")
    assert done.exit_code == 1
    assert "--K applies to lcmcr, not to dga" in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b,c,count\n1,0,0,-2\n0,1,1,3\n", "row 2, column 'count'"),
        ("a,b,c,count\n", "empty"),
        ("a,b,count\n1,0,3\n0,1,2\n1,1,1\n", "lcmcr needs at least 3 lists"),
    ],
)
def test_bad_tables_get_a_clear_error_and_no_number(
    tmp_path: Path, habeas_cli: Callable[..., CliResult], content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    done = habeas_cli("estimate", "--histories", path, "--json")
    assert done.exit_code == 1
    assert message in done.stderr
    assert done.stdout == ""


@pytest.mark.django
@pytest.mark.slow
def test_the_database_estimate_counts_linked_people(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    demo = habeas_cli("demo", "--scale", "0.05", "--seed", "7", "--out", tmp_path, "--no-serve")
    assert demo.exit_code == 0, demo.output
    assert "People detained and deaths in custody" in demo.stdout
    assert "true (simulated)" in demo.stdout
    done = habeas_cli("estimate", "--method", "loglinear", "--model", "Mt", "--by", "sex", "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert {s["stratum"] for s in result["strata"]} == {"F", "M"}
    # People whose sex no record gives are not silently dropped: the result says so.
    assert any("left out of this estimate by sex" in w for w in result["warnings"])
    assert result["observed"] == sum(s["observed"] for s in result["strata"])
    assert result["lists"] == sorted(result["lists"])
    assert result["estimate"] > result["observed"]
