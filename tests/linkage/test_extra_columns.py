"""Extra columns and extra blocking rules (``LinkSettings.extra_columns``/``extra_blocking``):
settings files, validation, preparation, and what they change in a run."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.linkage.comparisons import EXTRA_KINDS, extra_comparison
from habeas.linkage.model import LinkResult, for_splink, link_records
from habeas.linkage.prepare import PREPARED_COLUMNS, MissingExtraColumn, prepare_records
from habeas.linkage.settings import (
    BadLinkSettings,
    ExtraColumn,
    LinkSettings,
    read_link_settings,
    splink_settings,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult

PHONE = LinkSettings(extra_columns=(ExtraColumn("phone", "id"),), extra_blocking=(("phone",),))

YAML = """\
auto_link_probability: 0.995
extra_columns:
  - name: phone
    kind: id
  - name: address
    kind: jaro_winkler
    term_frequencies: true
    thresholds: [0.9, 0.75]
extra_blocking:
  - [phone]
  - [address, given_1]
"""


# ----------------------------------------------------------------------------- settings


def test_extra_settings_survive_json_and_read_from_yaml_json_and_toml(tmp_path: Path) -> None:
    # given
    settings = LinkSettings(
        auto_link_probability=0.995,
        extra_columns=(
            ExtraColumn("phone", "id"),
            ExtraColumn("address", "jaro_winkler", term_frequencies=True, thresholds=(0.9, 0.75)),
        ),
        extra_blocking=(("phone",), ("address", "given_1")),
    )
    # when: stored with a run as JSON, read back
    again = LinkSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    # then
    assert again == settings
    (tmp_path / "s.yaml").write_text(YAML, encoding="utf-8")
    assert read_link_settings(tmp_path / "s.yaml") == settings
    (tmp_path / "s.json").write_text(json.dumps(settings.to_dict()), encoding="utf-8")
    assert read_link_settings(tmp_path / "s.json") == settings
    toml = '[[extra_columns]]\nname = "phone"\nkind = "id"\n'
    (tmp_path / "s.toml").write_text(toml, encoding="utf-8")
    assert read_link_settings(tmp_path / "s.toml").extra_columns == (ExtraColumn("phone", "id"),)
    # a run's model JSON holds its settings under "link_settings"; overrides win
    stored = {"link_settings": settings.to_dict(), "splink": {}}
    (tmp_path / "run.model.json").write_text(json.dumps(stored), encoding="utf-8")
    read = read_link_settings(tmp_path / "run.model.json", backend="spark")
    assert read == LinkSettings.from_dict({**settings.to_dict(), "backend": "spark"})


def test_settings_files_may_write_one_column_rules_and_one_threshold_plainly() -> None:
    settings = LinkSettings.from_dict(
        {
            "extra_columns": [{"name": "street", "kind": "jaro_winkler", "thresholds": 0.9}],
            "extra_blocking": ["street", ["street", "given_1"]],
        }
    )
    assert settings.extra_columns == (ExtraColumn("street", "jaro_winkler", thresholds=(0.9,)),)
    assert settings.extra_blocking == (("street",), ("street", "given_1"))


def test_default_settings_are_unchanged_by_the_hook() -> None:
    default = splink_settings(LinkSettings())
    assert len(default.comparisons) == 11
    extended = splink_settings(PHONE)
    assert len(extended.comparisons) == 12
    assert (
        len(extended.blocking_rules_to_generate_predictions)
        == len(default.blocking_rules_to_generate_predictions) + 1
    )
    assert LinkSettings.from_dict({}) == LinkSettings()  # settings stored before the hook


def test_the_examples_in_the_documentation_load_and_agree(tmp_path: Path) -> None:
    doc = Path(__file__).parents[2] / "docs" / "linkage-settings.md"
    blocks = re.findall(r"```(yaml|json)\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    read = []
    for kind, text in blocks:
        path = tmp_path / f"example.{kind}"
        path.write_text(text, encoding="utf-8")
        read.append(read_link_settings(path))
    assert len(read) == 2 and read[0] == read[1]
    assert [c.name for c in read[0].extra_columns] == ["telefono", "direccion", "colonia"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"extra_columns": (ExtraColumn("phone"), ExtraColumn("phone", "id"))}, "given twice"),
        ({"extra_blocking": (("phone",),)}, "names unknown column(s) phone"),
        ({"em_blocking": (("dui",), ("postcode",))}, "em_blocking rule ['postcode']"),
        ({"extra_blocking": ((),)}, "an empty rule"),
        ({"blocking": ()}, "need at least one rule"),
    ],
)
def test_link_settings_refuse_what_cannot_work(kwargs: dict, message: str) -> None:
    with pytest.raises(BadLinkSettings) as err:
        LinkSettings(**kwargs)
    assert message in str(err.value)


def test_only_blocking_rules_of_ones_own_are_allowed_once_asked_for() -> None:
    settings = LinkSettings(blocking=(), extra_blocking=(("given_1", "birth_date"),))
    assert len(splink_settings(settings).blocking_rules_to_generate_predictions) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "phone", "kind": "fuzzy"}, "unknown kind 'fuzzy'"),
        ({"name": "Phone Number"}, "lower case letters"),
        ({"name": "surname_1", "kind": "exact"}, "habeas already uses this name"),
        ({"name": "birth"}, "habeas already uses this name"),  # a comparison's name
        ({"name": "phone", "kind": "exact", "thresholds": [1]}, "takes no thresholds"),
        ({"name": "street", "kind": "jaro_winkler", "thresholds": [0.7, 0.9]}, "descending"),
        ({"name": "phone", "kind": "id", "thresholds": [1.5]}, "whole numbers"),
        ({"name": "weight", "kind": "numeric", "thresholds": [5, 1]}, "ascending"),
        ({"name": "phone", "knd": "id"}, "unknown key(s) knd"),
        ({"kind": "id"}, "needs a name"),
    ],
)
def test_extra_columns_refuse_bad_definitions(data: dict, message: str) -> None:
    with pytest.raises(BadLinkSettings) as err:
        LinkSettings.from_dict({"extra_columns": [data]})
    assert message in str(err.value)


def test_a_settings_file_with_a_mistake_says_which_file_and_what(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("extra_columns:\n  - name: phone\n    kind: phonebook\n", encoding="utf-8")
    with pytest.raises(BadLinkSettings, match=r"s\.yaml: extra column 'phone': unknown kind"):
        read_link_settings(path)
    path.write_text("extra_columns: [name: phone\n", encoding="utf-8")
    with pytest.raises(BadLinkSettings, match="not valid YAML"):
        read_link_settings(path)
    with pytest.raises(BadLinkSettings, match="cannot tell the format"):
        read_link_settings(tmp_path / "s.ini")


@pytest.mark.parametrize("kind", list(EXTRA_KINDS))
def test_each_kind_builds_a_comparison_named_after_its_column(kind: str) -> None:
    comparison = extra_comparison(ExtraColumn("phone", kind, term_frequencies=True))
    built = comparison.get_comparison("duckdb")
    assert built.output_column_name == "phone"
    levels = built.comparison_levels
    assert levels[0].is_null_level
    assert any(lv._tf_adjustment_column for lv in levels)  # the exact level
    assert len(levels) == 3 + len(EXTRA_KINDS[kind])  # null, exact, thresholds, else


# ----------------------------------------------------------------------------- preparing


def test_extra_columns_are_normalised_by_kind_and_reach_splink() -> None:
    records = pd.DataFrame(
        {
            "source": ["a", "b"],
            "record_id": ["1", "2"],
            "phone": ["(503) 2222-1234", " 50322221234 "],
            "address": ["  Calle ARCE #5 ", None],
            "weight": ["70.5", "heavy"],
        }
    )
    extra = (
        ExtraColumn("phone", "id"),
        ExtraColumn("address", "jaro_winkler"),
        ExtraColumn("weight", "numeric"),
    )
    prepared = prepare_records(records, extra_columns=extra)
    assert list(prepared.columns) == [*PREPARED_COLUMNS, "phone", "address", "weight"]
    assert prepared["phone"].tolist() == ["50322221234", "50322221234"]
    assert prepared["address"].tolist() == ["calle arce 5", None]
    assert prepared["weight"].iloc[0] == 70.5 and pd.isna(prepared["weight"].iloc[1])
    frame = for_splink(prepared)
    assert list(frame.columns[-3:]) == ["phone", "address", "weight"]
    assert str(frame["weight"].dtype) == "Float64"
    # without settings, other columns are ignored as before
    assert list(prepare_records(records).columns) == list(PREPARED_COLUMNS)


def test_an_extra_column_the_records_lack_is_an_error() -> None:
    records = pd.DataFrame({"source": ["a"], "record_id": ["1"]})
    with pytest.raises(MissingExtraColumn, match=r"extra column\(s\) phone"):
        link_records(records, settings=PHONE)


# ----------------------------------------------------------------------------- linking

GIVEN = ["jose", "maria", "juan", "ana", "carlos", "rosa", "luis", "carmen", "pedro", "elena"]
GIVEN += ["mario", "sonia", "oscar", "karla", "wilber", "yesenia", "nelson", "glenda", "edwin"]
SURNAMES = ["hernandez", "lopez", "martinez", "garcia", "rivera", "flores", "gomez", "perez"]
SURNAMES += ["cruz", "reyes", "ramirez", "mejia", "aguilar", "menjivar", "portillo", "campos"]
SURNAMES += ["orellana", "alvarado", "chavez", "ayala", "guardado", "escobar", "zelaya"]


def _people(n: int = 250, seed: int = 1) -> pd.DataFrame:
    """List "a" with ``n`` people, list "b" with every second one again (typos, a
    dropped second surname, a missing phone), plus two hand-made cases:

    - namesakes ``twin1``/``twin2``: two people with the same name and birth date
      (one list dropped the second surname), different phones;
    - ``x1``/``x2``: one person whose given name lost a letter, second surname dropped,
      day and month of birth swapped: no default blocking rule pairs them; the phone does.
    """
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        g, s1, s2 = rng.choice(GIVEN), rng.choice(SURNAMES), rng.choice(SURNAMES)
        born = f"{rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"7{rng.randint(0, 9_999_999):07d}"
        person = {"given_names": g, "surname_1": s1, "birth_date": born, "truth": f"p{i}"}
        rows.append(
            {"source": "a", "record_id": f"a{i}", **person, "surname_2": s2, "phone": phone}
        )
        if i % 2 == 0:
            rows.append(
                {
                    "source": "b",
                    "record_id": f"b{i}",
                    **person,
                    "given_names": g if rng.random() > 0.2 else g[:-1] + "x",
                    "surname_2": s2 if rng.random() > 0.3 else None,
                    "phone": phone if rng.random() > 0.1 else None,
                }
            )
    jose = {"given_names": "jose", "surname_1": "hernandez", "birth_date": "1990-05-05"}
    xio = {"given_names": "xiomara", "surname_1": "quezada", "phone": "70001234", "truth": "x"}
    rows += [
        {"source": "a", "record_id": "twin1", **jose, "surname_2": "lopez", "phone": "71112222"},
        {"source": "b", "record_id": "twin2", **jose, "phone": "79998888"},
        {
            "source": "a",
            "record_id": "x1",
            **xio,
            "surname_2": "bonilla",
            "birth_date": "1985-03-02",
        },
        {
            "source": "b",
            "record_id": "x2",
            **xio,
            "given_names": "xiomra",
            "birth_date": "1985-02-03",
        },
    ]
    frame = pd.DataFrame(rows)
    frame.loc[frame["record_id"] == "twin1", "truth"] = "t1"
    frame.loc[frame["record_id"] == "twin2", "truth"] = "t2"
    return frame


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return _people()


@pytest.fixture(scope="module")
def without_phone(people: pd.DataFrame) -> LinkResult:
    return link_records(people.drop(columns=["truth", "phone"]))


@pytest.fixture(scope="module")
def with_phone(people: pd.DataFrame) -> LinkResult:
    return link_records(people.drop(columns=["truth"]), settings=PHONE)


def _person(result: LinkResult, record_id: str) -> str:
    rows = result.records
    return rows.loc[rows["record_id"] == record_id, "person_id"].item()


def _pair(result: LinkResult, a: str, b: str) -> pd.DataFrame:
    ids = {f"a|{a}", f"b|{b}"}
    pairs = result.pairs
    return pairs[pairs["unique_id_l"].isin(ids) & pairs["unique_id_r"].isin(ids)]


def test_a_phone_that_differs_keeps_namesakes_apart(
    without_phone: LinkResult, with_phone: LinkResult
) -> None:
    # without the phone, the same name and birth date are one person
    assert _person(without_phone, "twin1") == _person(without_phone, "twin2")
    # with it, the pair loses its automatic link and waits for a reviewer
    pair = _pair(with_phone, "twin1", "twin2")
    assert pair["band"].tolist() == ["review"]
    assert pair["mw_phone"].item() < -3
    assert _person(with_phone, "twin1") != _person(with_phone, "twin2")


def test_an_extra_blocking_rule_finds_a_pair_the_default_rules_miss(
    without_phone: LinkResult, with_phone: LinkResult
) -> None:
    assert _pair(without_phone, "x1", "x2").empty  # never scored
    assert _person(without_phone, "x1") != _person(without_phone, "x2")
    pair = _pair(with_phone, "x1", "x2")
    assert pair["band"].tolist() == ["link"]
    assert _person(with_phone, "x1") == _person(with_phone, "x2")


def test_the_phone_costs_no_true_link_elsewhere(
    people: pd.DataFrame, without_phone: LinkResult, with_phone: LinkResult
) -> None:
    truth = dict(zip("a|" + people["record_id"], people["truth"], strict=True))
    truth |= dict(zip("b|" + people["record_id"], people["truth"], strict=True))
    for result in (without_phone, with_phone):
        links = result.pairs[result.pairs["band"] == "link"]
        wrong = links["unique_id_l"].map(truth) != links["unique_id_r"].map(truth)
        assert int(wrong.sum()) == (1 if result is without_phone else 0)
    assert with_phone.settings["link_settings"]["extra_columns"][0]["name"] == "phone"


def test_incremental_linking_compares_the_extra_columns_of_the_trained_model(
    people: pd.DataFrame, with_phone: LinkResult
) -> None:
    from habeas.linkage.incremental import link_new_records

    new = pd.DataFrame(
        [{"source": "c", "record_id": "x3", "given_names": "Xiomara", "surname_1": "Quezada",
          "phone": "7000-1234"}]
    )  # fmt: skip
    # the settings of the incremental run do not repeat the extra columns: the trained
    # model's own (stored with it) are used
    later = link_new_records(with_phone.records, new, model=with_phone.settings)
    assert "mw_phone" in later.pairs.columns
    joined = later.records.loc[later.records["record_id"] == "x3", "person_id"].item()
    assert joined == _person(with_phone, "x1")


# ----------------------------------------------------------------------------- command line


def test_habeas_link_reads_a_settings_file(
    habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # given: a few records with a phone column (too few to train: each is a person)
    records = pd.DataFrame(
        {
            "source": ["a", "b"],
            "record_id": ["1", "2"],
            "given_names": ["Ana", "Ana"],
            "phone": ["7000-1234", "70001234"],
        }
    )
    records.to_csv(tmp_path / "records.csv", index=False)
    (tmp_path / "settings.yaml").write_text(
        "extra_columns:\n  - {name: phone, kind: id}\nextra_blocking: [[phone]]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    # when
    done = habeas_cli(
        "link", "--records", tmp_path / "records.csv", "--out", out,
        "--settings", tmp_path / "settings.yaml",
    )  # fmt: skip
    # then
    assert done.exit_code == 0, done.output
    model = json.loads((tmp_path / "out.model.json").read_text(encoding="utf-8"))
    assert model["link_settings"]["extra_columns"][0]["name"] == "phone"
    assert model["link_settings"]["extra_blocking"] == [["phone"]]
    # a mistake in the file, or a column the records lack, is one plain message
    (tmp_path / "bad.yaml").write_text("extra_blocking: [[postcode]]\n", encoding="utf-8")
    bad = habeas_cli(
        "link", "--records", tmp_path / "records.csv", "--out", out,
        "--settings", tmp_path / "bad.yaml",
    )  # fmt: skip
    assert bad.exit_code != 0
    assert "bad.yaml: extra_blocking rule ['postcode'] names unknown column(s)" in bad.output
    (tmp_path / "fax.yaml").write_text("extra_columns: [{name: fax}]\n", encoding="utf-8")
    missing = habeas_cli(
        "link", "--records", tmp_path / "records.csv", "--out", out,
        "--settings", tmp_path / "fax.yaml",
    )  # fmt: skip
    assert missing.exit_code != 0
    assert "extra column(s) fax, which the records do not have" in missing.output
