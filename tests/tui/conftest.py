"""Fixtures for the TUI tests: a demo register, a fixed clock, an app factory, a settle helper."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from taskboard import i18n
from taskboard.config import Settings
from taskboard.demo import load_demo
from taskboard.domain import clock, services
from taskboard.domain.people import resolve_person
from taskboard.storage.database import Database, open_database

ACTOR = "Тест"
MARKUP_TITLE = "[red]x[/red] [@click=app.quit]q[/] [/foo] [bold]жирный"
"""An assignment text full of Rich/Textual markup: it must show exactly as typed."""


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """Stored timestamps fixed at 2026-11-24 09:00 UTC, shown in UTC (stable snapshots)."""
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield moment
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def register(register_url: str, frozen_clock: datetime) -> Iterator[Database]:
    """The example register plus one assignment whose text is markup (on each backend)."""
    database = open_database(register_url)
    with database.write() as session:
        load_demo(session, actor=ACTOR)
    with database.write() as session:
        owner = resolve_person(session, "Сандалов")
        services.add_assignment(
            session,
            text=MARKUP_TITLE,
            owner_id=owner.id,  # type: ignore[arg-type]
            due=date(2026, 12, 1),
            actor=ACTOR,
        )
    yield database
    database.dispose()


@pytest.fixture
def empty_register(register_url: str) -> Iterator[Database]:
    """A register with no data at all (on each backend)."""
    database = open_database(register_url)
    yield database
    database.dispose()


@pytest.fixture
def make_app() -> Callable[..., object]:
    """Build the app on a database with a fixed actor."""
    from taskboard.tui.app import TaskboardApp

    def build(database: Database, poll_seconds: float = 0.2) -> TaskboardApp:
        return TaskboardApp(
            database=database, settings=Settings(actor=ACTOR), poll_seconds=poll_seconds
        )

    return build


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test in English and in Russian."""
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(rounds):
        # An exclusive worker replaced by a newer one raises here: wait for that one next round.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Pause until ``condition()`` holds (or ``timeout`` seconds of app time passed)."""
    waited = 0.0
    while waited < timeout:
        if condition():
            return True
        await pilot.pause(0.05)
        waited += 0.05
    return condition()
