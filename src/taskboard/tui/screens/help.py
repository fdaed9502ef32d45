"""The help screen: every key of the main screen, of the forms, of the import screen, of
the calendar and of the people directory."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from taskboard.tui.i18n import _
from taskboard.tui.keys import install


def _key(binding: Binding) -> str:
    """A key as the help writes it: «Ctrl+R», «Esc», «Space»."""
    if binding.key_display:
        return binding.key_display
    if binding.key == "escape":
        return "Esc"
    if binding.key.startswith("ctrl+"):
        return "Ctrl+" + binding.key.removeprefix("ctrl+").upper()
    return binding.key


def help_table() -> Table:
    """All keys with what they do, in the current language."""
    from taskboard.tui.screens.calendar import calendar_keys
    from taskboard.tui.screens.directory import directory_bindings
    from taskboard.tui.screens.import_review import import_bindings
    from taskboard.tui.screens.main import main_bindings

    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
    table.add_column(_("Key"), style="bold cyan", no_wrap=True)
    table.add_column(_("Action"))
    for binding in main_bindings():
        table.add_row(Text(_key(binding)), Text(binding.tooltip))
    extra = [
        ("↑ ↓ PgUp PgDn Home End", _("Move in the table")),
        ("Tab / Shift+Tab", _("Next / previous pane")),
        ("Esc", _("Leave the search field; close a form (asks when changed) or screen")),
        ("Ctrl+S", _("Save a form (refused while a field is invalid)")),
        ("Enter", _("In a form: save from a one-line field; a new line in a text or a note")),
        ("→", _("Accept a name completion in a form")),
        ("Ctrl+N", _("In the assignment form: create the person a name names, if unknown")),
        ("Ctrl+P", _("Command palette")),
    ]
    for key, action in extra:
        table.add_row(Text(key), Text(action))
    table.add_row(Text(""), Text(""))
    table.add_row(Text(""), Text(_("On the import screen (i)"), style="bold"))
    for binding in import_bindings():
        table.add_row(Text(_key(binding)), Text(binding.tooltip))
    table.add_row(Text(""), Text(""))
    table.add_row(Text(""), Text(_("On the calendar (l)"), style="bold"))
    for binding in calendar_keys():
        table.add_row(Text(_key(binding)), Text(binding.tooltip))
    table.add_row(Text(""), Text(""))
    table.add_row(Text(""), Text(_("In the people directory (p)"), style="bold"))
    for binding in directory_bindings():
        table.add_row(Text(_key(binding)), Text(binding.tooltip))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; any of Esc, ? or q closes it."""

    def __init__(self) -> None:
        super().__init__()
        install(
            self,
            [
                Binding("escape", "close", _("Close"), tooltip=_("Close the help"), id="close"),
                Binding("question_mark", "close", show=False),
                Binding("q", "close", show=False),
            ],
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="form"):
            yield Static(Text(_("taskboard: keys"), style="bold"), classes="form-title")
            yield Static(help_table(), id="help-keys")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


__all__ = ["HelpScreen", "help_table"]
