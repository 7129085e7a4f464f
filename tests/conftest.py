"""Fixtures shared across test areas: the database marker, a small scenario, lists, the CLI.

Database tests carry ``@pytest.mark.django``; they run on whatever ``DATABASE_URL``
names (``make test`` runs them on SQLite, then again on PostgreSQL). pytest-django
builds its test database from those settings (``test_<name>`` on PostgreSQL, in
memory on SQLite).
"""

from __future__ import annotations

import ast
import csv
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `django` marks the tests that need the database; give each of them one, so a
    # test module only has to say it once.
    for item in items:
        if item.get_closest_marker("django") and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated scenario at scale 0.01 (seed 7), written once per session.

    The folder holds ``sources/`` (lists and their mapping files) and ``truth/``.
    Treat it as read-only: copy it before changing a file.
    """
    from habeas.simulate import ScenarioSpec, write_scenario

    out = tmp_path_factory.mktemp("scenario")
    write_scenario(ScenarioSpec(seed=7, scale=0.01), out)
    return out


#: Header → canonical field of the lists that :class:`ListMaker` writes.
LIST_COLUMNS = {
    "N° expediente": "record_id",
    "Nombre completo": "full_name",
    "DUI": "dui",
    "Sexo": "sex",
    "Fecha de captura": "arrest_date",
    "Municipio de captura": "arrest_district",
    "Narración": "narrative",
}

#: A valid row of such a list (a made-up person; the DUI's check digit is right).
GOOD_ROW = {
    "N° expediente": "CDH-0001",
    "Nombre completo": "José Antonio Hernández López",
    "DUI": "04567890-3",
    "Sexo": "M",
    "Fecha de captura": "27/03/2022",
    "Municipio de captura": "Soyapango",
    "Narración": "Capturado frente a su casa por agentes de la PNC.",
}


@dataclass(frozen=True)
class WrittenList:
    path: Path
    mapping: Path


@dataclass(frozen=True)
class ListMaker:
    """Writes small lists like an NGO's (CSV + mapping file) into a test's folder.

    Examples
    --------
    >>> written = lists.write(lists.csv(lists.rows(3, **{"CDH-0002": {"DUI": "12"}})))
    """

    folder: Path
    columns: dict[str, str] = field(default_factory=lambda: dict(LIST_COLUMNS))

    @staticmethod
    def rows(n: int, **changes: dict[str, str]) -> list[dict[str, str]]:
        """``n`` valid rows CDH-0001...; ``changes`` maps a record_id to changed cells."""
        rows = []
        for i in range(1, n + 1):
            row = dict(GOOD_ROW, **{"N° expediente": f"CDH-{i:04d}"})
            row.update(changes.get(row["N° expediente"], {}))
            rows.append(row)
        return rows

    @staticmethod
    def csv(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
        """CSV text (comma-separated, quoted as needed) of ``rows`` under ``header``."""
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer,
            fieldnames=header or list(LIST_COLUMNS),
            extrasaction="ignore",
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    @staticmethod
    def mapping_toml(
        file: str,
        *,
        code: str = "cdh",
        columns: dict[str, str] | None = None,
        encoding: str = "auto",
    ) -> str:
        """A mapping file for a list of these columns (header → field)."""
        lines = [
            "[source]",
            f'code = "{code}"',
            'name = "Comisión de Derechos Humanos (prueba)"',
            'kind = "ngo"',
            f'file = "{file}"',
            f'encoding = "{encoding}"',
            "",
            "[columns]",
            *(f'{name} = "{header}"' for header, name in (columns or LIST_COLUMNS).items()),
        ]
        return "\n".join(lines) + "\n"

    def write(
        self,
        content: str | bytes,
        *,
        name: str = "cdh_denuncias.csv",
        code: str = "cdh",
        columns: dict[str, str] | None = None,
        encoding: str = "auto",
        folder: str = "listas",
    ) -> WrittenList:
        """Write the list (text as UTF-8, or bytes as given) and its mapping file."""
        where = self.folder / folder
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        mapping = where / f"{code}.mapping.toml"
        text = self.mapping_toml(name, code=code, columns=columns, encoding=encoding)
        mapping.write_text(text, encoding="utf-8")
        return WrittenList(path, mapping)


@pytest.fixture
def lists(tmp_path: Path) -> ListMaker:
    """A :class:`ListMaker` writing into this test's temporary folder."""
    return ListMaker(tmp_path)


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def habeas_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., CliResult]]:
    """Run the ``habeas`` command in-process, as a user would, and capture its output.

    It goes through :func:`habeas.cli.main`, so errors come out as the one-line
    messages and exit codes a user sees.
    """
    from habeas.cli import main
    from habeas.ingest import get_language, set_language

    monkeypatch.setenv("COLUMNS", "200")  # rich tables: no wrapping in captured output
    # main() sets the process-wide language of problems from the environment: pin it
    # so results do not depend on the machine's locale, and restore it afterwards.
    monkeypatch.setenv("HABEAS_LANG", "es")
    language = get_language()

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["habeas", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    yield run
    set_language(language)


def _read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (no plurals or contexts: habeas uses neither)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = None
    fuzzy = False

    def flush() -> None:
        nonlocal current, fuzzy
        if "msgid" in current and not fuzzy:
            entries[current["msgid"]] = current.get("msgstr", "")
        current, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        if line.startswith(("msgid ", "msgstr ")):
            key, _, text = line.partition(" ")
            if key == "msgid" and "msgid" in current:
                flush()
            current[key] = ast.literal_eval(text)
        elif line.startswith('"') and key is not None:
            current[key] += ast.literal_eval(line)
    flush()
    return entries


@pytest.fixture(scope="session")
def read_po() -> Callable[[Path], dict[str, str]]:
    """A reader of .po catalogues (msgid → msgstr), without GNU gettext."""
    return _read_po
