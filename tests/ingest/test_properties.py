"""Property tests: whatever a row holds, it is accepted or quarantined with a reason."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import HEADER, csv_text, mapping

from habeas.ingest import ingest_file

# Real-looking values mixed with anything at all (but lone surrogates, which no
# file can hold): the parsers must cope with both.
REALISTIC = st.sampled_from(
    [
        "",
        " ",
        "José Antonio Hernández López",
        "HERNÁNDEZ, María",
        "alias El Flaco",
        "01234567-8",
        "01234567-2",
        "0123-4567",
        "27/03/2022",
        "31/02/2022",
        "marzo 2022",
        "M",
        "Femenino",
        "Soyapango",
        "San Salvador Centro",
        "PNC y FAES",
        "Sí",
        "N/A",
        '"',
        ";",
        "\r\n",
    ]
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
CELL = st.one_of(REALISTIC, ANY_TEXT)
ROW = st.lists(CELL, min_size=0, max_size=len(HEADER) + 2)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


@SETTINGS
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_any_csv_row_is_accepted_or_quarantined_with_a_reason_and_its_cells(rows):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lista.csv"
        path.write_text(csv_text(HEADER, rows), encoding="utf-8")
        data_rows = [r for r in rows if not _is_blank(r)]
        if not data_rows:
            return  # an empty list is a file-level error, tested elsewhere

        result = ingest_file(path, mapping())

    assert result.n_rows == len(data_rows) == len(result.records) + len(result.quarantined)
    raws = {q.row: q.raw for q in result.quarantined}
    raws.update(zip(result.records["row"], result.records["raw"], strict=True))
    for q in result.quarantined:
        assert any(p.is_error and p.message for p in q.problems)
    for number, cells in enumerate(rows, start=2):
        if _is_blank(cells):
            continue
        padded = [*cells, *[""] * (len(HEADER) - len(cells))]
        assert list(raws[number].values()) == padded  # every cell kept, as written


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False),
        CELL,
    ),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)
JSON_RECORD = st.one_of(
    st.fixed_dictionaries({}, optional={h: JSON_VALUE for h in HEADER}), JSON_VALUE
)


@SETTINGS
@given(records=st.lists(JSON_RECORD, min_size=1, max_size=5))
def test_any_json_record_is_accepted_or_quarantined(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lista.json"
        path.write_text(json.dumps(records, default=str), encoding="utf-8")
        if not any(isinstance(r, dict) and r for r in records):
            return  # nothing to read: a file-level error

        try:
            result = ingest_file(path, mapping())
        except Exception as exc:  # the only acceptable file-level error here
            assert type(exc).__name__ == "MissingColumns", exc
            return

    assert result.n_rows == len(result.records) + len(result.quarantined)
    assert all(q.problems for q in result.quarantined)
    assert all(isinstance(v, str) for raw in result.records["raw"] for v in raw.values())


@SETTINGS
@given(day=st.dates(dt.date(1930, 1, 1), dt.date(2030, 12, 31)))
def test_any_calendar_date_written_day_first_reads_back_as_itself(day):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lista.csv"
        cells = ("1", "Ana Ruth Martínez", "", day.strftime("%d/%m/%Y"), "", "", "")
        path.write_text(csv_text(HEADER, [cells]), encoding="utf-8")

        result = ingest_file(path, mapping())

    assert result.records.loc[0, "arrest_date"] == day.isoformat()
