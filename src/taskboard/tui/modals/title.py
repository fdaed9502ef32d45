"""A dialog's heading and the line naming what it is about: one line each, cut with «…» when
the dialog is narrower than they are."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label


class FormTitle(Label):
    """The heading of a form or a question (user text in it is shown as typed, never markup)."""

    DEFAULT_CSS = """
    FormTitle {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(Text(title), id=id, classes="form-title", markup=False)


class Subject(Label):
    """What a dialog is about («4. Подготовить совместные …»), under its heading."""

    DEFAULT_CSS = """
    Subject {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 100%;
    }
    """

    def __init__(self, subject: str, *, id: str | None = None) -> None:
        super().__init__(Text(subject), id=id, classes="subject", markup=False)


__all__ = ["FormTitle", "Subject"]
