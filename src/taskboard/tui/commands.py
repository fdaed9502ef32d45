"""The command palette (Ctrl+P): every action of the main screen, searchable by name, and the
palette itself in the UI language."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from taskboard.tui.i18n import _
from taskboard.tui.screens.main import MainScreen, main_bindings


class TaskboardCommands(Provider):
    """Offers the main screen's actions (new, edit, done, extend, …) by their description."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [
            (b.tooltip or b.description, b.action, b.key_display or b.key) for b in main_bindings()
        ]

    def _target(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        screen = self._target()
        if screen is None:
            return
        for title, action, key in self._commands():
            yield DiscoveryHit(title, partial(screen.run_action, action), help=key)

    async def search(self, query: str) -> Hits:
        screen = self._target()
        if screen is None:
            return
        matcher = self.matcher(query)
        for title, action, key in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(screen.run_action, action), help=key
                )


class TaskboardPalette(CommandPalette):
    """Textual's command palette with its prompt and its «no matches» in the UI language.

    Textual has no catalogs: the prompt is a constructor argument, but «No matches found» is
    written into the list by :meth:`_start_no_matches_countdown` itself, so that method is
    Textual's (8.x) with the words translated.
    """

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=_("Search for commands…"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:  # discovering, not searching: nothing to say
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


__all__ = ["TaskboardCommands", "TaskboardPalette"]
