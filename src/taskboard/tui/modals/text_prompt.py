"""A one-field prompt on the selected assignment: done (optional note), cancel (mandatory
reason), add a note; what each asks and calls is in :mod:`taskboard.tui.prompts`.

The answer is multi-line: Enter starts a new line, Ctrl+S saves."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Label, TextArea

from taskboard.domain.queries import AssignmentRow
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint
from taskboard.tui.modals.title import FormTitle, Subject
from taskboard.tui.prompts import PromptSpec


class TextPrompt(FormModal[bool | None]):
    """Ask ``spec``'s question about ``row`` and save the answer with ``spec``'s service call.

    Dismissed with True once the write succeeded; None when closed.
    """

    def __init__(self, spec: PromptSpec, row: AssignmentRow) -> None:
        super().__init__()
        self.spec = spec
        """What the prompt asks and does."""
        self.row = row
        """The assignment it is about."""
        self.subject = fmt.subject(row)
        """The assignment as the prompt names it."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form prompt"):
            yield FormTitle(self.spec.title)
            yield Subject(self.subject)
            yield Label(Text(f"{self.spec.label}  " + _("(Enter: a new line; Ctrl+S saves)")))
            yield TextArea(id="answer", soft_wrap=True)
            yield Hint(id="answer-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(Text(self.spec.confirm), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", TextArea).focus()
        self._check()

    def _check(self) -> None:
        if self.spec.required and not self.value("answer").strip():
            self.hint("answer-hint").fail(_("Required."))
        else:
            self.hint("answer-hint").clear()

    @on(TextArea.Changed, "#answer")
    def _changed(self) -> None:
        self._check()

    def save(self) -> None:
        """Refuse an empty mandatory text; otherwise write in a worker."""
        self._check()
        if self.hint("answer-hint").failed:
            self.refuse(_("Not saved: {problem}").format(problem=self.spec.label), "answer")
            return
        answer = self.value("answer").strip()
        app = self.tb
        row = self.row
        call = self.spec.call

        notice = self.spec.notice.format(assignment=fmt.label(row))
        warnings: list[str] = []

        def job() -> bool:
            with app.database.write() as session:
                said = call(session, row, app.settings.actor_name(), answer)
            if self.spec.warns and isinstance(said, str):
                warnings.append(said)
            return True

        self.write(job, notice=lambda _saved: " ".join([notice, *warnings]))


__all__ = ["TextPrompt"]
