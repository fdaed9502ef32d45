"""``taskboard`` with no command: open the TUI (imported only here, never by other commands)."""

from __future__ import annotations

from taskboard.cli.context import AppContext


def launch(app: AppContext) -> None:
    """Run the Textual app on the configured database."""
    from taskboard.tui.app import TaskboardApp

    TaskboardApp(database=app.database(), settings=app.settings).run()
