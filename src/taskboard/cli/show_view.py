"""``taskboard show``: one assignment in full, as text or JSON."""

from __future__ import annotations

import json
import sys

from rich.table import Table
from rich.text import Text
from sqlmodel import Session

from taskboard.cli.output import format_date, stdout
from taskboard.domain import clock
from taskboard.domain.queries import AssignmentDetail
from taskboard.domain.text import visible
from taskboard.i18n import _


def event_summary(kind: str, field: str | None, old: str | None, new: str | None) -> str:
    """One history event in words."""
    names = {
        "created": _("created"),
        "edited": _("edited"),
        "status": _("status"),
        "extended": _("deadline extended"),
        "note": _("note"),
        "reminder_sent": _("reminder sent"),
        "imported": _("imported"),
    }
    label = names.get(kind, kind)
    if kind == "created" or (kind == "note" and not field):
        return f"{label}: {new or ''}"
    if field and (old is not None or new is not None):
        return f"{label} · {field}: {old or '—'} → {new or '—'}"
    return f"{label}: {new or ''}"


def print_detail(session: Session, detail: AssignmentDetail, fmt: str) -> None:
    """Print ``detail`` as a readable card or as JSON."""
    if fmt == "json":
        sys.stdout.write(json.dumps(detail.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from taskboard.cli.register_cmds import days_cell, status_cell

    row = detail.row
    console = stdout()
    heading = Text(f"#{row.id}", style="bold")
    if row.number:
        heading.append(f"  {_('item')} {visible(row.number)}")
    if row.meeting:
        heading.append("  · ")
        heading.append(visible(row.meeting))
        if detail.meeting_date:
            heading.append(f" ({format_date(detail.meeting_date)})")
    console.print(heading)
    console.print(Text(visible(row.text)))
    console.print()
    card = Table.grid(padding=(0, 2))
    card.add_column(style="bold")
    card.add_column()

    def add(label: str, value: str | None) -> None:
        if value:
            card.add_row(Text(label), Text(visible(value)))

    add(_("Status"), status_cell(row))
    due = format_date(row.due)
    if row.original_due != row.due:
        due += "  " + _("(originally {date})").format(date=format_date(row.original_due))
    add(_("Deadline"), f"{due}  {days_cell(row)}".strip())
    add(_("Owner"), row.owner)
    add(_("Co-executors"), "; ".join(row.co_executors))
    add(_("Controller"), row.controller)
    add(_("Author"), detail.author)
    add(_("Priority"), row.priority)
    add(_("Tags"), ", ".join(row.tags))
    add(_("Repeats"), detail.recurrence)
    add(_("Extensions"), str(row.extensions) if row.extensions else None)
    add(_("Version"), str(row.version))
    console.print(card)
    if detail.extensions:
        console.print()
        console.print(Text(_("Extensions"), style="bold"))
        for ext in detail.extensions:
            console.print(
                Text(
                    f"  {format_date(ext.old_due)} → {format_date(ext.new_due)}: "
                    f"{visible(ext.reason)} ({visible(ext.actor)}, "
                    f"{clock.local(ext.created_at):%d.%m.%Y %H:%M})"
                )
            )
    if detail.notes:
        console.print()
        console.print(Text(_("Progress notes"), style="bold"))
        for note in detail.notes:
            console.print(
                Text(
                    f"  {clock.local(note.created_at):%d.%m.%Y %H:%M}  {visible(note.actor)}: "
                    f"{visible(note.text)}"
                )
            )
    console.print()
    console.print(Text(_("History"), style="bold"))
    for item in detail.history:
        console.print(
            Text(
                f"  {clock.local(item.at):%d.%m.%Y %H:%M}  {visible(item.actor)}: "
                + visible(event_summary(item.kind, item.field, item.old_value, item.new_value))
            )
        )
