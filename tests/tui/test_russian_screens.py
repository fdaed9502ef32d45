"""In Russian the TUI speaks Russian: the main screens as drawn, Textual's own palette and
notices included, hold no English word (tests/russian_text.py says what is not English)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Input

from taskboard import i18n
from taskboard.demo import load_demo
from taskboard.domain import services
from taskboard.domain.models import Assignment, EventKind
from taskboard.storage.database import Database, open_database
from tests.russian_text import english_words
from tests.tui.conftest import ACTOR, settle, wait_until
from tests.tui.helpers import screen_text, table
from tests.tui.test_snapshots import IMPORT_TEXT

SIZE = (160, 48)
RECURRING = "Ежемесячно до 5 числа информировать"
"""The example assignment that repeats (monthly by the 5th): reminded in every tier below."""
TIERS = ("before", "due_day", "controller_due_day", "overdue", "escalation")


@pytest.fixture
def reminded(tmp_path: Path, frozen_clock: datetime) -> Iterator[Database]:
    """The example register (no markup in it: that is English-looking data), its repeating
    assignment reminded in every tier."""
    database = open_database(tmp_path / "ru.db")
    with database.write() as session:
        load_demo(session, actor=ACTOR)
    with database.write() as session:
        found = session.exec(select(Assignment).where(col(Assignment.text).startswith(RECURRING)))
        assignment = found.one()
        for tier in TIERS:
            services.record_event(
                session,
                kind=EventKind.REMINDER_SENT,
                actor="Напоминания",
                assignment_id=assignment.id,
                field=tier,
                new="sandalov@example.org",
            )
    yield database
    database.dispose()


async def _main(pilot: Pilot) -> None:
    """The main screen, the repeating assignment selected (its details beside the table)."""
    rows = table(pilot.app)
    index = next(i for i, row in rows.rows.items() if row.text.startswith(RECURRING))
    rows.move_to(index)
    await settle(pilot)


async def _history(pilot: Pilot) -> None:
    """The details scrolled down to the history: the reminders sent in every tier."""
    from taskboard.tui.widgets.details import DetailsPane

    pilot.app.screen.query_one(DetailsPane).scroll_end(animate=False)
    await settle(pilot)


def _keys(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def press(pilot: Pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.6)  # the palette says «no matches» after half a second

    return press


async def _import_review(pilot: Pilot) -> None:
    from textual import events

    await pilot.press("i")
    await settle(pilot)
    pilot.app.post_message(events.Paste(IMPORT_TEXT))
    await settle(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot, 6)


async def _export_to_an_existing_file(pilot: Pilot) -> None:
    await pilot.press("r")
    await settle(pilot)
    pilot.app.screen.query_one("#path", Input).value = __file__
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert await wait_until(pilot, lambda: "существует" in screen_text(pilot.app))


SCREENS = [
    pytest.param(_main, id="main"),
    pytest.param(_history, id="details with a history of reminders"),
    pytest.param(_keys("question_mark"), id="help"),
    pytest.param(_keys("p"), id="directory"),
    pytest.param(_keys("l"), id="calendar"),
    pytest.param(_keys("g"), id="dashboard"),
    pytest.param(_import_review, id="import review"),
    pytest.param(_keys("ctrl+p"), id="command palette"),
    pytest.param(_keys("ctrl+p", *"ъъъ"), id="command palette without a match"),
    pytest.param(_keys("ctrl+c"), id="ctrl+c reminds how to quit"),
    pytest.param(_keys("n"), id="new assignment form"),
    pytest.param(_keys("f"), id="filter form"),
    pytest.param(_keys("x"), id="extend form"),
    pytest.param(_export_to_an_existing_file, id="report to an existing file"),
]


@pytest.mark.parametrize("show", SCREENS)
async def test_screen_holds_no_english(reminded, make_app, show) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("ru")
    try:
        app = make_app(reminded, poll_seconds=60)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await _main(pilot)
            await show(pilot)
            text = screen_text(app)
    finally:
        i18n.set_language("en")
    words = english_words(text, keys=True, options=False, typed=[__file__])
    assert words == [], f"{words}\n{text}"
