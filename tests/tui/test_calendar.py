"""The calendar (l): a month of open deadlines per day, days off marked, moved by keys; Enter
lists a day's assignments; snapshots in English and Russian at 80×24."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from taskboard.domain import services
from taskboard.domain.queries import DayDeadlines
from taskboard.storage.database import Database, open_database
from taskboard.tui.screens import CalendarScreen, HelpScreen, MainScreen
from taskboard.tui.screens.calendar import calendar_keys
from taskboard.tui.widgets import AssignmentTable, MonthGrid
from tests.conftest import TODAY
from tests.tui.conftest import settle, wait_until
from tests.unit import factories as f

SIZE = (80, 24)
"""The smallest terminal the calendar must fit."""
HOLIDAY = date(2026, 11, 4)
"""National Unity Day, a Wednesday: a day off of the production calendar."""


@pytest.fixture
def deadlines(tmp_path: Path) -> Iterator[Database]:
    """A small register around TODAY (Tuesday 2026-11-24) with known deadlines."""
    database = open_database(tmp_path / "calendar.db")
    with database.write() as s:
        owner = f.person(s)
        f.assignment(s, owner, "Отчёт по лифтам", due=date(2026, 11, 10))
        f.assignment(s, owner, "Справка по дорогам", due=date(2026, 11, 10))
        done = f.assignment(s, owner, "Уже исполнено", due=date(2026, 11, 10))
        f.assignment(s, owner, "Доклад к празднику", due=HOLIDAY)
        f.assignment(s, owner, "Сегодняшний срок", due=TODAY)
        for n in range(3):
            f.assignment(s, owner, f"Декабрьское поручение {n}", due=date(2026, 12, 15))
        f.assignment(s, owner, "Октябрьское поручение", due=date(2026, 10, 30))
        services.done(s, assignment_id=done, actor=f.ACTOR)
    yield database
    database.dispose()


def grid(pilot: Pilot) -> MonthGrid:
    """The calendar's month grid."""
    return pilot.app.screen.query_one("#calendar-grid", MonthGrid)


def shown(pilot: Pilot) -> str:
    """The grid as plain text, as drawn."""
    return grid(pilot).render().plain


def day_list(pilot: Pilot) -> AssignmentTable:
    """The chosen day's assignments."""
    return pilot.app.screen.query_one("#calendar-day", AssignmentTable)


def status_line(pilot: Pilot) -> str:
    """The line under the grid that describes the selected day."""
    return str(pilot.app.screen.query_one("#calendar-status", Static).content)


async def opened(pilot: Pilot) -> MonthGrid:
    """Press l on the main screen and wait for the month's counts."""
    await settle(pilot)
    await pilot.press("l")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, CalendarScreen))
    assert await wait_until(pilot, lambda: grid(pilot).counted == grid(pilot).range)
    return grid(pilot)


async def test_l_opens_the_calendar_on_today_with_each_days_open_deadlines(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        assert month.cursor == TODAY
        assert month.border_title == "November 2026"
        assert month.counts == {
            date(2026, 10, 30): DayDeadlines(due=1, overdue=1),  # October's last week is shown
            HOLIDAY: DayDeadlines(due=1, overdue=1),
            date(2026, 11, 10): DayDeadlines(due=2, overdue=2),  # the done one is not counted
            TODAY: DayDeadlines(due=1, overdue=0),
        }
        drawn = shown(pilot)
        assert "Mon" in drawn.splitlines()[0] and drawn.splitlines()[0].split()[-1] == "Sun"
        assert " 10     2!" in drawn
        assert "  4     1!" in drawn
        assert "[24]    1 " in drawn  # today: its number bracketed, due today not overdue
        assert "this month: 4 due, 3 overdue" in str(month.border_subtitle)
        assert "Tue, 24 November 2026 · working day · 1 assignment due" in status_line(pilot)


async def test_days_off_of_the_production_calendar_are_drawn_unlike_working_days(
    deadlines, make_app
):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        working = month.day_style(date(2026, 11, 5)).bgcolor
        assert month.day_style(HOLIDAY).bgcolor == month.day_style(date(2026, 11, 7)).bgcolor
        assert month.day_style(HOLIDAY).bgcolor != working
        assert month.day_style(date(2026, 11, 3)).bgcolor == working
        await pilot.press("up", "up", "up", "right")
        await settle(pilot)
        assert month.cursor == HOLIDAY
        assert "Wed, 4 November 2026 · day off · 1 assignment due · 1 overdue" in status_line(pilot)


async def test_keys_move_by_day_week_and_month_and_home_goes_back_to_today(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        moves = [
            ("right", date(2026, 11, 25)),
            ("left", TODAY),
            ("down", date(2026, 12, 1)),
            ("up", TODAY),
            ("pagedown", date(2026, 12, 24)),
            ("pageup", TODAY),
            ("left_square_bracket", date(2026, 10, 24)),
            ("right_square_bracket", TODAY),
            ("down", date(2026, 12, 1)),
            ("home", TODAY),
        ]
        for key, expected in moves:
            await pilot.press(key)
            assert month.cursor == expected, key
        await pilot.press("pagedown")
        assert await wait_until(pilot, lambda: month.counted == month.range)
        assert month.border_title == "December 2026"
        assert month.counts[date(2026, 12, 15)] == DayDeadlines(due=3, overdue=0)
        month.cursor = date(2027, 1, 31)
        await pilot.press("pagedown")
        assert month.cursor == date(2027, 2, 28)  # a shorter month: its last day


async def test_enter_lists_the_days_open_assignments_and_esc_leads_back(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        await pilot.press("up", "up", "enter")
        await settle(pilot)
        assert month.cursor == date(2026, 11, 10)
        table = day_list(pilot)
        assert await wait_until(pilot, lambda: table.total == 2)
        assert [table.rows[i].text for i in sorted(table.rows)] == [
            "Отчёт по лифтам",
            "Справка по дорогам",
        ]
        assert table.border_title == "Due on 10 November 2026"
        assert table.border_subtitle == "2 assignments"
        assert month.has_focus  # the grid keeps the keys: another day is one Enter away
        await pilot.press("tab")
        assert table.has_focus
        await pilot.press("escape")
        assert month.has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_clicking_a_day_lists_its_assignments(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        # 10 November: the third week (from 26 October), Tuesday; the border is one cell.
        await pilot.click("#calendar-grid", offset=(1 + 11 + 2, 1 + 1 + 2))
        await settle(pilot)
        assert month.cursor == date(2026, 11, 10)
        assert await wait_until(pilot, lambda: day_list(pilot).total == 2)


async def test_the_calendar_counts_again_when_another_writer_commits(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=SIZE) as pilot:
        month = await opened(pilot)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: day_list(pilot).total == 1)
        with deadlines.write() as s:
            owner = f.person(s, "Кузнецова Анна")
            f.assignment(s, owner, "Новое на сегодня", due=TODAY)
        app.data_changed()
        assert await wait_until(pilot, lambda: month.counts.get(TODAY) == DayDeadlines(2, 0))
        assert await wait_until(pilot, lambda: day_list(pilot).total == 2)


async def test_help_lists_the_calendar_keys(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=140, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        help_text = console.export_text()
        assert "Calendar: deadlines by day" in help_text
        for binding in calendar_keys():
            assert binding.tooltip in help_text


async def test_the_command_palette_opens_the_calendar(deadlines, make_app):
    app = make_app(deadlines)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"calendar")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CalendarScreen))


def test_snapshot_calendar_with_a_days_list(register, make_app, language, snap_compare):
    """At 80×24: November 2026 with today bracketed, 4 November and the weekends tinted as
    days off, overdue days marked, and the list of 16 November's (overdue) assignment."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await opened(pilot)
        await pilot.press("up", "left", "enter")
        await settle(pilot)
        assert await wait_until(pilot, lambda: day_list(pilot).total == 1)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(120, 30), (200, 60)], ids=["120x30", "200x60"])
def test_snapshot_calendar_at_size(register, make_app, language, snap_compare, size):
    """The month grid and the day's list share a larger terminal, the grid's cells grown."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await opened(pilot)
        await pilot.press("up", "left", "enter")
        await settle(pilot)
        assert await wait_until(pilot, lambda: day_list(pilot).total == 1)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
