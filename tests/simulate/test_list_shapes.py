"""Each list looks like a real one and differs from the others, and ingest can read it:
the only unreadable cells are the quarantine bait the truth names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sim_helpers import read_list, read_mapping

from habeas.domain.dates import DateParseError, parse_date
from habeas.domain.dui import check_dui
from habeas.domain.schema import COLUMNS_BY_NAME, NAME_COLUMNS, Kind
from habeas.simulate import SOURCES
from habeas.simulate.mapping import _parser

CODES = [s.code for s in SOURCES]


def _load(root: Path, code: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    src = next(s for s in SOURCES if s.code == code)
    mapping = read_mapping(root / "sources" / src.mapping_file)
    cells = read_list(root / "sources" / src.mapping_file)
    errors = pd.read_csv(root / "truth" / "record_errors.csv", dtype=str, keep_default_na=False)
    errors = errors[errors["source"] == code].reset_index(drop=True)
    return mapping, cells, errors


def test_the_lists_differ_in_format_encoding_and_delimiter(written: Path) -> None:
    d = written / "sources"
    assert {p.suffix for p in d.iterdir() if ".mapping." not in p.name} == {
        ".csv",
        ".xlsx",
        ".json",
    }
    fam = (d / "familiares_registro.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        fam.decode("utf-8")
    assert fam.decode("cp1252").splitlines()[0].count(";") > 10
    assert b"\r\n" in fam
    assert (d / "pddh_casos.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (d / "mesa_denuncias.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (d / "pddh.mapping.yaml").exists() and (d / "prensa.mapping.toml").exists()


def test_no_two_lists_share_their_columns(written: Path) -> None:
    headers = {c: frozenset(_load(written, c)[1].columns) for c in CODES}
    for a in CODES:
        for b in CODES:
            if a < b:
                shared = headers[a] & headers[b]
                assert len(shared) <= 0.3 * min(len(headers[a]), len(headers[b])), (a, b, shared)
    fields = {c: set(_load(written, c)[0]["columns"]) for c in CODES}
    assert "full_name" in fields["mesa_denuncias"] and "given_names" in fields["asistencia_legal"]
    assert (
        "counsel_access" in fields["asistencia_legal"]
        and "counsel_access" not in fields["familiares"]
    )
    assert "dui" not in fields["prensa"]


def test_dates_are_written_each_list_its_own_way(written: Path) -> None:
    firsts = {
        c: _load(written, c)[1][_load(written, c)[0]["columns"]["reported_date"]].iloc[0]
        for c in CODES
    }
    assert firsts["mesa_denuncias"].count("/") == 2
    assert " de " in firsts["familiares"]
    assert firsts["pddh"][4] == "-"
    assert hasattr(firsts["asistencia_legal"], "year")  # a real date cell
    press = _load(written, "prensa")[1]["mesCaptura"].dropna()
    assert press.str.fullmatch(r"[a-z]+ \d{4}").mean() > 0.95  # month precision


@pytest.mark.parametrize("code", CODES)
def test_only_the_bait_rows_have_unreadable_dates(written: Path, code: str) -> None:
    mapping, cells, errors = _load(written, code)
    order = mapping["format"].get("date_order", "dmy")
    bad = set()
    for field, header in mapping["columns"].items():
        if COLUMNS_BY_NAME[field].kind is not Kind.DATE:
            continue
        for i, value in enumerate(cells[header]):
            try:
                parse_date(value, order=order)
            except DateParseError:
                bad.add(i)
    bait = set(errors.index[errors["errors"].str.contains("bad_date")])
    assert bad == bait and len(bait) >= 1


@pytest.mark.parametrize("code", CODES)
def test_nameless_rows_have_no_name_and_all_others_have_one(written: Path, code: str) -> None:
    mapping, cells, errors = _load(written, code)
    name_headers = [h for f, h in mapping["columns"].items() if f in NAME_COLUMNS]
    has_name = cells[name_headers].notna().any(axis=1)
    nameless = errors["errors"].str.contains("nameless_row")
    assert nameless.sum() >= 1
    assert (~has_name == nameless).all()


@pytest.mark.parametrize("code", CODES)
def test_every_controlled_cell_reads_with_the_mapping(written: Path, code: str) -> None:
    mapping, cells, _ = _load(written, code)
    sep = mapping["format"].get("multi_separator", ";")
    values = mapping.get("values", {})
    for field, header in mapping["columns"].items():
        col = COLUMNS_BY_NAME[field]
        if col.kind not in (
            Kind.SEX,
            Kind.YESNO,
            Kind.CODE,
            Kind.CODES,
            Kind.CENTRE,
            Kind.DEPARTMENT,
        ):
            continue
        parse = _parser(field)
        for cell in cells[header].dropna():
            parts = [p.strip() for p in str(cell).split(sep)] if col.kind is Kind.CODES else [cell]
            for part in parts:
                key = part if isinstance(part, str) else None
                code_ = values.get(field, {}).get(key) if key else None
                assert code_ or parse(part), (field, part)


def test_the_family_associations_m_means_a_woman(written: Path) -> None:
    mapping, cells, _ = _load(written, "familiares")
    assert mapping["values"]["sex"] == {"M": "F"}
    truth = pd.read_csv(written / "truth" / "records.csv", dtype=str)
    people = pd.read_csv(written / "truth" / "people.csv", dtype=str).set_index("person_id")
    pid = truth.loc[truth["source"] == "familiares", "person_id"].to_numpy()
    written_sex = cells["Sexo (H/M)"].map({"H": "M", "M": "F"}).to_numpy()
    assert (written_sex == people.loc[pid, "sex"].to_numpy()).all()


@pytest.mark.parametrize("code", ["mesa_denuncias", "asistencia_legal", "familiares", "pddh"])
def test_duis_are_the_persons_unless_miswritten(written: Path, code: str) -> None:
    mapping, cells, errors = _load(written, code)
    truth = pd.read_csv(written / "truth" / "records.csv", dtype=str)
    people = pd.read_csv(written / "truth" / "people.csv", dtype=str).set_index("person_id")
    pid = truth.loc[truth["source"] == code, "person_id"].to_numpy()
    duis = [check_dui(v).value for v in cells[mapping["columns"]["dui"]]]
    true = people.loc[pid, "dui"].to_numpy()
    wrong = errors["errors"].str.contains("dui_wrong").to_numpy()
    for d, t, w in zip(duis, true, wrong, strict=True):
        if d is not None and not w:
            assert d == t
    assert 0.15 < pd.isna(duis).mean() < 0.8  # blanks, plus minors who have none
