"""History in words: one sentence per event, with field names, dates, people and statuses
shown as staff read them. Used by ``taskboard show`` and the TUI's details pane."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from taskboard.domain.models import Priority, Status
from taskboard.i18n import _, get_language


def format_date(value: date | None) -> str:
    """A date as staff read it: 01.06.2027 in Russian, 2027-06-01 in English."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if get_language() == "ru" else value.isoformat()


def status_label(status: Status | str) -> str:
    """The status as staff call it, in the current language."""
    labels = {
        Status.OPEN: _("open"),
        Status.IN_PROGRESS: _("in progress"),
        Status.DONE: _("done"),
        Status.CANCELLED: _("cancelled"),
    }
    return labels[Status(status)]


def priority_label(priority: Priority | str) -> str:
    """The priority in the current language."""
    labels = {Priority.HIGH: _("high"), Priority.NORMAL: _("normal"), Priority.LOW: _("low")}
    return labels.get(Priority(priority), str(priority))


def field_label(field: str) -> str:
    """A changed field's name in the current language."""
    labels = {
        "text": _("text"),
        "owner_id": _("owner"),
        "controller_id": _("controller"),
        "due": _("deadline"),
        "priority": _("priority"),
        "tags": _("tags"),
        "co_executors": _("co-executors"),
        "number": _("item number"),
        "meeting_id": _("meeting"),
        "recurrence": _("recurrence"),
        "status": _("status"),
        "reason": _("reason"),
    }
    return labels.get(field, field)


def _value(field: str | None, raw: str | None, people: Mapping[int, str]) -> str:
    if raw is None or raw == "":
        return "—"
    if field == "due":
        try:
            return format_date(date.fromisoformat(raw))
        except ValueError:
            return raw
    if field == "status":
        try:
            return status_label(raw)
        except ValueError:
            return raw
    if field == "priority":
        try:
            return priority_label(raw)
        except ValueError:
            return raw
    if field in ("owner_id", "controller_id") and raw.isdigit():
        return people.get(int(raw), f"#{raw}")
    if field in ("co_executors", "tags"):
        try:
            items = json.loads(raw)
        except ValueError:
            return raw
        if field == "co_executors":
            items = [people.get(int(i), f"#{i}") for i in items]
        return ", ".join(str(i) for i in items) or "—"
    return raw


def describe(
    kind: str,
    field: str | None,
    old: str | None,
    new: str | None,
    people: Mapping[int, str],
) -> str:
    """One history event as a sentence («срок перенесён: 20.11.2026 → 26.02.2027»)."""
    if kind == "created":
        return _("created: {text}").format(text=new or "")
    if kind == "note" and field == "reason":
        return _("reason: {text}").format(text=new or "")
    if kind == "note":
        return _("note: {text}").format(text=new or "")
    if kind == "reminder_sent":
        return _("reminder sent ({tier}) to {address}").format(tier=field or "", address=new or "")
    if kind == "imported":
        return _("imported: {text}").format(text=new or "")
    if kind == "extended":
        return _("deadline extended: {old} → {new}").format(
            old=_value("due", old, people), new=_value("due", new, people)
        )
    if kind == "status":
        return _("status: {old} → {new}").format(
            old=_value("status", old, people), new=_value("status", new, people)
        )
    return _("{field} changed: {old} → {new}").format(
        field=field_label(field or ""),
        old=_value(field, old, people),
        new=_value(field, new, people),
    )
