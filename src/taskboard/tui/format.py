"""How values look on screen: the TUI's names for :mod:`taskboard.presentation` (no Textual).

Every rule lives in the presentation layer; these take the TUI's row objects.
"""

from __future__ import annotations

from datetime import date, datetime

from taskboard import presentation
from taskboard.domain.queries import AssignmentRow
from taskboard.domain.text import one_line, visible


def day(value: date | None) -> str:
    """A date as staff write it: 30.06.2027 in Russian, 2027-06-30 in English."""
    return presentation.format_date(value)


def moment(value: datetime | None) -> str:
    """A stored timestamp in local time, to the minute."""
    return presentation.format_moment(value)


def days_left(row: AssignmentRow) -> str:
    """«3 days left», «2 days overdue», «today»; empty for closed assignments."""
    return presentation.days_phrase(row.days_left, row.status)


def days_short(row: AssignmentRow) -> str:
    """The table's days column: «5 left», «12 overdue», «today»; empty for closed ones."""
    return presentation.days_short(row.days_left, row.status)


def status(value: str) -> str:
    """The status in the current language."""
    return presentation.status_label(value)


def row_tone(row: AssignmentRow) -> presentation.Tone:
    """Whether the row stands out as overdue, due soon or closed."""
    return presentation.tone(row.status, overdue=row.overdue, due_soon=row.due_soon)


def label(row: AssignmentRow) -> str:
    """The assignment as staff name it: «Поручение 3 (совещание 19.10.2026)»."""
    return presentation.assignment_label(row.number, row.id, row.meeting_date)


def subject(row: AssignmentRow, limit: int = 160) -> str:
    """What a dialog is about: «3. Проработать …» (the item number, else the id)."""
    return f"{row.number or row.id}. {one_line(row.text, limit)}"


def safe(text: str | None) -> str:
    """User text with control characters shown, never acted on."""
    return visible(text)


def line(text: str | None, limit: int | None = None) -> str:
    """User text on one line (table cells, list items)."""
    return one_line(text, limit)


__all__ = [
    "day",
    "days_left",
    "days_short",
    "label",
    "line",
    "moment",
    "row_tone",
    "safe",
    "status",
    "subject",
]
