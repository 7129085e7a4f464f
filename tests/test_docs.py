"""The docs cannot drift: generated reference pages are current, every command is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from habeas.domain.reference_docs import pages

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
REGENERATE = "python -m habeas.domain.reference_docs docs/reference"


@pytest.mark.parametrize("name", sorted(pages()))
def test_each_reference_page_is_what_the_generator_writes_now(name: str) -> None:
    path = REFERENCE / name
    assert path.exists(), f"{path} is missing: run `{REGENERATE}`"
    assert path.read_text(encoding="utf-8") == pages()[name], (
        f"{path} is out of date with the package data: run `{REGENERATE}`"
    )


def test_every_page_in_the_reference_folder_is_generated() -> None:
    # A page the generator no longer writes would silently go stale.
    on_disk = {p.name for p in REFERENCE.glob("*.md")}
    assert on_disk == set(pages()), f"stale or missing pages: run `{REGENERATE}`"


def _commands(command: Any, path: tuple[str, ...], ctx: Any) -> list[str]:
    """Every command under ``command`` as "habeas group sub", groups included."""
    # Duck-typed: typer vendors its own copy of click, so click.Group is not its base.
    found = [" ".join(path)] if len(path) > 1 else []
    for name in command.list_commands(ctx) if hasattr(command, "list_commands") else ():
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            found += _commands(sub, (*path, name), sub.context_class(sub, parent=ctx))
    return found


def cli_commands() -> list[str]:
    """The commands of the ``habeas`` CLI, as typed ("habeas export records")."""
    from habeas.cli import _register, app

    _register()
    root = typer.main.get_command(app)
    return _commands(root, ("habeas",), root.context_class(root))


def test_the_command_list_sees_nested_commands() -> None:
    commands = cli_commands()
    assert "habeas import" in commands
    assert "habeas export records" in commands


def _documentation() -> str:
    texts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join(texts)


@pytest.mark.parametrize("command", cli_commands())
def test_every_cli_command_is_mentioned_in_the_readme_or_the_docs(command: str) -> None:
    assert command in _documentation(), f"`{command}` is not mentioned in README.md or docs/"
