"""App-wide messages, named as past events."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DatabaseChanged(Message):
    """Someone (another process, or this app) committed: what is on screen may be stale."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DatabaseChanged)


@dataclass
class AssignmentSaved(Message):
    """An assignment was created or changed from this app."""

    assignment_id: int
    """The assignment to select after the reload."""


@dataclass
class MeetingSaved(Message):
    """A meeting was created from this app."""

    meeting_id: int


__all__ = ["AssignmentSaved", "DatabaseChanged", "MeetingSaved"]
