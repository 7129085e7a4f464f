"""Record linkage: one person per human being, across and within every list.

The preprocessing that Splink does not do lives here (:mod:`habeas.linkage.prepare`,
:mod:`habeas.linkage.phonetic`, :mod:`habeas.linkage.nicknames`); the Splink model, the
clustering into people and the evaluation against a known truth sit beside it.

Importing this package is cheap: it imports no submodule (Splink and DuckDB load only when
a model module is imported), so ``import habeas.linkage.prepare`` costs pandas and the
domain package, nothing more.
"""
