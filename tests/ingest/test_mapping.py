"""Mapping files: TOML and YAML, checked as a whole with errors naming file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ingest_helpers import COLUMNS, DATA

from habeas.ingest import BadMapping, SourceMapping, discover, ingest_file, read_mapping


def _write(tmp_path: Path, text: str, name: str = "lista.mapping.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
[source]
code = "fespad"
[columns]
record_id = "Caso"
full_name = "Nombre"
"""


def test_the_documented_example_reads_and_imports():
    m = read_mapping(DATA / "cdh.mapping.toml")

    assert m.code == "cdh" and m.kind == "ngo"
    assert m.file_path == DATA / "cdh_denuncias.csv"
    assert m.columns["arrest_date"] == "Fecha de captura"
    assert m.date_order_for("birth_date") == "ymd" and m.date_order_for("arrest_date") == "dmy"
    result = ingest_file(m.file_path, m)
    assert result.encoding == "cp1252"
    assert (result.n_rows, len(result.records), len(result.quarantined)) == (6, 3, 3)


def test_the_yaml_mapping_equals_the_toml_one():
    toml_mapping = read_mapping(DATA / "cdh.mapping.toml")
    yaml_mapping = read_mapping(DATA / "cdh.mapping.yaml")

    assert yaml_mapping == toml_mapping


def test_yaml_keeps_yes_and_no_as_text_in_value_maps(tmp_path):
    path = _write(
        tmp_path,
        "source: {code: x}\ncolumns: {record_id: Caso, warrant_shown: Orden}\n"
        "values:\n  warrant_shown:\n    No: yes\n    NO SE: no\n",
        "x.mapping.yaml",
    )

    m = read_mapping(path)

    assert m.values["warrant_shown"] == {"No": "yes", "NO SE": "no"}
    assert m.value_maps["warrant_shown"] == {"no": "yes", "no se": "no"}


def test_a_mapping_round_trips_through_its_dict():
    m = read_mapping(DATA / "cdh.mapping.toml")

    assert SourceMapping.from_dict(m.to_dict(), origin=m.origin) == m


def test_value_map_targets_may_be_labels_the_vocabulary_knows(tmp_path):
    m = SourceMapping(
        "x", {"record_id": "Caso"}, values={"authority": {"Los de verde": "Fuerza Armada"}}
    )

    assert m.value_maps["authority"] == {"los de verde": "faes"}


def test_minimal_mapping_has_the_documented_defaults(tmp_path):
    m = read_mapping(_write(tmp_path, MINIMAL))

    assert (m.name, m.kind, m.encoding, m.delimiter, m.date_order, m.multi_separator) == (
        "fespad",
        "other",
        "auto",
        "auto",
        "dmy",
        ";",
    )


def test_tab_may_be_written_as_a_word(tmp_path):
    m = read_mapping(_write(tmp_path, MINIMAL.replace('"fespad"', '"fespad"\ndelimiter = "tab"')))

    assert m.delimiter == "\t"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('full_name = "Nombre"', 'ful_name = "Nombre"'), "[columns] ful_name: unknown canonical"),
        (('full_name = "Nombre"', 'ful_name = "Nombre"'), "did you mean 'full_name'?"),
        (('record_id = "Caso"', ""), "[columns] record_id is required"),
        (('code = "fespad"', 'code = "FESPAD 2"'), "[source] code 'FESPAD 2' must be"),
        (('code = "fespad"', 'code = "fespad"\nkind = "ong"'), "[source] kind 'ong' is not one"),
        (('code = "fespad"', 'code = "fespad"\nencoding = "ascii"'), "encoding 'ascii'"),
        (('code = "fespad"', 'code = "fespad"\nfiel = "x.csv"'), "[source] unknown key 'fiel'"),
        (("[columns]", '[format]\ndate_order = "dym"\n[columns]'), "date_order 'dym' is not"),
        (("[columns]", "[colums]\n[columns]"), "unknown section [colums]"),
        (
            ("[columns]", '[values.authority]\n"Policía" = "policia_municipal"\n[columns]'),
            "[values.authority] 'Policía' = 'policia_municipal'",
        ),
        (("[columns]", '[values.arrest_date]\n"ayer" = "2022-03-27"\n[columns]'), "coded fields"),
        (("[columns]", '[values.sexo]\n"H" = "M"\n[columns]'), "[values] sexo: unknown"),
        (("[columns]", '[defaults]\ndui = "01234567-8"\n[columns]'), "[defaults] dui: a default"),
        (("[columns]", '[defaults]\nauthority = "marines"\n[columns]'), "[defaults] authority"),
        (
            ("[columns]", '[format.date_order_by_field]\nnarrative = "ymd"\n[columns]'),
            "narrative: not a date field",
        ),
    ],
)
def test_mistakes_in_a_mapping_name_the_file_and_the_key(tmp_path, change, message):
    path = _write(tmp_path, MINIMAL.replace(*change))

    with pytest.raises(BadMapping) as info:
        read_mapping(path)

    assert str(info.value).startswith("lista.mapping.toml: ")
    assert message in str(info.value)


def test_every_mistake_is_reported_at_once(tmp_path):
    text = MINIMAL.replace('"fespad"', '"Fespad"\nkind = "ong"').replace("full_name", "nombre")

    with pytest.raises(BadMapping) as info:
        read_mapping(_write(tmp_path, text))

    assert str(info.value).count(";") == 2


def test_broken_syntax_names_the_file(tmp_path):
    with pytest.raises(BadMapping, match=r"lista\.mapping\.toml: not valid TOML"):
        read_mapping(_write(tmp_path, "[source\ncode = 1"))
    with pytest.raises(BadMapping, match=r"x\.mapping\.yaml: not valid YAML"):
        read_mapping(_write(tmp_path, "source: [a\n", "x.mapping.yaml"))


def test_a_mapping_without_a_file_cannot_say_where_its_list_is(tmp_path):
    m = read_mapping(_write(tmp_path, MINIMAL))

    with pytest.raises(BadMapping, match=r"\[source\] file is not set"):
        _ = m.file_path


def test_a_mapping_built_in_code_is_checked_too():
    with pytest.raises(BadMapping, match=r"mapping 'cdh': \[columns\] fecha: unknown"):
        SourceMapping("cdh", COLUMNS | {"fecha": "Fecha"})


def test_discover_finds_every_mapping_under_a_folder(tmp_path):
    shutil.copy(DATA / "cdh.mapping.toml", tmp_path / "cdh.mapping.toml")
    (tmp_path / "2023").mkdir()
    _write(tmp_path / "2023", MINIMAL, "fespad.mapping.yml").write_text(
        "source: {code: fespad}\ncolumns: {record_id: Caso}\n"
    )
    _write(tmp_path, "not a mapping", "notas.toml")

    found = discover(tmp_path)

    assert [m.code for m in found] == ["fespad", "cdh"]


def test_discover_refuses_two_mappings_of_one_source(tmp_path):
    _write(tmp_path, MINIMAL, "a.mapping.toml")
    _write(tmp_path, MINIMAL, "b.mapping.toml")

    with pytest.raises(BadMapping, match=r"'fespad' is already used by a\.mapping\.toml"):
        discover(tmp_path)
