"""How values look on screen: dates, days left, statuses; user text made safe (no Textual)."""

from __future__ import annotations

from datetime import date, datetime

from taskboard.domain import clock
from taskboard.domain.queries import AssignmentRow
from taskboard.domain.services import status_label
from taskboard.domain.text import one_line, visible
from taskboard.i18n import get_language
from taskboard.tui.i18n import _, ngettext


def day(value: date | None) -> str:
    """A date as staff write it: 30.06.2027 in Russian, 2027-06-30 in English."""
    if value is None:
        return ""
    if get_language() == "ru":
        return value.strftime("%d.%m.%Y")
    return value.isoformat()


def moment(value: datetime | None) -> str:
    """A stored timestamp in local time, to the minute."""
    if value is None:
        return ""
    if value.tzinfo is None:
        return value.strftime("%d.%m.%Y %H:%M" if get_language() == "ru" else "%Y-%m-%d %H:%M")
    local = clock.local(value)
    return local.strftime("%d.%m.%Y %H:%M" if get_language() == "ru" else "%Y-%m-%d %H:%M")


def days_left(row: AssignmentRow) -> str:
    """«3 days left», «2 days overdue», «today»; empty for closed assignments."""
    if row.status in ("done", "cancelled"):
        return ""
    n = row.days_left
    if n == 0:
        return _("today")
    if n < 0:
        return ngettext("{n} day overdue", "{n} days overdue", -n).format(n=-n)
    return ngettext("{n} day left", "{n} days left", n).format(n=n)


def days_short(row: AssignmentRow) -> str:
    """The table's days column: «5 left», «12 overdue», «today»; empty for closed ones."""
    if row.status in ("done", "cancelled"):
        return ""
    n = row.days_left
    if n == 0:
        return _("today")
    if n < 0:
        return _("{n} overdue").format(n=-n)
    return _("{n} left").format(n=n)


def status(value: str) -> str:
    """The status in the current language."""
    return status_label(value)


def safe(text: str | None) -> str:
    """User text with control characters shown, never acted on."""
    return visible(text)


def line(text: str | None, limit: int | None = None) -> str:
    """User text on one line (table cells, list items)."""
    return one_line(text, limit)


__all__ = ["day", "days_left", "days_short", "line", "moment", "safe", "status"]
