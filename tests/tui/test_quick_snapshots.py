"""Snapshots of the quick-add line (+), in English and Russian, at the suite's fixed size,
today and timestamps, with no cursor blink (as tests/tui/test_snapshots.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle, wait_until

SIZE = (160, 48)


def _typed(line: str):
    """A ``run_before`` that presses + and types ``line``, waiting for what it understood."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        field = pilot.app.screen.query_one("#line", Input)
        field.value = line
        await wait_until(pilot, lambda: bool(pilot.app.screen.query_one("#text-hint").message))
        await settle(pilot)
        field.cursor_blink = False
        await settle(pilot)

    return run_before


def test_snapshot_quick_add_understanding_a_line(register, make_app, language, snap_compare):
    """The quick-add line shows the owner from the directory, the deadline, tags and text."""
    app = make_app(register, poll_seconds=60)
    line = "Сандалову совместно с Волосковым С.А. до 1 июня подготовить предложения #Беларусь"
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed(line))


def test_snapshot_quick_add_naming_an_unknown_owner(register, make_app, language, snap_compare):
    """A line whose owner the directory does not know says so in the owner's place."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(
        app, terminal_size=SIZE, run_before=_typed("Петрову П.П. срочно представить справку")
    )
