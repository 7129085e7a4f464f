"""Rich progress bars fed by the library's ``progress(step, done, total)`` callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from habeas.domain.progress import ProgressCallback


@contextmanager
def progress_bars(console: Console | None = None) -> Iterator[ProgressCallback]:
    """Yield a callback that draws one bar per step label.

    Examples
    --------
    >>> with progress_bars() as progress:
    ...     progress("Reading", 1, 2)
    """
    bars = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def callback(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = bars.add_task(step, total=max(total, 1))
        bars.update(tasks[step], completed=done, total=max(total, 1))

    with bars:
        yield callback
