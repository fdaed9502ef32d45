"""Accept a report under review (in full or in part) or return it for rework (with a new date).

Accept: an optional closing note; «in part» ticked, what is accepted and the deadline of the
rest, which stays on control as a new linked assignment (``accept --partial … --rest-due``).
Return: the mandatory comment and an optional new deadline, which counts as an extension
(``return --comment … --to``). Dates go through the CLI's parser, live.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Label, TextArea

from taskboard.domain import dates, services
from taskboard.domain.queries import AssignmentRow
from taskboard.errors import InvalidInput
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint
from taskboard.tui.modals.title import FormTitle, Subject


class AcceptForm(FormModal[bool | None]):
    """Accept ``row``'s report: done as of the report's date, or in part with the rest kept on
    control; dismissed with True once saved."""

    def __init__(self, row: AssignmentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(classes="form prompt"):
            yield FormTitle(_("Accept the report"))
            yield Subject(fmt.subject(self.row))
            yield Label(Text(_("Note (optional)")))
            yield TextArea(id="answer", soft_wrap=True)
            yield Checkbox(_("Accept in part: the rest stays on control"), id="partial")
            yield Label(_("What is accepted (in part)"), classes="partial")
            yield Input(id="part", classes="partial")
            yield Hint(id="part-hint")
            yield Label(_("Deadline of the rest (e.g. 30.06.2027, в июне, +2w)"), classes="partial")
            yield Input(id="rest", classes="partial")
            yield Hint(id="rest-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Accept (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", TextArea).focus()
        self._show_partial()

    @property
    def _partial(self) -> bool:
        return self.query_one("#partial", Checkbox).value

    def _show_partial(self) -> None:
        for widget in self.query(".partial"):
            widget.display = self._partial
        self._check()

    def _check(self) -> None:
        if not self._partial:
            self.hint("part-hint").clear()
            self.hint("rest-hint").clear()
            return
        if self.value("part").strip():
            self.hint("part-hint").clear()
        else:
            self.hint("part-hint").fail(_("Say what is accepted."))
        self.date_hint(self.value("rest"), self.hint("rest-hint"))

    @on(Checkbox.Changed, "#partial")
    def _partial_changed(self) -> None:
        self._show_partial()

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    def save(self) -> None:
        """Refuse while invalid; otherwise accept in a worker."""
        self._check()
        if self.refuse_invalid():
            return
        note = self.value("answer").strip() or None
        partial = self._partial
        part = self.value("part").strip()
        rest_text = self.value("rest")
        app = self.tb
        row = self.row
        actor = app.settings.actor_name()

        def job() -> bool:
            with app.database.write() as session:
                if partial:
                    rest_due = dates.parse_date(
                        rest_text, today=app.today, mode=app.settings.deadline_days
                    )
                    services.accept_in_part(
                        session,
                        assignment_id=row.id,
                        part=part,
                        rest_due=rest_due,
                        actor=actor,
                        note=note,
                        expected_version=row.version,
                    )
                else:
                    services.accept(
                        session,
                        assignment_id=row.id,
                        actor=actor,
                        note=note,
                        expected_version=row.version,
                    )
            return True

        if partial:
            notice = _("{assignment} is accepted in part; the rest stays on control.")
        else:
            notice = _("{assignment} is accepted: done as of its report's date.")
        self.write(job, notice=notice.format(assignment=fmt.label(row)))


class ReturnForm(FormModal[bool | None]):
    """Return ``row``'s report for rework with a comment, optionally with a new deadline;
    dismissed with True once saved."""

    def __init__(self, row: AssignmentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(classes="form prompt"):
            yield FormTitle(_("Return for rework"))
            yield Subject(fmt.subject(self.row))
            yield Label(
                Text(
                    _("Comment (required): what is missing")
                    + "  "
                    + _("(Enter: a new line; Ctrl+S saves)")
                )
            )
            yield TextArea(id="answer", soft_wrap=True)
            yield Hint(id="answer-hint")
            yield Label(
                Text(
                    _("New deadline (optional: it counts as an extension); now {date}").format(
                        date=fmt.day(self.row.due)
                    )
                )
            )
            yield Input(id="due")
            yield Hint(id="due-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Return (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", TextArea).focus()
        self._check()

    def _due(self) -> date | None:
        text = self.value("due")
        if not text.strip():
            self.hint("due-hint").clear()
            return None
        found = self.date_hint(text, self.hint("due-hint"))
        if found is not None and self.row.due is not None:
            try:
                services.check_extension(self.row.due, found)
            except InvalidInput as refused:
                self.hint("due-hint").fail(f"→ {fmt.day(found)}: {refused.message}")
        return found

    def _check(self) -> None:
        if self.value("answer").strip():
            self.hint("answer-hint").clear()
        else:
            self.hint("answer-hint").fail(_("Required."))
        self._due()

    @on(TextArea.Changed, "#answer")
    @on(Input.Changed, "#due")
    def _changed(self) -> None:
        self._check()

    def save(self) -> None:
        """Refuse while invalid; otherwise return for rework in a worker."""
        self._check()
        if self.refuse_invalid():
            return
        comment = self.value("answer").strip()
        due_text = self.value("due")
        app = self.tb
        row = self.row
        actor = app.settings.actor_name()

        def job() -> bool:
            new_due = (
                dates.parse_date(due_text, today=app.today, mode=app.settings.deadline_days)
                if due_text.strip()
                else None
            )
            with app.database.write() as session:
                services.return_for_rework(
                    session,
                    assignment_id=row.id,
                    comment=comment,
                    actor=actor,
                    new_due=new_due,
                    expected_version=row.version,
                )
            return True

        self.write(
            job, notice=_("{assignment} is returned for rework.").format(assignment=fmt.label(row))
        )


__all__ = ["AcceptForm", "ReturnForm"]
