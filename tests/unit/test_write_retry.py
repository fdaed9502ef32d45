"""``Database.transact``: a change that met a concurrent writer runs again; a named version not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from taskboard.domain import services
from taskboard.errors import StaleVersion
from taskboard.storage import database as storage
from taskboard.storage.database import Database


@pytest.fixture
def shared(db: Database) -> int:
    with db.write() as s:
        owner = services.add_person(s, full_name="Сандалов Михаил", actor="t")
        assert owner.id is not None
        a = services.add_assignment(
            s, text="Общее", owner_id=owner.id, due=date(2027, 1, 1), actor="t"
        )
        assert a.id is not None
        return a.id


def test_a_conflict_at_the_write_is_run_again_on_fresh_data(
    db: Database, shared: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "RETRY_PAUSE_S", 0)
    calls: list[int] = []

    def job(session: Session) -> int:
        calls.append(1)
        services.add_note(session, assignment_id=shared, text=f"Ход {len(calls)}", actor="t")
        if len(calls) < 3:
            raise StaleDataError("UPDATE statement on table 'assignment' expected 1 row")
        return len(calls)

    assert db.transact(job) == 3
    with db.read() as s:
        detail = services.get_assignment(s, shared)
        assert detail.version == 2  # only the third attempt was committed


def test_the_retries_are_bounded(
    db: Database, shared: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "RETRY_PAUSE_S", 0)
    calls: list[int] = []

    def job(session: Session) -> None:
        calls.append(1)
        raise StaleDataError("always stale")

    with pytest.raises(StaleVersion):
        db.transact(job)
    assert len(calls) == storage.WRITE_ATTEMPTS


def test_a_named_stale_version_is_refused_at_once(
    db: Database, shared: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "RETRY_PAUSE_S", 0)
    calls: list[int] = []

    def job(session: Session) -> None:
        calls.append(1)
        services.start(session, assignment_id=shared, actor="t", expected_version=7)

    with pytest.raises(StaleVersion, match="version 1, you had 7"):
        db.transact(job)
    assert calls == [1]
