"""``habeas simulate``: the command writes a scenario and says what it wrote."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from habeas.simulate import SOURCES


def test_it_writes_the_lists_and_the_truth(habeas_cli: Callable, tmp_path: Path) -> None:
    result = habeas_cli("simulate", "--seed", "3", "--scale", "0.005", "--out", tmp_path, "-q")
    assert result.exit_code == 0, result.output
    assert "360 people detained" in result.stdout
    for src in SOURCES:
        assert (tmp_path / "sources" / src.list_file).is_file()
        assert src.code in result.stdout
    assert (tmp_path / "truth" / "records.csv").is_file()
    meta = json.loads((tmp_path / "scenario.json").read_text(encoding="utf-8"))
    assert meta["spec"]["seed"] == 3 and meta["spec"]["scale"] == 0.005


def test_a_scale_too_small_is_a_one_line_error(habeas_cli: Callable, tmp_path: Path) -> None:
    result = habeas_cli("simulate", "--scale", "0.0001", "--out", tmp_path)
    assert result.exit_code == 1
    assert "scale" in result.stderr and "Traceback" not in result.output
