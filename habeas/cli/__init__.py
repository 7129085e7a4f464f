"""The ``habeas`` command: a thin typer layer over the library.

Each group lives in its own module and registers itself on :data:`app`. Heavy
imports (pandas, Django) happen inside the command functions so ``habeas --help``
stays fast.
"""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

from habeas import __version__
from habeas.domain.errors import HabeasError

app = typer.Typer(
    name="habeas",
    help="habeas: documentation, linkage, counting and estimation of people detained.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@app.command()
def version() -> None:
    """Print the habeas version."""
    typer.echo(__version__)


def _register() -> None:
    # Imported for their side effect of adding commands to `app`.
    from habeas.cli import demo, estimate, link, records, report, simulate  # noqa: F401


def message_language(environ: dict[str, str]) -> str:
    """The language of import problems: HABEAS_LANG, else the locale's, else Spanish.

    Examples
    --------
    >>> message_language({"LANG": "en_GB.UTF-8"})
    'en'
    >>> message_language({"HABEAS_LANG": "es", "LANG": "en_US.UTF-8"})
    'es'
    """
    for name in ("HABEAS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = environ.get(name, "")[:2].lower()
        if lang in ("es", "en"):
            return lang
    return "es"


def main() -> None:
    """Entry point: runs the app and turns habeas errors into one-line messages."""
    from habeas.ingest import set_language

    set_language(message_language(dict(os.environ)))
    _register()
    try:
        code = app(standalone_mode=False)
    except HabeasError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise
    # With standalone_mode=False, click returns a command's exit code instead of exiting.
    if isinstance(code, int) and code:
        sys.exit(code)
