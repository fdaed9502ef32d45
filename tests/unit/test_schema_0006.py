"""Schema 0006: owners' reports. A database made by 0005 upgrades with every assignment keeping its
status, deadline and history (the chain still holds), on SQLite and on PostgreSQL; the loop then
runs on it; a downgrade drops the reports and puts what was under review or in rework back on
control as open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from taskboard.domain import audit, services
from taskboard.domain.models import ASSIGNMENT_TABLE, REPORT_TABLE
from taskboard.storage.database import HEAD_REVISION, make_engine, open_database
from tests.schema import alembic_config, make_at

ROWS_AT_0005 = (
    "INSERT INTO person (id, full_name, name_folded, created_at) "
    "VALUES (1, 'Сандалов Михаил', 'сандалов михаил', '2026-11-01 10:00:00+00')",
    *(
        "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status, "
        f"priority, created_at, updated_at, closed_on, version) VALUES ({i}, 'Пункт {i}', "
        f"'пункт {i}', 1, '2026-12-20', '2026-12-20', '{status}', 'normal', "
        f"'2026-11-01 10:00:00+00', '2026-11-01 10:00:00+00', {closed}, 1)"
        for i, status, closed in (
            (1, "open", "NULL"),
            (2, "in_progress", "NULL"),
            (3, "done", "'2026-11-15'"),
            (4, "cancelled", "'2026-11-16'"),
        )
    ),
)
"""One person and an assignment in each status 0005 knew (no history: sealed is sealed)."""

BEFORE = [
    (1, "open", date(2026, 12, 20), None),
    (2, "in_progress", date(2026, 12, 20), None),
    (3, "done", date(2026, 12, 20), date(2026, 11, 15)),
    (4, "cancelled", date(2026, 12, 20), date(2026, 11, 16)),
]


def _assignments(conn) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    a = ASSIGNMENT_TABLE
    found = conn.execute(select(a.c.id, a.c.status, a.c.due, a.c.closed_on).order_by(a.c.id))
    return [tuple(row) for row in found]


def _check_upgraded(url: str) -> None:
    make_at(url, "0005", ROWS_AT_0005)
    db = open_database(url, auto_upgrade=True)  # upgrades (PostgreSQL: on purpose)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert _assignments(conn) == BEFORE
            assert conn.execute(select(REPORT_TABLE)).all() == []
            assert audit.verify(conn).ok
        with db.write() as s:
            services.submit(
                s,
                assignment_id=1,
                text="Сделано",
                actor="Тестов Т.Т.",
                reported_on=date(2026, 11, 20),
            )
            services.submit(s, assignment_id=2, text="Почти", actor="Тестов Т.Т.")
            services.return_for_rework(
                s, assignment_id=2, comment="Доработать", actor="Тестов Т.Т."
            )
            services.submit(s, assignment_id=2, text="Снова", actor="Тестов Т.Т.")
            services.accept(s, assignment_id=2, actor="Тестов Т.Т.")
        with db.engine.connect() as conn:
            assert [r[:2] for r in _assignments(conn)] == [
                (1, "review"),
                (2, "done"),
                (3, "done"),
                (4, "cancelled"),
            ]
            reports = conn.execute(
                select(
                    REPORT_TABLE.c.assignment_id, REPORT_TABLE.c.text, REPORT_TABLE.c.reported_on
                ).order_by(REPORT_TABLE.c.id)
            ).all()
            assert [tuple(r) for r in reports] == [
                (1, "Сделано", date(2026, 11, 20)),
                (2, "Почти", date(2026, 11, 24)),
                (2, "Снова", date(2026, 11, 24)),
            ]
            verdict = audit.verify(conn)
            assert verdict.ok, verdict.finding
    finally:
        db.dispose()


def _check_downgrade(url: str) -> None:
    engine = make_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0005")
        with engine.connect() as conn:
            assert "report" not in inspect(conn).get_table_names()
            assert [r[:2] for r in _assignments(conn)] == [
                (1, "open"),
                (2, "done"),
                (3, "done"),
                (4, "cancelled"),
            ]
    finally:
        engine.dispose()


def test_a_sqlite_database_at_0005_upgrades_keeping_every_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _check_upgraded(url)
    _check_downgrade(url)


@pytest.mark.postgres
def test_a_postgresql_database_at_0005_upgrades_keeping_every_status(pg_url: str) -> None:
    _check_upgraded(pg_url)
    _check_downgrade(pg_url)
