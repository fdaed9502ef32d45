"""Quick add: one line of plain Russian («Сандалову до 1 июня подготовить …») → an assignment.

The line is read as you type by :mod:`taskboard.importers.quick` (the same reading as
``taskboard add --quick``), in a worker: the owner as the directory names them, the deadline
the one date parser makes of the phrase, the tags and the text are shown under the field, or
why the line cannot be recorded. Nothing is saved before Enter (or Ctrl+S); the save reads
the line again in its own transaction, through the write path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label

from taskboard.domain.queries import MeetingSummary
from taskboard.errors import TaskboardError
from taskboard.importers import quick
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint

FIELDS = ("owner", "co_executors", "due", "tags", "text")
"""What the modal shows it understood, one line each, in this order."""


class QuickAddForm(FormModal[int | None]):
    """Add an assignment from one line; dismissed with its id once saved.

    ``meeting``: the meeting the main screen shows; the new assignment belongs to it (its
    next item number, rule words counted from its date), as with the new assignment form.
    """

    @dataclass
    class Read(Message, bubble=False):
        """A worker read the line: what it understood, or why it cannot be recorded."""

        line: str
        """The line it read (a line typed on meanwhile is read again)."""
        items: list[quick.Understood]
        """Owner, co-executors, deadline, tags and text, or the problems in their place."""
        ready: bool
        """Whether the line can be recorded as it stands."""

    DEFAULT_CSS = """
    QuickAddForm .hint {
        display: none;
    }
    QuickAddForm .hint.shown {
        display: block;
    }
    """

    def __init__(self, *, meeting: MeetingSummary | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        """The meeting the new assignment belongs to, if any."""
        self.ready = False
        """Whether the line as last read can be recorded."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="quick-add"):
            yield Label(Text(_("Quick add")), classes="form-title")
            if self.meeting is not None:
                yield Label(
                    Text(_("Meeting: {title}").format(title=fmt.line(self.meeting.title, 60))),
                    classes="subject",
                )
            yield Label(_("Whom, by when and what, in one line; #tags too"))
            yield Input(id="line", placeholder=quick.EXAMPLE)
            for name in FIELDS:
                yield Hint(id=f"{name}-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Add (Enter)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    def _given(self) -> dict[str, object]:
        return {} if self.meeting is None else {"meeting_id": self.meeting.id}

    @on(Input.Changed, "#line")
    def _line_changed(self, event: Input.Changed) -> None:
        self.ready = False
        if not event.value.strip():
            for name in FIELDS:
                self._show(name, None)
            return
        self.run_worker(
            partial(self._understand, event.value),
            thread=True,
            exclusive=True,
            group="quick-read",
        )

    def _understand(self, line: str) -> None:
        app = self.tb
        mode = app.settings.deadline_days
        ready = False
        try:
            with app.database.read() as session:
                plan = quick.prepare(
                    session,
                    line,
                    actor=app.settings.actor_name(),
                    today=app.today,
                    mode=mode,
                    given=self._given(),
                )
            items = quick.understood(plan, mode=mode)
            ready = True
        except quick.QuickProblems as exc:
            items = quick.understood_so_far(exc.line, exc.problems, today=app.today, mode=mode)
        except TaskboardError as exc:  # the database could not be read
            items = [quick.Understood("text", "", exc.message, ok=False)]
        self.post_message(self.Read(line, items, ready))

    @on(Read)
    def _read(self, event: QuickAddForm.Read) -> None:
        if event.line != self.value("line"):
            return  # typed on meanwhile: the newer reading follows
        self.ready = event.ready
        found = {item.field: item for item in event.items}
        for name in FIELDS:
            self._show(name, found.get(name))

    def _show(self, name: str, item: quick.Understood | None) -> None:
        """One line of what was understood (hidden when the line says nothing of it)."""
        hint = self.hint(f"{name}-hint")
        hint.set_class(item is not None, "shown")
        if item is None:
            hint.clear()
            return
        shown = f"{item.label}: {item.value}" if item.label else item.value
        if item.ok:
            hint.ok(shown)
        else:
            hint.fail(shown)

    def save(self) -> None:
        """Read the line again and record it, in a worker; refused while it cannot be."""
        line = self.value("line")
        app = self.tb
        actor = app.settings.actor_name()
        mode = app.settings.deadline_days
        today = app.today
        given = self._given()
        said: list[str] = []

        def job() -> int:
            with app.database.write() as session:
                plan = quick.prepare(
                    session, line, actor=actor, today=today, mode=mode, given=given
                )
                created = quick.save(session, plan, actor=actor)
                assert created.id is not None
            due = fmt.day(created.due) if created.due is not None else _("standing")
            said.append(
                _("Assignment {id} added: {owner}, deadline {due}.").format(
                    id=created.id, owner=plan.new.owner_name, due=due
                )
            )
            return created.id

        self.write(job, notice=lambda _new_id: said[-1])


__all__ = ["QuickAddForm"]
