"""New or edit meeting form: title, date (parsed live), kind, place, chair, protocol number."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Select

from taskboard.domain import intake
from taskboard.domain.queries import MeetingSummary
from taskboard.presentation import meeting_kinds
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle


def kinds() -> list[tuple[str, str]]:
    """Meeting kinds in the current language (worded once, in the presentation layer)."""
    return meeting_kinds()


def meeting_saved(title: str, held: date) -> str:
    """What staff are told once a meeting is saved: its title and date, as the list shows it."""
    return _("Meeting «{title}» of {date} saved.").format(
        title=fmt.line(title, 60), date=fmt.day(held)
    )


class MeetingForm(FormModal[int | None]):
    """Record a meeting, or correct ``meeting``; dismissed with its id once saved.

    A corrected date moves no deadline: those were given (and maybe told) from the old one.
    """

    def __init__(self, meeting: MeetingSummary | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        """The meeting edited (None: a new one)."""
        self.before: dict[str, str] = (
            {
                "title": meeting.title,
                "date": fmt.day(meeting.date),
                "kind": meeting.kind,
                "place": meeting.place or "",
                "chair": meeting.chair or "",
                "protocol": meeting.protocol_no or "",
            }
            if meeting is not None
            else {
                "title": "",
                "date": _("today"),
                "kind": "operational",
                "place": "",
                "chair": "",
                "protocol": "",
            }
        )
        """What the fields open with."""

    def compose(self) -> ComposeResult:
        before = self.before
        if self.meeting is None:
            title = _("New meeting")
        else:
            title = _("Edit the meeting «{title}»").format(title=fmt.line(self.meeting.title))
        with VerticalScroll(classes="form"):
            yield FormTitle(title)
            yield Label(_("Title"))
            yield Input(before["title"], id="title")
            yield Hint(id="title-hint")
            yield Label(_("Date (e.g. today, 19.10.2026, 19 октября)"))
            yield Input(before["date"], id="date")
            yield Hint(id="date-hint")
            yield Label(_("Kind"))
            yield Select(kinds(), value=before["kind"], allow_blank=False, id="kind")
            yield Label(_("Place"))
            yield Input(before["place"], id="place")
            yield Label(_("Chair (name, surname or id; may be empty)"))
            yield Input(before["chair"], id="chair", suggester=PersonSuggester(self.tb.database))
            yield Hint(id="chair-hint")
            yield Label(_("Protocol number"))
            yield Input(before["protocol"], id="protocol")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._check_title()
        self._check_date()
        if self.before["chair"]:
            self.person_hint(self.before["chair"], "chair-hint")

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

    def _typed(self) -> dict[str, str]:
        return {
            "title": self.value("title").strip(),
            "date": self.value("date"),
            "kind": str(self.query_one("#kind", Select).value),
            "place": self.value("place").strip(),
            "chair": self.value("chair").strip(),
            "protocol": self.value("protocol").strip(),
        }

    def save(self) -> None:
        """Refuse while invalid; otherwise write in a worker (an edit: the fields changed)."""
        self._check_title()
        self._check_date()
        if self.refuse_invalid():
            return
        typed = self._typed()
        app = self.tb
        actor = app.settings.actor_name()
        meeting = self.meeting
        saved: list[str] = []  # what the notice says, from the meeting as written

        if meeting is None:
            data = intake.MeetingInput(
                title=typed["title"],
                date=typed["date"],
                kind=typed["kind"],
                place=typed["place"] or None,
                chair=typed["chair"] or None,
                protocol_no=typed["protocol"] or None,
            )

            def add() -> int:
                with app.database.write() as session:
                    created = intake.add_meeting(session, data, actor=actor, today=app.today)
                    assert created.id is not None
                    saved.append(meeting_saved(created.title, created.date))
                    return created.id

            self.write(add, notice=lambda _id: saved[-1])
            return
        names = {"protocol": "protocol_no"}
        changes = intake.MeetingChanges(
            **{names.get(k, k): v for k, v in typed.items() if v.strip() != self.before[k].strip()}
        )

        def edit() -> int:
            with app.database.write() as session:
                if changes.model_dump(exclude_unset=True):
                    edited = intake.edit_meeting(
                        session, meeting.id, changes, actor=actor, today=app.today
                    )
                    saved.append(meeting_saved(edited.title, edited.date))
                else:
                    saved.append(meeting_saved(meeting.title, meeting.date))
            return meeting.id

        self.write(edit, notice=lambda _id: saved[-1])


__all__ = ["MeetingForm", "kinds", "meeting_saved"]
