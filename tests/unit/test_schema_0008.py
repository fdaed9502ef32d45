"""Schema 0008: the trigram search index on PostgreSQL. A database made by 0007 upgrades in
place: on PostgreSQL the GIN index on the folded search text is there and serves a search
(``EXPLAIN`` names it), the rows and the search's answers are what they were; where the role may
not create ``pg_trgm`` the upgrade still succeeds without the index; SQLite only moves its
stamp; a downgrade gives 0007 back."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from taskboard.storage.database import HEAD_REVISION, make_engine, open_database
from tests.schema import alembic_config, make_at
from tests.unit.test_schema_0007 import ROWS_AT_0006

INDEX = "ix_assignment_search_trgm"
SEARCH = "SELECT id FROM assignment WHERE search_text LIKE '%пункт 2%' ORDER BY id"


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
def test_a_postgresql_database_at_0007_gets_the_trigram_index_and_back(pg_url: str) -> None:
    make_at(pg_url, "0007", ROWS_AT_0006)
    db = open_database(pg_url, auto_upgrade=True)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert [r[0] for r in conn.execute(text(SEARCH))] == [2]
            conn.execute(text("SET enable_seqscan = off"))  # two rows: make the planner show it
            counted = "SELECT count(*) FROM assignment WHERE search_text LIKE '%пункт 2%'"
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {counted}")))
            assert INDEX in plan
    finally:
        db.dispose()
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            alembic = alembic_config()
            alembic.attributes["connection"] = conn
            command.downgrade(alembic, "0007")
    finally:
        engine.dispose()
    assert not _index_exists(pg_url)


@pytest.mark.postgres
def test_without_the_right_to_create_pg_trgm_the_upgrade_succeeds_without_the_index(
    pg_url: str,
) -> None:
    """A role that owns the tables but may not create extensions in the database."""
    make_at(pg_url, "0007", ROWS_AT_0006)
    role = f"tb_noext_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
                conn.execute(text("DROP EXTENSION pg_trgm"))
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f"REVOKE CREATE ON DATABASE {pg_url.rsplit('/', 1)[1]} FROM PUBLIC"))
            for table in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars():
                conn.execute(text(f'ALTER TABLE "{table}" OWNER TO {role}'))
        as_role = pg_url.replace("postgres@", f"{role}@", 1)
        db = open_database(as_role, auto_upgrade=True)
        try:
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                    HEAD_REVISION
                )
                assert [r[0] for r in conn.execute(text(SEARCH))] == [2]
        finally:
            db.dispose()
        assert not _index_exists(pg_url)
    finally:
        with admin.connect() as conn:
            for table in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars():
                conn.execute(text(f'ALTER TABLE "{table}" OWNER TO postgres'))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def test_a_sqlite_database_at_0007_only_moves_its_stamp(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    make_at(url, "0007", ROWS_AT_0006)
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            assert [r[0] for r in conn.execute(text(SEARCH))] == [2]
            indexes = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
            assert INDEX not in indexes
    finally:
        db.dispose()
