"""The footer: as many of the screen's keys as fit its width, each whole, never cut mid-word.

Textual's ``Footer`` lays every shown key out in one row and lets the command palette key,
docked right, cover whatever runs under it («i И▏^p команды» at 120 columns). This one
keeps the keys in their order while they fit and drops the rest (still listed in the help
screen and the command palette); keys named as pinned stay at any width.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget, not re-exported

KEY_GAP = 2
"""Cells a key takes beside its key and description: the space between them, its margin."""
PALETTE_EXTRA = 3
"""Cells the palette key takes beside its key and description: its border, a space, a margin."""


class FittingFooter(Footer):
    """A compact footer with the keys that fit whole; ``pinned`` binding ids always shown."""

    def __init__(self, *, pinned: Iterable[str] = (), id: str | None = None) -> None:
        super().__init__(compact=True, id=id)
        self.pinned = frozenset(pinned)
        """Ids of the bindings shown at any width (the help key, say)."""
        self.shown: list[str] = []
        """Actions of the keys shown, in order (after the latest compose)."""
        self._width = 0

    def _cost(self, binding: Binding) -> int:
        return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)

    def _fitting(self, width: int) -> set[str]:
        """The actions whose keys fit in ``width`` cells: the pinned, then the rest in order."""
        active = self.screen.active_bindings
        bindings: dict[str, Binding] = {}
        for _node, binding, _enabled, _tooltip in active.values():
            if binding.show:
                bindings.setdefault(binding.action, binding)  # one key per action, as Footer
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            width -= self._cost(palette[1]) + PALETTE_EXTRA
        pinned = [b for b in bindings.values() if b.id in self.pinned]
        room = width - sum(self._cost(b) + KEY_GAP for b in pinned)
        keep = {b.action for b in pinned}
        for binding in bindings.values():
            if binding.action in keep:
                continue
            room -= self._cost(binding) + KEY_GAP
            if room < 0:
                break
            keep.add(binding.action)
        return keep

    def compose(self) -> ComposeResult:
        self._width = self.size.width or self.app.size.width
        keep = self._fitting(self._width)
        self.shown = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                if widget.action not in keep:
                    continue
                self.shown.append(widget.action)
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        """Another width: lay the keys out again for it."""
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)


__all__ = ["FittingFooter"]
