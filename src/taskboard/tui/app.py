"""The Textual application: one main screen over the register, refreshed live."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.notifications import Notification, Notify
from textual.screen import Screen

from taskboard.config import Settings
from taskboard.domain import clock
from taskboard.storage.database import Database
from taskboard.storage.watch import ChangeWatcher
from taskboard.tui.commands import TaskboardCommands, TaskboardPalette
from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.messages import ChangeRefused, ChangeSaved, DatabaseChanged
from taskboard.tui.screens.main import MainScreen

POLL_SECONDS = 0.5
"""How often the database is checked for other writers' commits."""


class TaskboardApp(App[None]):
    """taskboard's TUI on one database (the :class:`~taskboard.tui.context.TuiContext` of
    every screen and modal)."""

    CSS_PATH = "app.tcss"
    # Textual types both as instance attributes: no ClassVar here, though they are class data.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (160, "-wide")]  # noqa: RUF012
    """Every screen is ``-narrow`` below 100 columns, ``-medium`` below 160, else ``-wide``."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012
    """Every screen is ``-short`` below 30 rows, else ``-tall`` (app.tcss says what changes)."""
    TITLE = "taskboard"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        TaskboardCommands
    }  # Textual's own commands are English-only

    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        poll_seconds: float = POLL_SECONDS,
        review: tuple[str | None, str | None] | None = None,
    ) -> None:
        super().__init__()
        self.review = review
        """``taskboard review``: open on the «Час контроля» (its level and organisation)."""
        self.database = database
        """Where the register lives."""
        self.settings = settings
        """The config (actor, deadline mode, due-soon window)."""
        self.poll_seconds = poll_seconds
        """How often :meth:`poll` runs."""
        self.watcher = ChangeWatcher(database)
        """Notices other writers' commits (polled every ``poll_seconds``)."""
        self.notification_log: list[Notification] = []
        """Every notification shown so far, oldest first, kept after its toast timed out."""
        self._watch_failed = False
        # Textual adds its command palette key with English words: put it in the UI language.
        self._bindings.key_to_bindings.pop(self.COMMAND_PALETTE_BINDING, None)
        install(
            self,
            [
                Binding(
                    self.COMMAND_PALETTE_BINDING,
                    "command_palette",
                    _("palette"),
                    show=False,
                    priority=True,
                    tooltip=_("Open the command palette"),
                    id="palette",
                )
            ],
        )

    @property
    def today(self) -> date:
        """Today (``TASKBOARD_TODAY`` honoured)."""
        return clock.today()

    def get_default_screen(self) -> Screen:
        return MainScreen()

    def on_mount(self) -> None:
        self.title = _("taskboard: assignments register")
        self.sub_title = self.database.display_name
        if self.database.read_only is not None:
            # Said once, at the start: every change would be refused, and why is not obvious.
            self.sub_title = _("{where} (read-only)").format(where=self.database.display_name)
            self.notify(
                _("The database is read-only ({reason}): you can look, but not change.").format(
                    reason=self.database.read_only
                ),
                markup=False,
            )
        self.poll()
        self.set_interval(self.poll_seconds, self.poll)
        if self.review is not None:
            from taskboard.tui.screens.control_hour import ReviewScreen

            level, organisation = self.review
            self.push_screen(ReviewScreen(level=level, organisation=organisation))

    @work(thread=True, exclusive=True, group="watch")
    def poll(self) -> None:
        """Look once for other writers' commits; reload what is on screen if there were any."""
        try:
            changed = self.watcher.changed()
        except Exception as exc:  # the file vanished or the server went away: say it once
            if not self._watch_failed:
                self._watch_failed = True
                message = getattr(exc, "message", None) or _(
                    "Cannot watch the database for changes: {error}"
                ).format(error=exc)
                self.notify(message, severity="error", markup=False, timeout=30)
            return
        self._watch_failed = False
        if changed:
            self.post_message(DatabaseChanged())

    def action_command_palette(self) -> None:
        """Open the command palette, in the UI language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(TaskboardPalette())

    def action_help_quit(self) -> None:
        """Ctrl+C copies, it does not quit: say which key quits (Textual says it in English)."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                self.notify(
                    _("Press {key} to quit.").format(key=key), title=_("Quit?"), markup=False
                )
                return

    def data_changed(self) -> None:
        """Tell every open screen that the data may have changed."""
        for screen in self.screen_stack:
            screen.post_message(DatabaseChanged())

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another writer committed (the poll says so): every open screen reloads."""
        self.data_changed()

    @on(ChangeSaved)
    def _change_saved(self, event: ChangeSaved) -> None:
        if event.notice:
            self.notify(event.notice, markup=False)
        if event.committed:
            self.data_changed()

    @on(ChangeRefused)
    def _change_refused(self, event: ChangeRefused) -> None:
        self.notify(event.reason, severity="error", markup=False, timeout=8)
        if event.stale:
            self.data_changed()

    @on(Notify)
    def _log_notification(self, event: Notify) -> None:
        self.notification_log.append(event.notification)

    def on_unmount(self) -> None:
        self.watcher.close()


__all__ = ["TaskboardApp"]
