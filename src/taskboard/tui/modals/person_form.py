"""Add a person to the directory, or change one: name, position, organisation, e-mail,
supervisor (with completion), the language of their reminders.

A full name already listed is refused while the form names who has it (position and
organisation), until «add a namesake» is ticked: a second person of the same name is a
deliberate act, never a slip that leaves every «Волосков» ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Select

from taskboard.domain import intake
from taskboard.domain.models import Person
from taskboard.domain.people import namesakes
from taskboard.domain.queries import PersonSummary
from taskboard.domain.text import is_email_address
from taskboard.errors import InvalidInput
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle

CONFIGURED = ""
"""The language choice «as configured» (the person's own language left unset)."""


def languages() -> list[tuple[str, str]]:
    """Reminder language choices in the current language."""
    return [(_("as configured"), CONFIGURED), ("русский", "ru"), ("English", "en")]


@dataclass(frozen=True)
class SavedPerson:
    """A person the form added or changed."""

    id: int
    full_name: str
    namesake: bool = False
    """Someone else has the same full name: a field naming them needs the id."""

    @property
    def reference(self) -> str:
        """What a name field should hold to mean exactly this person."""
        return str(self.id) if self.namesake else self.full_name


def describe(full_name: str, id: int | None, *details: str | None) -> str:
    """«Волосков Сергей Александрович (id 3, генеральный директор, АО «ОМЗ»)»."""
    shown = [_("id {id}").format(id=id), *(fmt.line(x) for x in details if x)]
    return f"{fmt.line(full_name)} ({', '.join(shown)})"


def refusal(people: list[str]) -> str:
    """Why a full name already listed is refused, naming who has it."""
    return _(
        "{people} is already in the directory; tick «add a namesake» if this is another "
        "person of the same name."
    ).format(people="; ".join(people))


def namesake_refusal(same: list[Person]) -> str:
    """:func:`refusal` for the people found."""
    return refusal([describe(p.full_name, p.id, p.position, p.organisation) for p in same])


class PersonForm(FormModal[SavedPerson | None]):
    """Add a person (``full_name`` typed in already), or edit ``person``; dismissed with the
    person once saved."""

    @dataclass
    class NamesakesFound(Message, bubble=False):
        """The people already listed under the name typed (looked up in a worker)."""

        typed: str
        """The name the lookup was for."""
        found: list[str]
        """Each of them described: name, id, position, organisation."""

    def __init__(self, *, person: PersonSummary | None = None, full_name: str = "") -> None:
        super().__init__()
        self.person = person
        """The person edited (None: a new one)."""
        self.full_name = person.full_name if person is not None else full_name
        """The name the form opens with."""
        self.namesakes: list[str] = []
        """People already listed under :attr:`namesakes_of`, described."""
        self.namesakes_of = ""
        """The name :attr:`namesakes` were looked up for."""

    def compose(self) -> ComposeResult:
        person = self.person
        if person is None:
            title = _("New person")
        else:
            title = _("Edit {name}").format(name=fmt.line(person.full_name))
        with VerticalScroll(classes="form"):
            yield FormTitle(title)
            if person is None:
                yield Label(_("Full name (e.g. Волосков Сергей Александрович)"))
                yield Input(self.full_name, id="full-name")
                yield Hint(id="full-name-hint")
                namesake = Checkbox(
                    _("Add a namesake: another person of the same name"), False, id="namesake"
                )
                namesake.display = False  # offered only once someone has the name typed
                yield namesake
            yield Label(_("Position"))
            yield Input(person.position or "" if person else "", id="position")
            yield Label(_("Organisation"))
            yield Input(person.organisation or "" if person else "", id="organisation")
            yield Label(_("E-mail (for reminders)"))
            yield Input(person.email or "" if person else "", id="email")
            yield Hint(id="email-hint")
            yield Label(_("Supervisor, for escalations (name, surname or id; may be empty)"))
            yield Input(
                person.supervisor or "" if person else "",
                id="supervisor",
                suggester=PersonSuggester(self.tb.database),
            )
            yield Hint(id="supervisor-hint")
            yield Label(_("Language of their reminders"))
            yield Select(
                languages(),
                value=(person.language or CONFIGURED) if person else CONFIGURED,
                allow_blank=False,
                id="language",
            )
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        if self.person is None:
            self.query_one("#full-name" if not self.full_name else "#position", Input).focus()
            self._check_name()
        else:
            self.query_one("#position", Input).focus()
            if self.person.supervisor:
                self.person_hint(self.person.supervisor, "supervisor-hint")

    # --- live validation -------------------------------------------------------------------

    def _check_name(self) -> None:
        typed = self.value("full-name")
        if not typed.strip():
            self._show_name_hint()
            return
        self.run_worker(
            partial(self._find_namesakes, typed),
            thread=True,
            exclusive=True,
            group="namesakes",
        )

    def _find_namesakes(self, typed: str) -> None:
        with self.tb.database.read() as session:
            found = [
                describe(p.full_name, p.id, p.position, p.organisation)
                for p in namesakes(session, typed)
            ]
        self.post_message(self.NamesakesFound(typed, found))

    @on(NamesakesFound)
    def _namesakes_found(self, event: PersonForm.NamesakesFound) -> None:
        if event.typed != self.value("full-name"):
            return  # typed on meanwhile: a newer lookup follows
        self.namesakes, self.namesakes_of = event.found, event.typed
        self._show_name_hint()

    def _show_name_hint(self) -> None:
        hint = self.hint("full-name-hint")
        typed = self.value("full-name")
        self.query_one("#namesake", Checkbox).display = bool(
            typed.strip() and self.namesakes and self.namesakes_of == typed
        )
        if not typed.strip():
            hint.fail(_("The full name is required."))
        elif not self.namesakes or self.namesakes_of != typed:
            hint.clear()  # nobody of that name, or not looked up yet (the save checks again)
        elif self.query_one("#namesake", Checkbox).value:
            hint.ok(
                _("→ a namesake of {people}: another person of the same name").format(
                    people="; ".join(self.namesakes)
                )
            )
        else:
            hint.fail(refusal(self.namesakes))

    def _check_email(self) -> None:
        typed = self.value("email").strip()
        if typed and not is_email_address(typed):
            self.hint("email-hint").fail(_("Not an e-mail address (e.g. name@example.org)."))
        else:
            self.hint("email-hint").clear()

    @on(Input.Changed, "#full-name")
    def _name_changed(self) -> None:
        self._check_name()

    @on(Checkbox.Changed, "#namesake")
    def _namesake_ticked(self) -> None:
        self._show_name_hint()

    @on(Input.Changed, "#email")
    def _email_changed(self) -> None:
        self._check_email()

    @on(Input.Changed, "#supervisor")
    def _supervisor_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.person_hint(event.value, "supervisor-hint")
        else:
            self.hint("supervisor-hint").clear()

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Refuse while a field is invalid (a namesake unconfirmed); otherwise write."""
        self._check_email()
        if self.person is None:
            self._show_name_hint()
        if self.refuse_invalid():
            return
        language = str(self.query_one("#language", Select).value)
        typed = {
            "position": self.value("position").strip(),
            "organisation": self.value("organisation").strip(),
            "email": self.value("email").strip(),
            "supervisor": self.value("supervisor").strip(),
            "language": language,
        }
        app = self.tb
        actor = app.settings.actor_name()
        person = self.person

        if person is None:
            data = intake.PersonInput(
                full_name=self.value("full-name").strip(),
                namesake=self.query_one("#namesake", Checkbox).value,
                **typed,
            )

            def add() -> SavedPerson:
                with app.database.write() as session:
                    same = namesakes(session, data.full_name)
                    if same and not data.namesake:
                        # Typed and saved before the live check answered: refused in the
                        # form's words (the services refuse it too, in the command line's).
                        raise InvalidInput(namesake_refusal(same))
                    created = intake.add_person(session, data, actor=actor, today=app.today)
                    assert created.id is not None
                    others = namesakes(session, created.full_name, exclude_id=created.id)
                    return SavedPerson(created.id, created.full_name, bool(others))

            self.write(
                add,
                notice=lambda saved: _("{name} added to the directory.").format(
                    name=fmt.line(saved.full_name)
                ),
            )
            return
        before = {
            "position": person.position or "",
            "organisation": person.organisation or "",
            "email": person.email or "",
            "supervisor": person.supervisor or "",
            "language": person.language or CONFIGURED,
        }
        changes = intake.PersonChanges(**{k: v for k, v in typed.items() if v != before[k]})

        def edit() -> SavedPerson:
            with app.database.write() as session:
                if changes.model_dump(exclude_unset=True):
                    intake.edit_person(session, person.id, changes, actor=actor, today=app.today)
                others = namesakes(session, person.full_name, exclude_id=person.id)
                return SavedPerson(person.id, person.full_name, bool(others))

        self.write(
            edit,
            notice=lambda saved: _("{name} saved.").format(name=fmt.line(saved.full_name)),
        )


__all__ = ["PersonForm", "SavedPerson", "describe", "languages", "namesake_refusal", "refusal"]
