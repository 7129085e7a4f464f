"""The examples in habeas.estimate's docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import warnings

import pytest

import habeas.estimate

PUBLIC = (
    name
    for _, name, _ in pkgutil.walk_packages(habeas.estimate.__path__, "habeas.estimate.")
    if not name.rsplit(".", 1)[-1].startswith("_")
)
MODULES = [*sorted(PUBLIC), "habeas.estimate", "habeas.cli.estimate"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # examples show results, warnings are tested apart
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
