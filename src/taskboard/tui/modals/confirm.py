"""A yes/no question as a typed modal: dismissed with True (yes) or False (no, Esc)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.modals.title import FormTitle


class ConfirmModal(ModalScreen[bool]):
    """Ask ``question``; the safe answer (``no``) has the focus, so Enter or Esc keeps things
    as they are and only an explicit «yes» goes ahead."""

    DEFAULT_CSS = """
    ConfirmModal {
        align: center middle;
    }
    ConfirmModal > #confirm {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    ConfirmModal #confirm-question {
        height: auto;
        margin-bottom: 1;
    }
    ConfirmModal .buttons {
        height: auto;
        align: center middle;
    }
    ConfirmModal .buttons Button {
        margin: 0 1;
    }
    """

    def __init__(self, *, title: str, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        """The question in a few words (the dialog's heading)."""
        self.question = question
        """What happens on «yes», in a sentence."""
        self.yes = yes
        """The «yes» button's text (what it does: «Discard»)."""
        self.no = no
        """The «no» button's text («Keep editing»)."""
        install(
            self,
            [
                Binding("escape", "answer(False)", _("No"), tooltip=self.no, id="confirm-no"),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False),
            ],
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield FormTitle(self.title_text)
            yield Static(Text(self.question), id="confirm-question")
            with Horizontal(classes="buttons"):
                yield Button(Text(self.no), variant="primary", id="no")
                yield Button(Text(self.yes), variant="error", id="yes")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)


def discard_question() -> ConfirmModal:
    """The question Escape asks on a form with changes."""
    return ConfirmModal(
        title=_("Discard the changes?"),
        question=_("What you typed in this form has not been saved and will be lost."),
        yes=_("Discard"),
        no=_("Keep editing (Esc)"),
    )


__all__ = ["ConfirmModal", "discard_question"]
