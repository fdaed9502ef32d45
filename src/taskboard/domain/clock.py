"""What "today" is: the local date, or ``TASKBOARD_TODAY`` when set (tests, reports, cron)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    """Today's date, overridden by ``TASKBOARD_TODAY=YYYY-MM-DD``."""
    override = os.environ.get("TASKBOARD_TODAY")
    if override:
        try:
            return date.fromisoformat(override.strip())
        except ValueError:
            from taskboard.errors import InvalidInput
            from taskboard.i18n import _

            raise InvalidInput(
                _("TASKBOARD_TODAY must be a date as YYYY-MM-DD, not {value!r}").format(
                    value=override
                )
            ) from None
    return date.today()


def now() -> datetime:
    """The current time, aware and in UTC (how every timestamp is stored)."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """A stored (UTC) timestamp in the local time zone, for display."""
    return moment.astimezone()
