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
