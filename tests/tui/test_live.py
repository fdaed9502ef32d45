"""Live refresh: another process's changes appear by themselves; stale edits are refused."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import TextArea

from taskboard.domain import services
from taskboard.tui.modals import AssignmentForm, TextPrompt
from tests.conftest import run_process
from tests.tui.conftest import ACTOR, settle, wait_until
from tests.tui.helpers import details, notifications, table


async def test_a_change_from_another_process_appears_without_a_key_and_keeps_selection(
    register, make_app
):
    app = make_app(register, poll_seconds=0.2)
    path = register.url
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        t.move_to(3)
        await settle(pilot)
        selected = t.current
        cursor = t.cursor
        total = t.total
        result = await asyncio.to_thread(
            run_process, "--db", path, "edit", str(selected.id), "--text", "Изменено в CLI"
        )
        assert result.code == 0, result.err
        added = await asyncio.to_thread(
            run_process, "--db", path, "add", "Новое из CLI", "--owner", "сандалов", "--due", "+5d"
        )
        assert added.code == 0, added.err
        assert await wait_until(pilot, lambda: table(app).total == total + 1, timeout=10)
        assert await wait_until(
            pilot,
            lambda: (table(app).current and table(app).current.text) == "Изменено в CLI",
            timeout=10,
        )
        assert table(app).current.id == selected.id
        assert table(app).cursor == cursor or table(app).current.id == selected.id
        assert await wait_until(pilot, lambda: "Изменено в CLI" in details(app), timeout=10)


async def test_an_edit_colliding_with_a_newer_change_is_refused_and_fresh_data_shown(
    register, make_app
):
    app = make_app(register, poll_seconds=30)  # no polling: the collision must be caught anyway
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#text", TextArea).text = "Моя правка"
        with register.write() as session:  # someone else, meanwhile
            services.edit_assignment(
                session,
                assignment_id=row.id,
                actor="Другой",
                changes=services.AssignmentUpdate(text="Чужая правка"),
            )
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm), "the form stays open, nothing lost"
        assert app.screen.query_one("#text", TextArea).text == "Моя правка"
        messages = " ".join(notifications(app))
        assert str(row.id) in messages and "someone else" in messages
        await pilot.press("escape")  # the edit is given up: asked, then discarded
        await settle(pilot)
        await pilot.click("#yes")
        assert await wait_until(pilot, lambda: "Чужая правка" in details(app), timeout=10)
    with register.read() as session:
        assert services.get_assignment(session, row.id).text == "Чужая правка"
    assert ACTOR  # the app's own actor never wrote this change


async def _add_a_note(app, pilot, text: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    app.screen.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_one_save_reloads_the_table_exactly_once(register, make_app):
    app = make_app(register, poll_seconds=0.05)  # polls often: the own commit must not count
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        t = table(app)
        loads = t.generation  # bumped once per table reload
        row = t.current
        await _add_a_note(app, pilot, "Заметка")
        assert not isinstance(app.screen, TextPrompt)
        for _ in range(3):  # many polls after the commit
            await pilot.pause(0.2)
            app.poll()
            await settle(pilot)
        assert t.generation == loads + 1
        assert "Заметка" in details(app)
        assert any(str(row.id) in n for n in notifications(app))


async def test_after_an_own_save_another_process_commit_is_still_seen(register, make_app):
    app = make_app(register, poll_seconds=0.1)
    path = register.url
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _add_a_note(app, pilot, "Своя заметка")
        await pilot.pause(0.3)
        await settle(pilot)
        loads, total = table(app).generation, table(app).total
        added = await asyncio.to_thread(
            run_process, "--db", path, "add", "Новое из CLI", "--owner", "сандалов", "--due", "+5d"
        )
        assert added.code == 0, added.err
        assert await wait_until(pilot, lambda: table(app).total == total + 1, timeout=10)
        assert table(app).generation > loads  # reloaded for it


async def test_a_vanished_database_file_is_notified_and_the_app_keeps_running(tmp_path, make_app):
    from taskboard.storage.database import open_database

    path = tmp_path / "gone.db"
    database = open_database(path)
    app = make_app(database, poll_seconds=0.1)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for leftover in tmp_path.glob("gone.db*"):
            leftover.unlink()
        assert await wait_until(
            pilot, lambda: any("vanished" in n for n in notifications(app)), timeout=10
        )
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.is_running
    database.dispose()


@pytest.mark.postgres
async def test_on_postgresql_another_writers_change_appears_by_itself(pg_url, make_app):
    from taskboard.demo import load_demo
    from taskboard.domain.people import resolve_person
    from taskboard.storage.database import open_database

    database = open_database(pg_url)
    other = open_database(pg_url)  # another engine: another member of staff
    try:
        with database.write() as session:
            load_demo(session, actor=ACTOR)
        app = make_app(database, poll_seconds=0.2)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            total = table(app).total
            with other.write() as session:
                owner = resolve_person(session, "Сандалов")
                services.add_assignment(
                    session, text="Новое с другого места", owner_id=owner.id, actor="Другой"
                )
            assert await wait_until(pilot, lambda: table(app).total == total + 1, timeout=10)
    finally:
        other.dispose()
        database.dispose()


@pytest.mark.postgres
async def test_on_postgresql_the_app_outlives_a_server_dropping_its_connections(pg_url, make_app):
    """Every backend of the register terminated under the running TUI (what a server restart
    does to its clients): the app keeps running, its next write goes through on a new
    connection, and another writer's change still appears by itself."""
    from sqlalchemy import create_engine, text

    from taskboard.demo import load_demo
    from taskboard.domain.people import resolve_person
    from taskboard.storage.database import open_database

    database = open_database(pg_url)
    other = open_database(pg_url)
    admin = create_engine(pg_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        with database.write() as session:
            load_demo(session, actor=ACTOR)
        app = make_app(database, poll_seconds=0.2)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            total = table(app).total
            with admin.connect() as conn:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": pg_url.rsplit("/", 1)[1]},
                )
            await pilot.pause(0.5)  # a few polls on the dead connections
            assert app.is_running
            with other.write() as session:
                owner = resolve_person(session, "Сандалов")
                services.add_assignment(
                    session, text="После перезапуска сервера", owner_id=owner.id, actor="Другой"
                )
            assert await wait_until(pilot, lambda: table(app).total == total + 1, timeout=10)
            row = table(app).current
            assert row is not None and row.status == "open"
            await pilot.press("s")  # start it: a write through the app's own pool
            await settle(pilot)
            assert app.is_running
        with database.read() as session:
            assert services.get_assignment(session, row.id).status == "in_progress"
    finally:
        admin.dispose()
        other.dispose()
        database.dispose()
