"""Snapshots (pytest-textual-snapshot) of the main screen, a form with an error, the help and
the dashboard, in English and Russian, with a fixed today and fixed timestamps."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle

SIZE = (160, 48)


async def _still(pilot: Pilot) -> None:
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await settle(pilot)


def test_snapshot_main_screen(register, make_app, language, snap_compare):
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_still)


def test_snapshot_new_assignment_form_refusing_a_bad_date(
    register, make_app, language, snap_compare
):
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#text", Input).value = "Подготовить справку"
        pilot.app.screen.query_one("#owner", Input).value = "Сандалов Михаил"
        pilot.app.screen.query_one("#due", Input).value = "тридцатого февраля"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_help_screen(register, make_app, language, snap_compare):
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_dashboard(register, make_app, language, snap_compare):
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("g")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
