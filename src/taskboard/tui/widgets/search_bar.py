"""The search field above the table: searches as you type."""

from __future__ import annotations

from textual.widgets import Input

from taskboard.tui.i18n import _


class SearchBar(Input):
    """Search words (case-insensitive, «ё» = «е»): every word must match."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=_("Search (/): text, number or owner"), id=id)


__all__ = ["SearchBar"]
