"""Progress reporting from library code without tying it to a terminal.

Long-running library functions take an optional ``progress`` callback and call it as
``progress(step, done, total)``; the CLI turns those calls into rich progress bars.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(step, done, total)``: ``step`` is a short label shown to the user.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    """A progress callback that ignores every call."""
