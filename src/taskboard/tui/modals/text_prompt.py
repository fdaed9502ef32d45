"""A one-field confirmation: done (optional note), cancel (mandatory reason), add a note."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormModal, Hint


class TextPrompt(FormModal[bool | None]):
    """Ask for one text and run ``action(text)`` (a database write) with it.

    Dismissed with True once the write succeeded; None when closed.
    """

    def __init__(
        self,
        *,
        title: str,
        subject: str,
        label: str,
        action: Callable[[str], object],
        required: bool,
        confirm: str,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.subject = subject
        self.label = label
        self.action = action
        self.required = required
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="form prompt"):
            yield Label(Text(self.title_text), classes="form-title")
            yield Label(Text(self.subject), classes="subject")
            yield Label(Text(self.label))
            yield Input(id="answer")
            yield Hint(id="answer-hint")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(Text(self.confirm), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()
        self._check()

    def _check(self) -> None:
        if self.required and not self.value("answer").strip():
            self.hint("answer-hint").fail(_("Required."))
        else:
            self.hint("answer-hint").clear()

    @on(Input.Changed, "#answer")
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#save")
    def _confirmed(self) -> None:
        self.save()

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        """Refuse an empty mandatory text; otherwise write in a worker."""
        self._check()
        if self.hint("answer-hint").failed:
            self.refuse(_("Not saved: {problem}").format(problem=self.label), "answer")
            return
        answer = self.value("answer")
        action = self.action

        def job() -> bool:
            action(answer)
            return True

        self.write(job)


__all__ = ["TextPrompt"]
