"""Reading the app's state in tests: rows shown, details text, notifications."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.widgets import Static

from taskboard.tui.widgets import AssignmentTable


def table(app: App) -> AssignmentTable:
    """The main screen's table (whatever screen is on top)."""
    from taskboard.tui.screens.main import MainScreen

    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen.query_one("#table", AssignmentTable)
    raise AssertionError("no main screen")


def texts(app: App) -> list[str]:
    """The texts of the loaded rows, in order."""
    t = table(app)
    return [t.rows[i].text for i in sorted(t.rows)]


def details(app: App) -> str:
    """The details pane as plain text."""
    from taskboard.tui.screens.main import MainScreen

    screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    body = screen.query_one("#details-body", Static)
    return str(body.content) if hasattr(body, "content") else str(body.renderable)


def notifications(app: App) -> list[str]:
    """Every notification message the app showed so far (its public log)."""
    from taskboard.tui.app import TaskboardApp

    assert isinstance(app, TaskboardApp)
    return [n.message for n in app.notification_log]


def screen_text(app: App) -> str:
    """Everything the terminal shows now, as plain text (the screen on top and those behind
    it, as :meth:`App.export_screenshot` draws them, toasts included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()
