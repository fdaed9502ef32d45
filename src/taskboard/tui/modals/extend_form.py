"""Extend a deadline, or request the extension for approval: new date (parsed live) and a
mandatory reason.

"Extend now" is the direct extension of those who hold the authority; "Request (for
approval)" records a pending request (:mod:`taskboard.domain.requests`) that the author or
controller then grants or refuses (keys ``v`` and ``V`` on the main screen).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Select

from taskboard.domain import dates, requests, services
from taskboard.domain.queries import AssignmentRow
from taskboard.errors import InvalidInput
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint
from taskboard.tui.modals.title import FormTitle, Subject

EXTEND = "extend"
"""The form's choice: extend now."""
REQUEST = "request"
"""The form's choice: record a request for approval (the deadline stays)."""


class ExtendForm(FormModal[date | None]):
    """Move ``row``'s deadline later, or request it; dismissed with the date once saved."""

    def __init__(self, row: AssignmentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(classes="form prompt"):
            yield FormTitle(_("Extend the deadline"))
            yield Subject(fmt.subject(row))
            yield Label(Text(_("Current deadline: {date}").format(date=fmt.day(row.due))))
            yield Select(
                [(_("Extend now"), EXTEND), (_("Request (for approval)"), REQUEST)],
                value=EXTEND,
                allow_blank=False,
                id="mode",
            )
            yield Label(_("New deadline (e.g. 30.06.2027, в июне, +2w)"))
            yield Input(id="due")
            yield Hint(id="due-hint")
            yield Label(_("Reason (required)"))
            yield Input(id="reason")
            yield Hint(id="reason-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Extend (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()
        self._check_due()
        self._check_reason()

    def _check_due(self) -> None:
        found = self.date_hint(self.value("due"), self.hint("due-hint"))
        if found is not None and self.row.due is not None:
            try:
                services.check_extension(self.row.due, found)
            except InvalidInput as refused:
                self.hint("due-hint").fail(f"→ {fmt.day(found)}: {refused.message}")

    def _check_reason(self) -> None:
        if self.value("reason").strip():
            self.hint("reason-hint").clear()
        else:
            self.hint("reason-hint").fail(_("A reason is required."))

    @property
    def mode(self) -> str:
        """``extend`` or ``request``: what saving does."""
        return str(self.query_one("#mode", Select).value)

    @on(Select.Changed, "#mode")
    def _mode_changed(self) -> None:
        label = _("Request (Ctrl+S)") if self.mode == REQUEST else _("Extend (Ctrl+S)")
        self.query_one("#save", Button).label = label

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._check_due()

    @on(Input.Changed, "#reason")
    def _reason_changed(self) -> None:
        self._check_reason()

    def save(self) -> None:
        """Refuse while invalid; otherwise write in a worker."""
        self._check_due()
        self._check_reason()
        if self.refuse_invalid():
            return
        due_text = self.value("due")
        reason = self.value("reason")
        app = self.tb
        row = self.row
        actor = app.settings.actor_name()
        asked = self.mode == REQUEST
        limit = app.settings.control.extension_limit
        warnings: list[str] = []

        def job() -> date:
            new_due = dates.parse_date(due_text, today=app.today, mode=app.settings.deadline_days)
            change = requests.request_extension if asked else services.extend
            with app.database.write() as session:
                change(
                    session,
                    assignment_id=row.id,
                    new_due=new_due,
                    reason=reason,
                    actor=actor,
                    expected_version=row.version,
                )
                warning = None if asked else requests.limit_warning(session, row.id, limit)
            if warning:
                warnings.append(warning)
            return new_due

        def notice(new_due: date) -> str:
            if asked:
                return _(
                    "{assignment}: extension to {due} requested; the deadline stays until "
                    "the request is granted or refused."
                ).format(assignment=fmt.label(row), due=fmt.day(new_due))
            said = _("Deadline of {assignment} moved to {due}.").format(
                assignment=fmt.label(row), due=fmt.day(new_due)
            )
            return " ".join([said, *warnings])

        self.write(job, notice=notice)


__all__ = ["ExtendForm"]
