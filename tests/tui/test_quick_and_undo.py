"""The quick-add line (+) and undo (Ctrl+Z) on the main screen, driven by Pilot."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from taskboard.demo import load_demo
from taskboard.domain import clock, dates, services
from taskboard.domain.queries import AssignmentFilter, list_assignments
from taskboard.storage.database import Database, open_database
from taskboard.tui.modals import QuickAddForm
from taskboard.tui.screens.main import MainScreen
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, table

LINE = "Сандалову до 1 июня подготовить справку о ярмарке #Беларусь"


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock one second further on each time it is read: every change has its own moment."""
    moments = (
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC) + timedelta(seconds=n) for n in itertools.count()
    )
    monkeypatch.setattr(clock, "now", lambda: next(moments))


@pytest.fixture
def demo(tmp_path: Path, ticking: None) -> Iterator[Database]:
    """The example register, loaded by someone else than the app's actor («Тест»)."""
    database = open_database(tmp_path / "quick.db")
    with database.write() as session:
        load_demo(session, actor="Демо")
    yield database
    database.dispose()


def _hint(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{name}-hint").message


def _found(database: Database, words: str) -> list:  # type: ignore[type-arg]
    with database.read() as session:
        return list_assignments(
            session, AssignmentFilter(search=words, status="all"), today=date(2026, 11, 24)
        )


async def test_plus_opens_the_line_shows_what_it_understood_and_saves_on_enter(demo, make_app):  # type: ignore[no-untyped-def]
    app = make_app(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        before = table(app).total
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, QuickAddForm)
        app.screen.query_one("#line", Input).value = LINE
        assert await wait_until(pilot, lambda: bool(_hint(app, "text")))
        assert _hint(app, "owner") == "Owner: Сандалов Михаил ← «Сандалову»"
        assert _hint(app, "due") == "Deadline: 2027-06-01 («до 1 июня»)"
        assert _hint(app, "tags") == "Tags: Беларусь"
        assert _hint(app, "text") == "Text: Подготовить справку о ярмарке"
        assert _found(demo, "о ярмарке") == [], "nothing is saved before Enter"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await settle(pilot)
        assert table(app).total == before + 1
        assert any("added: Сандалов Михаил, deadline 2027-06-01" in n for n in notifications(app))
        assert await wait_until(
            pilot,
            lambda: (
                (table(app).current and table(app).current.text) == "Подготовить справку о ярмарке"
            ),
            timeout=30,
        ), "the new assignment is selected"
    saved = _found(demo, "о ярмарке")
    assert [(r.owner, r.due, r.tags) for r in saved] == [
        ("Сандалов Михаил", date(2027, 6, 1), ["Беларусь"])
    ]


async def test_an_unknown_owner_is_shown_and_the_line_is_not_saved(demo, make_app):  # type: ignore[no-untyped-def]
    app = make_app(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        app.screen.query_one("#line", Input).value = "Петрову П.П. к 15.12 подготовить справку"
        assert await wait_until(pilot, lambda: bool(_hint(app, "owner")))
        assert app.screen.query_one("#owner-hint").failed
        assert "Петров П.П." in _hint(app, "owner")
        assert _hint(app, "due") == "Deadline: 2026-12-15 («к 15.12»)"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickAddForm), "a line that cannot be recorded stays"
        assert any("No one called «Петров П.П.»" in n for n in notifications(app))
        await pilot.press("escape")  # the line was typed: the form asks before discarding
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert _found(demo, "подготовить справку") == []


async def test_the_meeting_shown_is_the_new_assignments(demo, make_app):  # type: ignore[no-untyped-def]
    app = make_app(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        meeting = screen.meetings[0]
        screen.filters = screen.filters.with_(meeting_id=meeting.id)
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        app.screen.query_one("#line", Input).value = "Волоскову С.А. срочно представить справку"
        assert await wait_until(pilot, lambda: bool(_hint(app, "due")))
        await pilot.press("enter")
        await settle(pilot)
    saved = _found(demo, "представить справку")
    assert [r.meeting_id for r in saved] == [meeting.id]
    assert saved[0].due == dates.parse_date("срочно", today=date(2026, 11, 24), base=meeting.date)


async def test_ctrl_z_takes_back_the_last_change_and_says_what(demo, make_app):  # type: ignore[no-untyped-def]
    app = make_app(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        assert row is not None
        await pilot.press("s")  # start the selected assignment
        await settle(pilot)
        assert await wait_until(pilot, lambda: table(app).current.status == "in_progress")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert await wait_until(pilot, lambda: table(app).current.status == "open")
        assert any(
            n.startswith("Undone: the status of ") and n.endswith(" is open again.")
            for n in notifications(app)
        )
        await pilot.press("ctrl+z")  # nothing of «Тест» left: the demo was loaded by others
        await settle(pilot)
        assert any(n.startswith("Nothing to undo: Тест") for n in notifications(app))
    assert row.status == "open"


async def test_ctrl_z_is_refused_when_someone_else_changed_it_since(demo, make_app):  # type: ignore[no-untyped-def]
    app = make_app(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        assert row is not None
        await pilot.press("s")
        await settle(pilot)
        with demo.write() as session:
            services.add_note(session, assignment_id=row.id, text="Уточнено", actor="Петров П.П.")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert await wait_until(
            pilot, lambda: any("was changed since by Петров П.П." in n for n in notifications(app))
        )
    with demo.read() as session:
        assert services.get_assignment(session, row.id).status == "in_progress"
