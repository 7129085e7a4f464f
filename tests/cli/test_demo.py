"""``habeas demo``: simulate, import every source, report; a re-run adds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from habeas.web.cases.models import ImportBatch, Record, Source

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult

pytestmark = pytest.mark.django


def test_the_demo_imports_every_source_and_says_what_it_did(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    # when
    done = habeas_cli("demo", "--scale", "0.01", "--seed", "7", "--out", tmp_path, "--no-serve")
    # then
    assert done.exit_code == 0, done.output
    sources = list(Source.objects.values_list("code", flat=True))
    assert len(sources) == 5
    out = done.stdout
    for code in sources:
        assert any(line.lstrip("│ ").startswith(code) for line in out.splitlines()), code
    assert "total" in out
    assert Record.objects.count() > 0
    assert "habeas export records" in out
    assert "not built yet" not in out  # --no-serve: no note about serving
    # It writes the report and says where.
    report = tmp_path / "report"
    assert f"Report: {report / 'report.html'}" in " ".join(done.output.split())
    assert (report / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (report / "public" / "README.md").exists()


def test_running_the_demo_again_adds_nothing_and_says_so(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    args = ("demo", "--scale", "0.01", "--seed", "7", "--out", tmp_path, "--no-serve")
    habeas_cli(*args)
    records, batches = Record.objects.count(), ImportBatch.objects.count()
    # when
    again = habeas_cli(*args)
    # then
    assert again.exit_code == 0, again.output
    assert (Record.objects.count(), ImportBatch.objects.count()) == (records, batches)
    assert "Nothing new" in again.stdout


def test_without_no_serve_it_says_plainly_that_there_is_no_web_app_yet(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    done = habeas_cli("demo", "--scale", "0.01", "--out", tmp_path)
    assert done.exit_code == 0, done.output
    assert "The web app is not built yet" in done.stdout
