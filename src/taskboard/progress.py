"""How long work says how far it got, without a user interface: a callback and a counter.

Imports, exports, reports and backups take an optional ``on_progress(done, total)``; the
face that runs them decides what to show (the command line: a bar on a terminal, see
``cli/progress.py``). The work counts its units with a :class:`Ticker`, which calls back only
now and then, so counting every row costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

OnProgress = Callable[[int, int], None]
"""Told ``(done, total)`` units of work as the work advances (``0 <= done <= total``)."""

UPDATES = 200
"""About how many times a :class:`Ticker` calls back over a whole job."""


class Ticker:
    """Counts the units of one job and tells ``on_progress`` about every 1/200th of it.

    With no ``on_progress`` it only counts. It tells ``(0, total)`` when made and
    ``(total, total)`` at :meth:`finish`.
    """

    __slots__ = ("_next", "_on_progress", "_step", "done", "total")

    def __init__(self, on_progress: OnProgress | None, total: int) -> None:
        self._on_progress = on_progress
        self.total = max(total, 0)
        """The units of the whole job."""
        self.done = 0
        """The units done so far."""
        self._step = max(1, self.total // UPDATES)
        self._next = self._step
        if on_progress is not None:
            on_progress(0, self.total)

    def add(self, units: int = 1) -> None:
        """Count ``units`` more done (cheap: call it per row)."""
        self.done += units
        if self.done >= self._next:
            self._tell()

    def finish(self) -> None:
        """The whole job is done."""
        self.done = self.total
        self._tell()

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, each counted as one unit once it has been handled."""
        for item in items:
            yield item
            self.add()

    def _tell(self) -> None:
        self._next = self.done + self._step
        if self._on_progress is not None:
            self._on_progress(min(self.done, self.total), self.total)


__all__ = ["UPDATES", "OnProgress", "Ticker"]
