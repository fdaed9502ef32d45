"""App-wide messages, named as past events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class DatabaseChanged(Message, bubble=False):
    """Someone (another process, or this app) committed: what is on screen may be stale.

    Posted to each open screen; the poll posts it to the app, which passes it on to them.
    """

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DatabaseChanged)


@dataclass
class ChangeSaved(Message):
    """A job of the write path (:mod:`taskboard.tui.writes`) went through.

    Posted to whoever started it (a form closes on it), then bubbles to the app, which says
    :attr:`notice` and, when the database changed, reloads what is on screen once.
    """

    result: Any
    """What the job returned: an assignment's or a meeting's id, a report's path, filters…"""
    notice: str = ""
    """What to tell the staff (empty: nothing)."""
    committed: bool = True
    """False for a job that only read (the filter dialog) or wrote a file (a report)."""


@dataclass
class ChangeRefused(Message):
    """A job of the write path was refused (by the domain or the database); nothing was saved.

    Posted to whoever started it (a form shows why and stays open with everything typed),
    then bubbles to the app, which says it and, when :attr:`stale`, reloads what is on screen.
    """

    reason: str
    """Why, in the staff's language."""
    stale: bool = False
    """True when someone else changed the assignment meanwhile (``StaleVersion``)."""


__all__ = ["ChangeRefused", "ChangeSaved", "DatabaseChanged"]
