"""A decision of the «Час контроля» on the assignment in front of it, or a new assignment.

One form, its fields by the decision: accept (an optional note), extend (the new date and the
mandatory reason), return for rework (the mandatory comment, an optional new date), keep on
control (the mandatory instruction), a new assignment (owner, text, deadline). Dates go through
the CLI's parser, live; the decision is saved with the review meeting of today (made on the
first decision) in one transaction, through :mod:`taskboard.domain.control_hour`.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, TextArea

from taskboard.domain import control_hour, dates, requests, services
from taskboard.domain.control_hour import Decision
from taskboard.domain.people import resolve_person
from taskboard.domain.queries import AssignmentRow
from taskboard.errors import InvalidInput
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle, Subject


def _titles() -> dict[Decision, tuple[str, str, bool]]:
    """Each decision's heading, the label of its text and whether the text is required."""
    return {
        Decision.ACCEPTED: (_("Accept: take off control"), _("Note (optional)"), False),
        Decision.EXTENDED: (_("Extend the deadline"), _("Reason (required)"), True),
        Decision.RETURNED: (
            _("Return for rework"),
            _("Comment (required): what is missing"),
            True,
        ),
        Decision.KEPT: (
            _("Keep on control"),
            _("Instruction (required): what the owner is to do"),
            True,
        ),
        Decision.NEW: (
            _("New assignment of the review"),
            _("Text (required): what is to be done"),
            True,
        ),
    }


class DecisionForm(FormModal[Decision | None]):
    """Record ``decision`` on ``row`` (``row`` None: a new assignment) at today's review;
    dismissed with the decision once saved."""

    def __init__(
        self, decision: Decision, row: AssignmentRow | None, *, protocol_no: str | None = None
    ) -> None:
        super().__init__()
        self.decision = decision
        """What is being decided."""
        self.row = row
        """The assignment decided on (None for a new one)."""
        self.protocol_no = protocol_no
        """The protocol number the review meeting gets if this decision opens it."""

    @property
    def _dated(self) -> bool:
        return self.decision in (Decision.EXTENDED, Decision.RETURNED, Decision.NEW)

    def compose(self) -> ComposeResult:
        title, text_label, _needed = _titles()[self.decision]
        with Vertical(classes="form prompt"):
            yield FormTitle(title)
            if self.row is not None:
                yield Subject(fmt.subject(self.row))
                yield Label(Text(_("Current deadline: {date}").format(date=fmt.day(self.row.due))))
            if self.decision is Decision.NEW:
                yield Label(_("Owner (required)"))
                yield Input(id="owner", suggester=PersonSuggester(self.tb.database))
                yield Hint(id="owner-hint")
            yield Label(Text(f"{text_label}  " + _("(Enter: a new line; Ctrl+S saves)")))
            yield TextArea(id="answer", soft_wrap=True)
            yield Hint(id="answer-hint")
            if self._dated:
                if self.decision is Decision.EXTENDED:
                    yield Label(_("New deadline (e.g. 30.06.2027, в июне, +2w)"))
                elif self.decision is Decision.RETURNED:
                    yield Label(_("New deadline (optional: it counts as an extension)"))
                else:
                    yield Label(_("Deadline (empty: one month from today)"))
                asked = self.row.extension_request if self.row is not None else None
                # The owner's pending request is what the review most often grants.
                prefill = fmt.day(asked) if asked and self._extends else ""
                yield Input(prefill, id="due")
                yield Hint(id="due-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Record (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    @property
    def _extends(self) -> bool:
        return self.decision is Decision.EXTENDED

    def on_mount(self) -> None:
        first = "#owner" if self.decision is Decision.NEW else "#answer"
        self.query_one(first).focus()
        self._check()

    def _due(self) -> date | None:
        if not self._dated:
            return None
        text = self.value("due")
        if self.decision is Decision.NEW:
            default = dates.default_deadline(self.tb.today, mode=self.tb.settings.deadline_days)
            return self.date_hint(
                text,
                self.hint("due-hint"),
                empty=_("→ {date} (one month from today)").format(date=fmt.day(default)),
            )
        if self.decision is Decision.RETURNED and not text.strip():
            self.hint("due-hint").clear()
            return None
        found = self.date_hint(text, self.hint("due-hint"))
        if found is not None and self.row is not None and self.row.due is not None:
            try:
                services.check_extension(self.row.due, found)
            except InvalidInput as refused:
                self.hint("due-hint").fail(f"→ {fmt.day(found)}: {refused.message}")
        return found

    def _check(self) -> None:
        required = _titles()[self.decision][2]
        if required and not self.value("answer").strip():
            self.hint("answer-hint").fail(_("Required."))
        else:
            self.hint("answer-hint").clear()
        self._due()
        if self.decision is Decision.NEW:
            owner = self.hint("owner-hint")
            if not self.value("owner").strip():
                owner.fail(_("An owner is required."))
            elif owner.failed and owner.message == _("An owner is required."):
                # Typed, its lookup still running: the save resolves the name itself.
                owner.clear()

    @on(TextArea.Changed, "#answer")
    @on(Input.Changed, "#due")
    def _changed(self) -> None:
        self._check()

    @on(Input.Changed, "#owner")
    def _owner_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.person_hint(event.value, "owner-hint")
        else:
            self.hint("owner-hint").fail(_("An owner is required."))

    def save(self) -> None:
        """Refuse while a field is invalid; otherwise record the decision in a worker."""
        self._check()
        if self.refuse_invalid():
            return
        answer = self.value("answer").strip()
        due_text = self.value("due") if self._dated else ""
        owner_text = self.value("owner") if self.decision is Decision.NEW else ""
        app = self.tb
        row = self.row
        decision = self.decision
        protocol_no = self.protocol_no
        actor = app.settings.actor_name()
        limit = app.settings.control.extension_limit
        warnings: list[str] = []

        def job() -> Decision:
            due = (
                dates.parse_date(due_text, today=app.today, mode=app.settings.deadline_days)
                if due_text.strip()
                else None
            )
            with app.database.write() as session:
                meeting = control_hour.open_review(
                    session, held=app.today, actor=actor, protocol_no=protocol_no
                )
                assert meeting.id is not None
                if decision is Decision.NEW:
                    owner = resolve_person(session, owner_text)
                    assert owner.id is not None
                    control_hour.add_new(
                        session,
                        meeting_id=meeting.id,
                        text=answer,
                        owner_id=owner.id,
                        actor=actor,
                        due=due,
                        deadline_mode=app.settings.deadline_days,
                    )
                else:
                    assert row is not None
                    if row.version != services.get_assignment(session, row.id).version:
                        from taskboard.errors import StaleVersion

                        raise StaleVersion(
                            _("{assignment} was changed meanwhile; look again.").format(
                                assignment=fmt.label(row)
                            )
                        )
                    control_hour.decide(
                        session,
                        meeting_id=meeting.id,
                        assignment_id=row.id,
                        decision=decision,
                        actor=actor,
                        text=answer or None,
                        due=due,
                    )
                    if due is not None:  # extended, or returned with a new date
                        warning = requests.limit_warning(session, row.id, limit)
                        if warning:
                            warnings.append(warning)
            return decision

        def notice(_decision: Decision) -> str:
            if row is None:
                return _("The new assignment of the review is recorded.")
            said = _("{assignment}: decision recorded — {decision}.").format(
                assignment=fmt.label(row), decision=_decision_word(decision)
            )
            return " ".join([said, *warnings])

        self.write(job, notice=notice)


def _decision_word(decision: Decision) -> str:
    from taskboard.presentation import decision_label

    return decision_label(decision.value)


__all__ = ["DecisionForm"]
