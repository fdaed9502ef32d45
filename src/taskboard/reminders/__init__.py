"""E-mail reminders (``taskboard remind``): selection, digests, SMTP delivery, templates.

Imports neither Textual nor Typer: cron runs this. The names below load lazily, so that the
command line (which imports :mod:`taskboard.reminders.language` for ``person add``) does not
pay for Jinja2 and smtplib on every start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taskboard.reminders.digest import Digest, Entry
    from taskboard.reminders.render import RenderedEmail, render_digest
    from taskboard.reminders.run import (
        Failed,
        Recorder,
        RunReport,
        Sent,
        plan,
        record_delivery,
        run_reminders,
    )
    from taskboard.reminders.selection import ReminderItem, Tier, select_due, tier_items

_WHERE = {
    "Digest": "digest",
    "Entry": "digest",
    "RenderedEmail": "render",
    "render_digest": "render",
    "Failed": "run",
    "Recorder": "run",
    "RunReport": "run",
    "Sent": "run",
    "plan": "run",
    "record_delivery": "run",
    "run_reminders": "run",
    "ReminderItem": "selection",
    "Tier": "selection",
    "select_due": "selection",
    "tier_items": "selection",
}

__all__ = [
    "Digest",
    "Entry",
    "Failed",
    "Recorder",
    "ReminderItem",
    "RenderedEmail",
    "RunReport",
    "Sent",
    "Tier",
    "plan",
    "record_delivery",
    "render_digest",
    "run_reminders",
    "select_due",
    "tier_items",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"taskboard.reminders.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'taskboard.reminders' has no attribute {name!r}")
