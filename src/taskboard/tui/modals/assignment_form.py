"""New / edit assignment form: validates as you type, dates and people resolved live.

When the owner or a co-executor names nobody in the directory, the form offers to create that
person in place (a button under the field, or Ctrl+N): the person form opens with the name
typed, and once the person is saved the field names them and resolves.

Editing, a deadline that differs from the stored one is a deadline correction: a reason
field appears under it (out of the layout otherwise) and the domain refuses the save while
it is empty, the refusal shown like any other; its hint points to the extend key, the normal
way to move a deadline. A new assignment needs no reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Select, TextArea

from taskboard.domain import dates, intake
from taskboard.domain.control import NO_LEVEL
from taskboard.domain.intake import split_names
from taskboard.domain.queries import AssignmentRow, MeetingSummary
from taskboard.presentation import assignment_label, control_level_label
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.person_form import PersonForm, SavedPerson
from taskboard.tui.modals.title import FormTitle


def priorities() -> list[tuple[str, str]]:
    """Priority choices in the current language."""
    return [(_("normal"), "normal"), (_("high"), "high"), (_("low"), "low")]


STANDING_WORD = "постоянно"
"""What the deadline field shows for a standing assignment (the parser reads it back)."""


def _due_text(row: AssignmentRow) -> str:
    return fmt.day(row.due) if row.due is not None else STANDING_WORD


class AssignmentForm(FormModal[int | None]):
    """Create an assignment, or edit ``row``; dismissed with the assignment's id once saved."""

    DEFAULT_CSS = """
    AssignmentForm .create-person {
        display: none;
        margin: 0 1;
    }
    AssignmentForm .create-person.-offered {
        display: block;
    }
    AssignmentForm .correction {
        display: none;
    }
    AssignmentForm.-correcting .correction {
        display: block;
    }
    """

    def __init__(
        self,
        *,
        meetings: list[MeetingSummary],
        meeting_id: int | None = None,
        row: AssignmentRow | None = None,
    ) -> None:
        super().__init__()
        self.meetings = meetings
        self.meeting_dates = {m.id: m.date for m in meetings}
        self.row = row
        self.initial_meeting = row.meeting_id if row is not None else meeting_id
        self.missing: dict[str, str | None] = {"owner": None, "co": None}
        """The name in each name field that names nobody in the directory (None: none)."""
        install(
            self,
            [
                Binding(
                    "ctrl+n",
                    "create_person",
                    _("Create person"),
                    tooltip=_("Create the person a name field names who is not in the directory"),
                    id="create-person",
                )
            ],
        )

    def compose(self) -> ComposeResult:
        row = self.row
        title = (
            _("Edit assignment {id}").format(id=row.id) if row is not None else _("New assignment")
        )
        database = self.tb.database
        with VerticalScroll(classes="form"):
            yield FormTitle(title)
            yield Label(_("Meeting"))
            yield Select(
                [(Text(fmt.line(m.title, 70)), m.id) for m in self.meetings],
                prompt=_("— no meeting —"),
                value=self.initial_meeting if self.initial_meeting is not None else Select.NULL,
                id="meeting",
            )
            yield Label(_("Number (protocol item; empty: next free)"))
            yield Input(row.number or "" if row else "", id="number")
            yield Label(_("Text (Enter: a new line; Ctrl+S saves)"))
            yield TextArea(row.text if row else "", id="text", soft_wrap=True)
            yield Hint(id="text-hint")
            yield Label(_("Owner (name, surname or id; → accepts the completion)"))
            yield Input(row.owner if row else "", id="owner", suggester=PersonSuggester(database))
            yield Hint(id="owner-hint")
            yield Button("", id="create-owner", classes="create-person", compact=True)
            yield Label(_("Co-executors (separated by commas)"))
            yield Input(
                ", ".join(row.co_executors) if row else "",
                id="co",
                suggester=PersonSuggester(database, several=True),
            )
            yield Hint(id="co-hint")
            yield Button("", id="create-co", classes="create-person", compact=True)
            yield Label(_("Deadline (e.g. 01.06.2027, в июне, +2w, срочно)"))
            yield Input(_due_text(row) if row else "", id="due")
            yield Hint(id="due-hint")
            if row is not None:
                yield Label(_("Reason for the deadline change"), classes="correction")
                yield Input(id="reason", classes="correction")
                yield Hint(id="reason-hint").add_class("correction")
            yield Label(_("Tags (separated by commas)"))
            yield Input(", ".join(row.tags) if row else "", id="tags")
            yield Label(_("Priority"))
            yield Select(
                priorities(),
                value=row.priority if row else "normal",
                allow_blank=False,
                id="priority",
            )
            control = self.tb.settings.control
            current = row.control_level if row is not None else None
            yield Label(_("Control level"))
            yield Select(
                [
                    (Text(control_level_label(key, control.levels)), key)
                    for key in control.level_keys
                ],
                prompt=_("— no control level —"),
                value=current if current in control.level_keys else Select.NULL,
                id="level",
            )
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()
        self._check_text()
        self._show_correction(self._check_due())
        if self.row is not None:
            self.person_hint(self.value("owner"), "owner-hint")
        else:
            self.hint("owner-hint").fail(_("An owner is required."))

    # --- live validation -------------------------------------------------------------------

    def _meeting(self) -> int | None:
        value = self.query_one("#meeting", Select).value
        return value if isinstance(value, int) else None

    def _base(self) -> date:
        if self.row is not None:
            return self.tb.today  # a correction made today: rule words count from today
        meeting = self._meeting()
        return self.meeting_dates.get(meeting, self.tb.today) if meeting else self.tb.today

    def _check_text(self) -> None:
        self.text_hint()

    def _check_due(self) -> date | None:
        return self.deadline_hint(self._base(), standing=True)

    @on(TextArea.Changed, "#text")
    def _text_changed(self) -> None:
        self._check_text()

    def _show_correction(self, found: date | None) -> None:
        """Offer the reason field while the deadline typed differs from the stored one."""
        row = self.row
        if row is None:
            return
        text = self.value("due").strip()
        if text == _due_text(row) or not text or self.hint("due-hint").failed:
            moves = False
        elif dates.is_standing(text):
            moves = row.due is not None
        else:
            moves = found != row.due
        self.set_class(moves, "-correcting")
        if moves:
            self.hint("reason-hint").ok(
                _(
                    "Required: the change is recorded as a deadline correction and counted in "
                    "reports. To move a deadline later, extend it instead: x on the main screen."
                )
            )

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._show_correction(self._check_due())

    @on(Select.Changed, "#meeting")
    def _meeting_changed(self) -> None:
        self._show_correction(self._check_due())

    @on(Input.Changed, "#owner")
    def _owner_changed(self, event: Input.Changed) -> None:
        self.person_hint(event.value, "owner-hint")

    @on(Input.Changed, "#co")
    def _co_changed(self, event: Input.Changed) -> None:
        self.person_hint(event.value, "co-hint", several=True)

    # --- creating a person in place -------------------------------------------------------

    @on(FormModal.NameMissing)
    def _name_missing(self, event: FormModal.NameMissing) -> None:
        if event.input_id not in self.missing or self.value(event.input_id) != event.typed:
            return  # another field, or typed on meanwhile: a newer lookup follows
        self.missing[event.input_id] = event.name
        offer = self.query_one(f"#create-{event.input_id}", Button)
        if event.name:
            offer.label = Text(
                _("+ Create «{name}» in the directory (Ctrl+N)").format(
                    name=fmt.line(event.name, 60)
                )
            )
        offer.set_class(bool(event.name), "-offered")

    @on(Button.Pressed, ".create-person")
    def _create_pressed(self, event: Button.Pressed) -> None:
        self.create_person((event.button.id or "").removeprefix("create-"))

    def action_create_person(self) -> None:
        """Create the person the focused name field (else the owner, else a co-executor)
        names, if the directory does not know them."""
        focused = self.focused.id if self.focused is not None else None
        order = [f for f in (focused, "owner", "co") if f is not None]
        field = next((f for f in order if self.missing.get(f)), None)
        if field is None:
            self.notify(_("Every name typed is in the directory already."), timeout=3)
            return
        self.create_person(field)

    def create_person(self, field: str) -> None:
        """Open the person form on the name ``field`` names; once saved, the field names them."""
        name = self.missing.get(field)
        if not name:
            return

        def saved(person: SavedPerson | None) -> None:
            if person is None:
                return
            widget = self.query_one(f"#{field}", Input)
            if field == "co":
                names = split_names(widget.value)
                widget.value = ", ".join(
                    person.reference if n.strip() == name else n for n in names
                )
            else:
                widget.value = person.reference
            widget.cursor_position = len(widget.value)
            widget.focus()
            # The name may read as it did (no change to the field): look it up again anyway.
            self.person_hint(widget.value, f"{field}-hint", several=field == "co")

        self.app.push_screen(PersonForm(full_name=name), saved)

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Refuse while a field is invalid; otherwise write in a worker."""
        self._check_text()
        self._check_due()
        if self.refuse_invalid():
            return
        row = self.row
        due_text = self.value("due")
        unchanged_due = row is not None and due_text.strip() == _due_text(row)
        # Whether a reason is needed is the domain's rule: intake refuses a new deadline
        # without one, and the refusal shows in the form like any other.
        reason = self.value("reason").strip() if row is not None else ""
        text = self.value("text").strip()
        if row is not None and text == row.text.strip():
            text = row.text  # as stored: blanks around it are no change
        fields: dict[str, Any] = {
            "text": text,
            "owner": self.value("owner"),
            "co_executors": split_names(self.value("co")),
            "tags": split_names(self.value("tags")),
            "number": self.value("number").strip() or None,
            "meeting_id": self._meeting(),
            "priority": str(self.query_one("#priority", Select).value),
        }
        level = self.query_one("#level", Select).value
        # A level the config no longer lists stays as stored unless one is chosen.
        if isinstance(level, str):
            fields["control_level"] = level
        elif row is None:
            fields["control_level"] = None
        elif row.control_level in self.tb.settings.control.level_keys:
            fields["control_level"] = NO_LEVEL
        app = self.tb
        actor = app.settings.actor_name()
        mode = app.settings.deadline_days
        control = app.settings.control
        today = app.today
        held = self.meeting_dates
        saved: list[str] = []  # the label, as numbered once written (the notice says it)

        def job() -> int:
            with app.database.write() as session:
                if row is None:
                    data = intake.AssignmentInput(**fields, due=due_text or None)
                    assignment = intake.add_assignment(
                        session,
                        data,
                        actor=actor,
                        today=today,
                        deadline_mode=mode,
                        control=control,
                    )
                else:
                    changes = intake.AssignmentChanges(**fields)
                    if not unchanged_due:
                        changes.due = due_text
                        if reason:
                            changes.reason = reason
                    assignment = intake.edit_assignment(
                        session,
                        row.id,
                        changes,
                        actor=actor,
                        today=today,
                        deadline_mode=mode,
                        expected_version=row.version,
                        control=control,
                    )
                assert assignment.id is not None
                meeting = assignment.meeting_id
                saved.append(
                    assignment_label(
                        assignment.number, assignment.id, held.get(meeting) if meeting else None
                    )
                )
                return assignment.id

        self.write(job, notice=lambda _id: _("{assignment} saved.").format(assignment=saved[-1]))


__all__ = ["AssignmentForm"]
