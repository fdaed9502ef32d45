"""Schema 0007: control levels, co-executors' parts, extension requests, review decisions. A
database made by 0006, with rows in every table that refers to an assignment (notes, reports,
extensions, co-executors, history), upgrades in place on SQLite and PostgreSQL: every row keeps
its values, the new columns are empty and the chain still holds; a downgrade gives 0006 back
with the same rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from taskboard.domain import audit
from taskboard.domain.models import (
    ASSIGNMENT_TABLE,
    CO_EXECUTOR_TABLE,
    EXTENSION_TABLE,
    REPORT_TABLE,
)
from taskboard.storage.database import HEAD_REVISION, make_engine, open_database
from tests.schema import alembic_config, make_at

AT = "'2026-11-01 10:00:00+00'"
ROWS_AT_0006 = (
    f"INSERT INTO person (id, full_name, name_folded, created_at) "
    f"VALUES (1, 'Сандалов Михаил', 'сандалов михаил', {AT}), "
    f"(2, 'Волосков Сергей', 'волосков сергей', {AT})",
    "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status, "
    f"priority, created_at, updated_at, closed_on, version) VALUES "
    f"(1, 'Пункт 1', 'пункт 1', 1, '2026-12-20', '2026-12-10', 'review', 'normal', {AT}, {AT}, "
    "NULL, 3), "
    f"(2, 'Пункт 2', 'пункт 2', 2, '2026-12-25', '2026-12-25', 'done', 'high', {AT}, {AT}, "
    "'2026-11-15', 2)",
    "INSERT INTO assignment_co_executor (assignment_id, person_id, position) VALUES (1, 2, 0)",
    "INSERT INTO assignment_tag (assignment_id, tag) VALUES (1, 'агро')",
    f"INSERT INTO note (assignment_id, created_at, actor, text) VALUES (1, {AT}, 'Т', 'Ход')",
    "INSERT INTO extension (assignment_id, created_at, actor, old_due, new_due, reason) "
    f"VALUES (1, {AT}, 'Т', '2026-12-10', '2026-12-20', 'Письмо')",
    "INSERT INTO report (assignment_id, created_at, actor, text, reported_on, document) "
    f"VALUES (1, {AT}, 'Т', 'Сделано', '2026-11-20', 'исх. 12')",
)
"""Two people, two assignments and a row in each table that refers to one (no history: what
0006 sealed stays sealed)."""


def _rows(conn) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    a, c, e, r = ASSIGNMENT_TABLE, CO_EXECUTOR_TABLE, EXTENSION_TABLE, REPORT_TABLE
    return {
        "assignment": [
            tuple(row)
            for row in conn.execute(
                select(a.c.id, a.c.status, a.c.due, a.c.original_due, a.c.version).order_by(a.c.id)
            )
        ],
        "co": [tuple(row) for row in conn.execute(select(c.c.assignment_id, c.c.person_id))],
        "extension": [tuple(row) for row in conn.execute(select(e.c.old_due, e.c.new_due))],
        "report": [tuple(row) for row in conn.execute(select(r.c.text, r.c.document))],
        "note": [tuple(row) for row in conn.execute(text("SELECT text FROM note"))],
    }


BEFORE = {
    "assignment": [
        (1, "review", date(2026, 12, 20), date(2026, 12, 10), 3),
        (2, "done", date(2026, 12, 25), date(2026, 12, 25), 2),
    ],
    "co": [(1, 2)],
    "extension": [(date(2026, 12, 10), date(2026, 12, 20))],
    "report": [("Сделано", "исх. 12")],
    "note": [("Ход",)],
}


def _check(url: str) -> None:
    make_at(url, "0006", ROWS_AT_0006)
    db = open_database(url, auto_upgrade=True)  # upgrades (PostgreSQL: on purpose)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert _rows(conn) == BEFORE
            a = ASSIGNMENT_TABLE
            assert conn.execute(select(a.c.control_level)).scalars().all() == [None, None]
            assert conn.execute(select(CO_EXECUTOR_TABLE.c.due)).scalars().all() == [None]
            assert conn.execute(select(REPORT_TABLE.c.person_id)).scalars().all() == [None]
            tables = set(inspect(conn).get_table_names())
            assert {"extension_request", "review_decision"} <= tables
            verdict = audit.verify(conn)
            assert verdict.ok, verdict.finding
    finally:
        db.dispose()
    engine = make_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert not {"extension_request", "review_decision"} & tables
            assert "control_level" not in {
                c["name"] for c in inspect(conn).get_columns("assignment")
            }
            assert "person_id" not in {c["name"] for c in inspect(conn).get_columns("report")}
            assert _rows(conn) == BEFORE
    finally:
        engine.dispose()


def test_a_sqlite_database_at_0006_upgrades_in_place_and_back(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_at_0006_upgrades_in_place_and_back(pg_url: str) -> None:
    _check(pg_url)


ROWS_AT_0001 = (
    f"INSERT INTO person (id, full_name, name_folded, created_at) "
    f"VALUES (1, 'Сандалов Михаил', 'сандалов михаил', {AT}), "
    f"(2, 'Волосков Сергей', 'волосков сергей', {AT})",
    "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status, "
    f"priority, created_at, updated_at, version) VALUES (1, 'Пункт 1', 'пункт 1', 1, "
    f"'2026-12-20', '2026-12-10', 'open', 'normal', {AT}, {AT}, 2)",
    "INSERT INTO assignment_co_executor (assignment_id, person_id, position) VALUES (1, 2, 0)",
    "INSERT INTO assignment_tag (assignment_id, tag) VALUES (1, 'агро')",
    f"INSERT INTO note (assignment_id, created_at, actor, text) VALUES (1, {AT}, 'Т', 'Ход')",
    "INSERT INTO extension (assignment_id, created_at, actor, old_due, new_due, reason) "
    f"VALUES (1, {AT}, 'Т', '2026-12-10', '2026-12-20', 'Письмо')",
    "INSERT INTO event (assignment_id, at, actor, kind) VALUES (1, " + AT + ", 'Т', 'created')",
)
"""An assignment of the first schema with a row in every table that refers to it."""


def test_a_register_of_the_first_schema_with_notes_upgrades_to_the_current_one(
    tmp_path: Path,
) -> None:
    """0003 rebuilds ``assignment`` on SQLite (batch mode): with foreign keys on, dropping the
    old table failed on the notes that refer to it, so such a register could not be opened."""
    url = f"sqlite:///{tmp_path / 'first.db'}"
    make_at(url, "0001", ROWS_AT_0001)
    db = open_database(url, auto_upgrade=True)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            counts = [
                conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in (
                    "assignment",
                    "assignment_co_executor",
                    "assignment_tag",
                    "note",
                    "extension",
                    "event",
                )
            ]
            assert counts == [1, 1, 1, 1, 1, 1]
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            verdict = audit.verify(conn)
            assert verdict.ok, verdict.finding
    finally:
        db.dispose()
