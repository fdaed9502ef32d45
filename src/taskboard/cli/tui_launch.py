"""``taskboard`` with no command: open the TUI (imported only here, never by other commands)."""

from __future__ import annotations

from taskboard.cli.context import AppContext


def launch(app: AppContext) -> None:
    """Run the Textual app on the configured database."""
    try:
        from taskboard.tui.app import TaskboardApp
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("taskboard.tui"):
            raise
        # Until the TUI exists, show what it would open on: the active assignments.
        from taskboard.cli.assignments import print_assignments
        from taskboard.domain.queries import AssignmentFilter, list_assignments

        with app.database().read() as session:
            rows = list_assignments(
                session,
                AssignmentFilter(),
                today=app.today,
                due_soon_days=app.settings.due_soon_days,
            )
        print_assignments(rows, "table")
        return
    TaskboardApp(database=app.database(), settings=app.settings).run()
