"""Seconds per stage of a linkage run, each stage also reported as progress."""

from __future__ import annotations

import time

from habeas.domain.progress import ProgressCallback


class Stopwatch:
    """Times consecutive stages and tells ``progress`` as each one ends.

    Examples
    --------
    >>> watch = Stopwatch(lambda step, done, total: None, "Linking records", 2)
    >>> watch.lap("prepare", 1)
    >>> sorted(watch.finish())
    ['prepare', 'total']
    """

    def __init__(self, progress: ProgressCallback, step: str, total: int) -> None:
        self.timings: dict[str, float] = {}
        self._progress, self._step, self._total = progress, step, total
        self._start = self._clock = time.perf_counter()
        progress(step, 0, total)

    def lap(self, name: str, done: int) -> None:
        """End stage ``name`` (the ``done``-th of the run)."""
        now = time.perf_counter()
        self.timings[name] = round(now - self._clock, 3)
        self._clock = now
        self._progress(self._step, done, self._total)

    def finish(self) -> dict[str, float]:
        """The timings, with the run's ``total``."""
        self.timings["total"] = round(time.perf_counter() - self._start, 3)
        return self.timings
