"""The examples in habeas.indicators' docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import habeas.indicators

MODULES = [
    "habeas.indicators",
    *sorted(
        name
        for _, name, _ in pkgutil.walk_packages(habeas.indicators.__path__, "habeas.indicators.")
        if not name.rsplit(".", 1)[-1].startswith("_")
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
