"""The details pane: everything about the selected assignment, as plain (never markup) text."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from taskboard.domain.queries import AssignmentDetail
from taskboard.presentation import (
    control_level_label,
    describe,
    priority_label,
    recurrence_label,
)
from taskboard.tui import format as fmt
from taskboard.tui.context import context_of
from taskboard.tui.i18n import _


def render_detail(detail: AssignmentDetail, levels: Mapping[str, str] | None = None) -> Text:
    """The assignment in full: text, people, dates, extensions, notes, history (``levels``:
    the configured control levels' labels)."""
    row = detail.row
    out = Text(end="")

    def field(label: str, value: str | None) -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(fmt.safe(value))
            out.append("\n")

    title = _("Assignment {number}").format(number=row.number) if row.number else _("Assignment")
    out.append(f"{title}  (id {row.id})\n", style="bold underline")
    out.append(fmt.safe(row.text) + "\n\n")
    field(_("Status"), fmt.status(row.status))
    if row.overdue:
        out.append(fmt.days_left(row) + "\n", style="bold red")
    elif row.due_soon:
        out.append(fmt.days_left(row) + "\n", style="bold yellow")
    if row.at_risk:
        out.append(_("At risk: no note or report for a while, the deadline near") + "\n", "bold")
    field(_("Control level"), control_level_label(row.control_level, levels))
    field(_("Deadline"), fmt.day(row.due))
    if row.original_due != row.due:
        field(_("Original deadline"), fmt.day(row.original_due))
    field(_("Owner"), row.owner)
    field(_("Co-executors"), ", ".join(row.co_executors))
    field(_("Controller"), row.controller)
    field(_("Author"), detail.author)
    if row.meeting:
        field(_("Meeting"), f"{row.meeting} ({fmt.day(detail.meeting_date)})")
    field(_("Tags"), ", ".join(row.tags))
    if row.priority != "normal":
        field(_("Priority"), priority_label(row.priority))
    field(_("Repeats"), recurrence_label(detail.recurrence))
    if detail.extensions:
        out.append("\n" + _("Extensions ({n})").format(n=len(detail.extensions)) + "\n", "bold")
        for ext in detail.extensions:
            out.append(f"  {fmt.day(ext.old_due)} → {fmt.day(ext.new_due)}: ")
            out.append(fmt.safe(ext.reason))
            out.append(f"  ({fmt.safe(ext.actor)}, {fmt.moment(ext.created_at)})\n", "dim")
    if any(p.due is not None or p.reported_on is not None for p in detail.parts):
        # Only once a part has its own deadline or report: until then «Co-executors» says it all.
        out.append("\n" + _("Co-executors' parts") + "\n", "bold")
        for part in detail.parts:
            due = (
                _("due {date}").format(date=fmt.day(part.due))
                if part.due is not None
                else _("by the assignment's deadline")
            )
            out.append(f"  {fmt.safe(part.name)} — {due} — ")
            if part.reported_on is not None:
                out.append(_("report in ({date})").format(date=fmt.day(part.reported_on)))
            else:
                out.append(_("report not in"))
            if part.overdue:
                out.append("  " + _("overdue"), "bold red")
            out.append("\n")
    pending = [r for r in detail.requests if r.state == "pending"]
    for asked in pending:
        asked_for = _("Extension requested to {date}").format(date=fmt.day(asked.requested_due))
        out.append("\n" + asked_for)
        out.append(": " + fmt.safe(asked.reason), "bold yellow")
        out.append(f"  ({fmt.safe(asked.actor)}, {fmt.moment(asked.created_at)})\n", "dim")
    if detail.notes:
        out.append("\n" + _("Progress notes") + "\n", "bold")
        for note in detail.notes:
            out.append(f"  {fmt.moment(note.created_at)} {fmt.safe(note.actor)}: ", "dim")
            out.append(fmt.safe(note.text) + "\n")
    if detail.history:
        out.append("\n" + _("History") + "\n", "bold")
        for item in detail.history:
            out.append(f"  {fmt.moment(item.at)} {fmt.safe(item.actor)}: ", "dim")
            sentence = describe(
                item.kind,
                item.field,
                item.old_value,
                item.new_value,
                detail.people,
                item.reason,
                person=detail.people.get(item.person_id) if item.person_id is not None else None,
            )
            out.append(fmt.line(sentence, 160) + "\n")
    return out


class DetailsPane(VerticalScroll):
    """Scrollable details of one assignment."""

    def compose(self):
        yield Static(id="details-body", markup=False)

    def show(self, detail: AssignmentDetail | None) -> None:
        """Show ``detail``, or a hint when nothing is selected."""
        body = self.query_one("#details-body", Static)
        if detail is None:
            body.update(Text(_("No assignment selected."), style="dim"))
        else:
            body.update(render_detail(detail, context_of(self).settings.control.levels))


__all__ = ["DetailsPane", "render_detail"]
