"""Help, dashboard, command palette and report export."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Checkbox, Input, Label, Select, Static

from taskboard.tui.modals import ExportForm
from taskboard.tui.screens import DashboardScreen, HelpScreen
from taskboard.tui.screens.main import main_bindings
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, screen_text


async def test_question_mark_opens_help_listing_every_key(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        shown = console.export_text()
        for binding in main_bindings():
            assert binding.tooltip in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_g_opens_the_dashboard_with_status_counts_and_overdue_by_owner(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        counts = str(app.screen.query_one("#counts", Static).content)
        chart = str(app.screen.query_one("#chart", Static).content)
        assert "done" in counts and "overdue" in counts
        assert "█" in chart or "Nothing is overdue" in chart
        await pilot.press("escape")
        assert not isinstance(app.screen, DashboardScreen)


async def test_command_palette_offers_the_screen_actions(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "dashboard":
            await pilot.press(key)
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_r_exports_a_report_to_the_chosen_file(register, make_app, tmp_path):
    app = make_app(register)
    target = tmp_path / "out" / "report.md"
    target.parent.mkdir()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)
        app.screen.query_one("#format", Select).value = "md"
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(target)
        app.screen.query_one("#from", Input).value = "не дата"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)  # a bad period is refused
        app.screen.query_one("#from", Input).value = "01.01.2026"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportForm)
        assert target.exists() and target.stat().st_size > 0
        assert any(str(target) in n for n in notifications(app))
        # the same file again: refused unless «overwrite» is ticked
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#format", Select).value = "md"
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(target)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)
        refusal = str(app.screen.query_one("#form-error", Label).content)
        assert "«Overwrite an existing file»" in refusal and "--force" not in refusal
        app.screen.query_one("#force", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportForm)


async def test_command_palette_says_no_matches_in_the_ui_language(register, make_app, language):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "ъъъ":
            await pilot.press(key)
        expected = {"en": "No matches found", "ru": "Ничего не найдено"}[language]
        assert await wait_until(pilot, lambda: expected in screen_text(app))


async def test_ctrl_c_says_which_key_quits(register, make_app, language):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        expected = {"en": "Press q to quit.", "ru": "Чтобы выйти, нажмите q."}[language]
        assert notifications(app)[-1] == expected
        assert app.is_running
