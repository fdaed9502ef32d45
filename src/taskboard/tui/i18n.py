"""The TUI's message catalog (domain ``tui``): ``_`` and ``ngettext`` for every screen."""

from __future__ import annotations

from taskboard.i18n import domain

_, ngettext = domain("tui")

__all__ = ["_", "ngettext"]
