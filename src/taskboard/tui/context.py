"""What screens, widgets and modals need from the app, as a small Protocol.

They depend on :class:`TuiContext`, never on the concrete ``TaskboardApp``: the app imports
them, not the other way round (``tui.modals`` does not import ``tui.app``, not even for types).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode

from taskboard.config import Settings
from taskboard.storage.database import Database
from taskboard.storage.watch import ChangeWatcher


@runtime_checkable
class TuiContext(Protocol):
    """The register the TUI works on, its settings and its clock."""

    @property
    def database(self) -> Database:
        """Where the register lives."""
        ...

    @property
    def settings(self) -> Settings:
        """The config (actor, deadline mode, due-soon window)."""
        ...

    @property
    def today(self) -> date:
        """Today (``TASKBOARD_TODAY`` honoured)."""
        ...

    @property
    def watcher(self) -> ChangeWatcher:
        """Notices other writers' commits; told about this app's own (see ``tui.writes``)."""
        ...


def context_of(node: DOMNode) -> TuiContext:
    """The app ``node`` runs in, as a :class:`TuiContext`."""
    app = node.app
    if not isinstance(app, TuiContext):
        raise TypeError(f"{type(app).__name__} does not provide a TuiContext")
    return app


__all__ = ["TuiContext", "context_of"]
