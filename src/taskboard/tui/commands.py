"""The command palette (Ctrl+P): every action of the main screen, searchable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

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


__all__ = ["TaskboardCommands"]
