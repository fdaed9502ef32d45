"""The change watcher: another connection's commit is noticed, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from taskboard.domain import services
from taskboard.storage.database import open_database
from taskboard.storage.watch import ChangeWatcher


def _add_person(database, name: str) -> None:
    with database.write() as session:
        services.add_person(session, full_name=name, actor="Тест")


def test_sqlite_watcher_notices_another_connection_commit(db):
    watcher = ChangeWatcher(db)
    assert watcher.changed() is False  # the first look only records the state
    assert watcher.changed() is False
    _add_person(db, "Иванов Иван")
    assert watcher.changed() is True
    assert watcher.changed() is False
    watcher.close()


@pytest.mark.postgres
def test_postgres_watcher_notices_a_new_history_event(pg_url):
    database = open_database(pg_url)
    try:
        watcher = ChangeWatcher(database)
        assert watcher.changed() is False
        _add_person(database, "Петров Пётр")
        assert watcher.changed() is True
        assert watcher.changed() is False
        watcher.close()
    finally:
        database.dispose()


def test_an_acknowledged_own_commit_is_not_reported_but_a_later_one_is(db):
    watcher = ChangeWatcher(db)
    watcher.changed()
    with watcher.own_write():
        _add_person(db, "Своя Запись")  # this app's own write, through another connection
        watcher.acknowledge()
    assert watcher.changed() is False
    _add_person(db, "Чужая Запись")
    assert watcher.changed() is True
    watcher.close()


def test_polls_during_an_own_write_say_nothing_and_a_refused_write_hides_no_commit(db):
    watcher = ChangeWatcher(db)
    watcher.changed()
    with watcher.own_write():
        _add_person(db, "Другой Сотрудник")  # someone else, while the own write waits
        assert watcher.changed() is False
        # the own write is refused: nothing acknowledged
    assert watcher.changed() is True
    watcher.close()


@pytest.mark.postgres
def test_after_the_server_drops_every_connection_the_next_poll_and_write_reconnect(pg_url):
    """A server restart, as the register's clients meet it: every backend of the database
    terminated under an open watcher and pool; the next poll and the next write work on new
    connections (the pool's pre-ping, the watcher listening again), and the watcher still sees
    the change."""
    from sqlalchemy import create_engine, text

    database = open_database(pg_url)
    admin = create_engine(pg_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        watcher = ChangeWatcher(database)
        assert watcher.changed() is False
        _add_person(database, "До Перезапуска")
        assert watcher.changed() is True
        with admin.connect() as conn:
            dropped = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": pg_url.rsplit("/", 1)[1]},
            ).scalar()
        assert dropped >= 1  # the pool's idle connections and the watcher's LISTEN were cut
        # Notifications sent while it was cut are lost: the first poll says "changed" (one
        # reload), then quiet again.
        assert watcher.changed() is True
        assert watcher.changed() is False
        _add_person(database, "После Перезапуска")
        assert watcher.changed() is True
        watcher.close()
    finally:
        admin.dispose()
        database.dispose()


@pytest.mark.postgres
def test_postgres_watcher_sees_a_commit_that_took_a_lower_event_id_later(pg_url):
    """Two writers: the first takes its event id and commits last. The highest id had already
    moved past it, so only the commit's notification tells the watcher."""
    database = open_database(pg_url)
    other = open_database(pg_url)
    try:
        watcher = ChangeWatcher(database)
        assert watcher.changed() is False
        with other.write() as slow:
            services.add_person(slow, full_name="Медленный Писатель", actor="Тест")
            slow.flush()  # its event id is taken now; the commit comes after the other's
            _add_person(database, "Быстрый Писатель")
            assert watcher.changed() is True
            assert watcher.changed() is False
        assert watcher.changed() is True  # the slow one's commit, with the lower id
        watcher.close()
    finally:
        other.dispose()
        database.dispose()
