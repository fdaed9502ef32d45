"""How ``taskboard show`` prints one assignment in full, as a card or JSON.

The command itself is with the other assignment commands in :mod:`taskboard.cli.assignments`;
this module is only its renderer.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text

from taskboard.cli.output import stdout, write_json_array
from taskboard.domain.detail import AssignmentDetail, PartItem
from taskboard.domain.text import visible
from taskboard.i18n import _
from taskboard.presentation import (
    control_level_label,
    days_phrase,
    describe,
    format_date,
    format_moment,
    priority_label,
    recurrence_label,
    request_state_label,
    status_phrase,
)


def print_detail(
    detail: AssignmentDetail, fmt: str, levels: Mapping[str, str] | None = None
) -> None:
    """Print ``detail`` as a readable card or as JSON (``levels``: the configured control
    levels' labels)."""
    if fmt == "json":
        write_json_array(detail.to_json())
        return
    row = detail.row
    console = stdout()
    heading = Text(f"#{row.id}", style="bold")
    if row.number:
        item_label = _("item")
        heading.append(f"  {item_label} {visible(row.number)}")
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

    add(_("Status"), status_phrase(row.status, row.overdue, at_risk=row.at_risk))
    add(_("Control level"), control_level_label(row.control_level, levels))
    # A deadline corrected or extended keeps its original beside it («standing» for either side
    # when there was none), so a correction never hides how the deadline moved.
    due = format_date(row.due) if row.due is not None else _("standing")
    if row.original_due != row.due:
        first = format_date(row.original_due) if row.original_due is not None else _("standing")
        due += "  " + _("(originally {date})").format(date=first)
    days = days_phrase(row.days_left, row.status) if row.due is not None else ""
    add(_("Deadline"), f"{due}  {days}".strip())
    add(_("Owner"), row.owner)
    add(_("Co-executors"), "; ".join(row.co_executors))
    add(_("Controller"), row.controller)
    add(_("Author"), detail.author)
    add(_("Priority"), priority_label(row.priority))
    add(_("Tags"), ", ".join(row.tags))
    add(_("Repeats"), recurrence_label(detail.recurrence))
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
                    f"{format_moment(ext.created_at)})"
                )
            )
    if detail.requests:
        console.print()
        console.print(Text(_("Extension requests"), style="bold"))
        for asked in detail.requests:
            line = (
                f"  {format_date(asked.requested_due)}: {visible(asked.reason)} "
                f"({visible(asked.actor)}, {format_moment(asked.created_at)}) — "
                f"{request_state_label(asked.state)}"
            )
            if asked.decided_by and asked.decided_at:
                line += f" ({visible(asked.decided_by)}, {format_moment(asked.decided_at)})"
            if asked.decision_reason:
                line += f": {visible(asked.decision_reason)}"
            console.print(Text(line))
    if detail.parts:
        console.print()
        console.print(Text(_("Co-executors' parts"), style="bold"))
        for part in detail.parts:
            console.print(part_line(part))
    if detail.reports:
        console.print()
        console.print(Text(_("Reports on execution"), style="bold"))
        for report in detail.reports:
            line = f"  {format_date(report.reported_on)}  {visible(report.text)}"
            if report.document:
                line += "  [" + _("document: {ref}").format(ref=visible(report.document)) + "]"
            line += f" ({visible(report.actor)}, {format_moment(report.created_at)})"
            console.print(Text(line))
    if detail.returns:
        console.print()
        console.print(Text(_("Returned for rework"), style="bold"))
        for returned in detail.returns:
            console.print(
                Text(
                    f"  {format_moment(returned.at)}  {visible(returned.actor)}: "
                    f"{visible(returned.comment)}"
                )
            )
    if detail.notes:
        console.print()
        console.print(Text(_("Progress notes"), style="bold"))
        for note in detail.notes:
            console.print(
                Text(
                    f"  {format_moment(note.created_at)}  {visible(note.actor)}: "
                    f"{visible(note.text)}"
                )
            )
    console.print()
    console.print(Text(_("History"), style="bold"))
    for item in detail.history:
        sentence = describe(
            item.kind,
            item.field,
            item.old_value,
            item.new_value,
            detail.people,
            item.reason,
            person=detail.people.get(item.person_id) if item.person_id is not None else None,
        )
        console.print(
            Text(f"  {format_moment(item.at)}  {visible(item.actor)}: ") + Text(visible(sentence))
        )


def part_line(part: PartItem) -> Text:
    """One co-executor's part: who, by when, whether their report is in, overdue."""
    due = (
        _("due {date}").format(date=format_date(part.due))
        if part.due is not None
        else _("by the assignment's deadline")
    )
    line = Text(f"  {visible(part.name)} — {due} — ")
    if part.reported_on is not None:
        line.append(_("report in ({date})").format(date=format_date(part.reported_on)))
        if part.report:
            line.append(f": {visible(part.report)}")
    else:
        line.append(_("report not in"))
    if part.overdue:
        line.append("  ")
        line.append(_("overdue"), style="bold red")
    return line
