"""Reference pages: every term, column, limit, period and department is on its page."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.domain import gazetteer, legal, schema, vocab
from habeas.domain.reference_docs import (
    legal_page,
    main,
    pages,
    places_page,
    records_page,
    vocabularies_page,
)


def test_every_vocabulary_code_is_a_row_of_the_vocabularies_page() -> None:
    page = vocabularies_page()
    for name, voc in vocab.VOCABULARIES.items():
        assert f"## {name}\n" in page
        for code in voc.codes:
            assert f"| `{code}` |" in page


def test_every_record_column_is_a_row_of_the_records_page_in_order() -> None:
    page = records_page()
    positions = [page.index(f"| `{c.name}` |") for c in schema.COLUMNS]
    assert positions == sorted(positions)
    assert "[`death_cause`](vocabularies.md#death_cause)" in page


def test_the_legal_page_has_every_limit_every_period_and_flags_uncertainty() -> None:
    page = legal_page()
    for lim in legal.limits():
        assert f"| `{lim.code}` |" in page
    for p in legal.decree_periods():
        assert f"| {p.seq} |" in page
    assert "| `regime_15d` | domestic_arrest | 15 days | regime |" in page
    assert "**uncertain**" in page


def test_the_places_page_gives_department_populations_and_district_counts() -> None:
    page = places_page()
    assert "| `06` | SV-SS | San Salvador | San Salvador | 1,563,371 | census |" in page
    assert "| `06M4` | San Salvador Centro | San Salvador | 5 |" in page
    assert "| La Libertad | `0518` | no |" in page
    for m in gazetteer.municipalities():
        assert f"\n| `{m.code}` | {m.name} | {m.department} | {len(m.district_codes)} |" in page


def test_the_script_writes_every_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tmp_path / "reference")])
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "reference").iterdir()}
    assert written == pages()
    assert "vocabularies.md" in capsys.readouterr().out
