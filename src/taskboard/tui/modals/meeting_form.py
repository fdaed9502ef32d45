"""New meeting form: title, date (parsed live), kind, place, chair, protocol number."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select

from taskboard.domain import intake
from taskboard.presentation import meeting_kinds
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle


def kinds() -> list[tuple[str, str]]:
    """Meeting kinds in the current language (worded once, in the presentation layer)."""
    return meeting_kinds()


class MeetingForm(FormModal[int | None]):
    """Record a meeting; dismissed with its id once saved."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield FormTitle(_("New meeting"))
            yield Label(_("Title"))
            yield Input(id="title")
            yield Hint(id="title-hint")
            yield Label(_("Date (e.g. today, 19.10.2026, 19 октября)"))
            yield Input(_("today"), id="date")
            yield Hint(id="date-hint")
            yield Label(_("Kind"))
            yield Select(kinds(), value="operational", allow_blank=False, id="kind")
            yield Label(_("Place"))
            yield Input(id="place")
            yield Label(_("Chair (name, surname or id; may be empty)"))
            yield Input(id="chair", suggester=PersonSuggester(self.tb.database))
            yield Hint(id="chair-hint")
            yield Label(_("Protocol number"))
            yield Input(id="protocol")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._check_title()
        self._check_date()

    def _check_title(self) -> None:
        if self.value("title").strip():
            self.hint("title-hint").clear()
        else:
            self.hint("title-hint").fail(_("The title must not be empty."))

    def _check_date(self) -> None:
        self.date_hint(self.value("date"), self.hint("date-hint"), shift=False, past=True)

    @on(Input.Changed, "#title")
    def _title_changed(self) -> None:
        self._check_title()

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self._check_date()

    @on(Input.Changed, "#chair")
    def _chair_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.person_hint(event.value, "chair-hint")
        else:
            self.hint("chair-hint").clear()

    def save(self) -> None:
        """Refuse while invalid; otherwise write in a worker."""
        self._check_title()
        self._check_date()
        if self.refuse_invalid():
            return
        data = intake.MeetingInput(
            title=self.value("title").strip(),
            date=self.value("date"),
            kind=str(self.query_one("#kind", Select).value),
            place=self.value("place").strip() or None,
            chair=self.value("chair").strip() or None,
            protocol_no=self.value("protocol").strip() or None,
        )
        app = self.tb
        actor = app.settings.actor_name()

        def job() -> int:
            with app.database.write() as session:
                meeting = intake.add_meeting(session, data, actor=actor, today=app.today)
                assert meeting.id is not None
                return meeting.id

        self.write(job, notice=lambda meeting_id: _("Meeting {id} saved.").format(id=meeting_id))


__all__ = ["MeetingForm"]
