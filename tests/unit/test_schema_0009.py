"""Schema 0009: the index of the deadlines of assignments on control, on PostgreSQL. A database
made by 0008 upgrades in place: on PostgreSQL the partial index is there and serves the first
page of the assignments on control in deadline order (``EXPLAIN`` names it), the rows and the
listing's answer are what they were; SQLite only moves its stamp; a downgrade gives 0008
back."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from taskboard.storage.database import HEAD_REVISION, make_engine, open_database
from tests.schema import alembic_config, make_at
from tests.unit.test_schema_0007 import ROWS_AT_0006

INDEX = "ix_assignment_active_due"
PAGE = (
    "SELECT id FROM assignment WHERE status IN ('open', 'in_progress', 'review', 'rework')"
    " ORDER BY due, id LIMIT 60"
)


def _index_exists(url: str) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_indexes WHERE indexname = :name"), {"name": INDEX}
            ).first()
            return found is not None
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_database_at_0008_gets_the_index_of_deadlines_on_control_and_back(
    pg_url: str,
) -> None:
    make_at(pg_url, "0008", ROWS_AT_0006)
    db = open_database(pg_url, auto_upgrade=True)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert [r[0] for r in conn.execute(text(PAGE))] == [1]  # 2 is done
            conn.execute(text("SET enable_seqscan = off"))  # two rows: make the planner show it
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {PAGE}")))
            assert INDEX in plan
            assert "Sort" not in plan  # the index gives the order
    finally:
        db.dispose()
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            alembic = alembic_config()
            alembic.attributes["connection"] = conn
            command.downgrade(alembic, "0008")
    finally:
        engine.dispose()
    assert not _index_exists(pg_url)


def test_a_sqlite_database_at_0008_only_moves_its_stamp(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    make_at(url, "0008", ROWS_AT_0006)
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert [r[0] for r in conn.execute(text(PAGE))] == [1]
            indexes = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
            assert INDEX not in indexes
    finally:
        db.dispose()
