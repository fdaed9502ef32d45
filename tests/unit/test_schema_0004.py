"""Schema 0004: history events carry a reason; a database made by 0003 upgrades and keeps its
history and its extensions, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from taskboard.domain import services
from taskboard.domain.models import Event, EventKind
from taskboard.domain.queries import AssignmentFilter, assignment_detail, list_assignments
from taskboard.storage.database import HEAD_REVISION, open_database
from tests.conftest import TODAY
from tests.schema import make_at

ROWS_AT_0003 = (
    "INSERT INTO person (id, full_name, name_folded, created_at) "
    "VALUES (1, 'Сандалов Михаил', 'сандалов михаил', '2026-11-01 10:00:00+00')",
    "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status, "
    "priority, created_at, updated_at, version) VALUES (1, 'Старое', 'старое', 1, "
    "'2026-12-20', '2026-11-20', 'open', 'normal', '2026-11-01 10:00:00+00', "
    "'2026-11-01 10:00:00+00', 3)",
    "INSERT INTO extension (assignment_id, created_at, actor, old_due, new_due, reason) "
    "VALUES (1, '2026-11-10 10:00:00+00', 'Иванова Е.П.', '2026-11-20', '2026-12-10', "
    "'Ждём ответа')",
    "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value) VALUES "
    "(1, '2026-11-10 10:00:00+00', 'Иванова Е.П.', 'extended', 'due', '2026-11-20', "
    "'2026-12-10'), "
    "(1, '2026-11-12 10:00:00+00', 'Иванова Е.П.', 'edited', 'due', '2026-12-10', "
    "'2026-12-20')",
)
"""One assignment extended once and then edited (the silent way of 0003), as 0003 stored it
(event and extension ids left to the database: PostgreSQL's sequences must count them)."""


def _make_at_0003(url: str) -> None:
    make_at(url, "0003", ROWS_AT_0003)


def _check_upgraded(url: str) -> None:
    db = open_database(url, auto_upgrade=True)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            reasons = conn.execute(text("SELECT id, reason FROM event ORDER BY id")).all()
            assert [tuple(r) for r in reasons] == [(1, None), (2, None)]
        with db.read() as s:
            [row] = list_assignments(s, AssignmentFilter(), today=TODAY)
            assert (row.due, row.original_due, row.extensions) == (
                date(2026, 12, 20),
                date(2026, 11, 20),
                1,
            )
        with db.write() as s:
            services.edit_assignment(
                s,
                assignment_id=1,
                changes=services.AssignmentUpdate(due=date(2026, 12, 25), reason="Опечатка"),
                actor="Тестов Т.Т.",
            )
        with db.read() as s:
            detail = assignment_detail(s, 1, today=TODAY)
            last = detail.history[-1]
            assert (last.kind, last.old_value, last.new_value, last.reason) == (
                EventKind.CORRECTED.value,
                "2026-12-20",
                "2026-12-25",
                "Опечатка",
            )
            assert detail.row.extensions == 1  # a correction is no extension
            assert s.get(Event, 2).reason is None  # type: ignore[union-attr]
    finally:
        db.dispose()


def test_a_sqlite_database_at_0003_upgrades_keeping_history_and_extensions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_at_0003(f"sqlite:///{path}")
    _check_upgraded(f"sqlite:///{path}")


@pytest.mark.postgres
def test_a_postgresql_database_at_0003_upgrades_keeping_history_and_extensions(
    pg_url: str,
) -> None:
    _make_at_0003(pg_url)
    _check_upgraded(pg_url)
