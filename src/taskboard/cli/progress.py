"""Progress bars on stderr for the long commands (import, export, report, backup).

A bar shows only when stderr is a terminal (not a pipe or a file, whatever ``FORCE_COLOR``
says; not ``TERM=dumb``) and only once the work has taken a second: quick commands print
exactly what they always did. It is drawn by Rich on stderr, never touches stdout (Rich's
redirection of ``print`` is off), and vanishes when the work ends (``transient``), before the
command prints its result. ``NO_COLOR`` leaves it without colour: a percentage and the time
instead of a coloured bar.

The work itself knows nothing of this: it takes an ``on_progress(done, total)`` callback
(:mod:`taskboard.progress`) and :meth:`ProgressBars.task` makes one.

``TASKBOARD_PROGRESS_AFTER`` (seconds, default 1) moves the threshold: tests set 0 to see the
bar on a fast command, or a large number to prove it waits.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from taskboard.progress import OnProgress

if TYPE_CHECKING:
    from rich.progress import Progress

AFTER_ENV = "TASKBOARD_PROGRESS_AFTER"
"""The environment variable that moves the threshold (seconds)."""
DEFAULT_AFTER = 1.0
"""Seconds of work before a bar shows."""


def delay() -> float:
    """The seconds of work after which a bar shows (``TASKBOARD_PROGRESS_AFTER``, else 1)."""
    try:
        value = float(os.environ.get(AFTER_ENV, DEFAULT_AFTER))
    except ValueError:
        return DEFAULT_AFTER
    return value if value >= 0 else DEFAULT_AFTER


def wanted() -> bool:
    """Whether a bar may show: stderr is a terminal that can redraw a line."""
    if os.environ.get("TERM", "") == "dumb":
        return False
    try:
        return os.isatty(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):  # a test's captured stream has no descriptor
        return False


class ProgressBars:
    """The bars of one command: hidden at first, shown once :func:`delay` has passed.

    Use as a context manager around the work, and pass :meth:`task` to each step::

        with ProgressBars() as bars:
            data = export_bytes(db, "json", on_progress=bars.task(_("Exporting")))
        write(data)  # the bars are gone by now

    Where no bar may show, :meth:`task` returns None, so the work does not even count.
    """

    def __init__(self, *, allowed: bool = True) -> None:
        self.enabled = allowed and wanted()
        """A bar may show (``allowed`` by the command, and stderr is a terminal)."""
        self._progress: Progress | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._shown = False
        self._closed = False

    def __enter__(self) -> ProgressBars:
        if not self.enabled:
            return self
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        from taskboard.cli.output import stderr

        console = stderr()
        # Without colour the finished and unfinished parts of a bar look the same: the
        # percentage says it.
        bar = [BarColumn()] if console.color_system is not None else []
        self._progress = Progress(
            TextColumn("{task.description}", markup=False),
            *bar,
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        after = delay()
        if after == 0:
            self._show()
        else:
            self._timer = threading.Timer(after, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _show(self) -> None:
        with self._lock:
            if self._closed or self._progress is None:
                return
            self._progress.start()
            self._shown = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown and self._progress is not None:
                self._progress.stop()

    def task(self, description: str) -> OnProgress | None:
        """A new bar, ``description`` on its left (indeterminate until told a total), and
        the callback that moves it; None where no bar may show."""
        progress = self._progress
        if progress is None:
            return None
        task_id = progress.add_task(description, total=None)

        def moved(done: int, total: int) -> None:
            progress.update(task_id, completed=done, total=total)

        return moved


__all__ = ["AFTER_ENV", "ProgressBars", "delay", "wanted"]
