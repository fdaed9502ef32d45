"""Opening databases: pragmas, migrations, refusing what cannot be used."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from taskboard.domain.queries import AssignmentFilter, list_assignments
from taskboard.errors import StorageError
from taskboard.storage import database
from taskboard.storage.database import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    SCHEMA_REVISIONS,
    make_engine,
    open_database,
)
from tests.conftest import TODAY
from tests.unit import factories as f


def test_known_revisions_match_the_alembic_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == SCHEMA_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_models_and_migrations_describe_the_same_schema(db_path: Path) -> None:
    """Alembic's autogenerate finds nothing to do on a freshly migrated database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    db = open_database(db_path)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    db.dispose()
    assert diff == []


def test_new_file_is_created_in_wal_mode_with_foreign_keys(db_path: Path) -> None:
    db = open_database(db_path)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    db.dispose()
    stamped = sqlite3.connect(db_path).execute("SELECT version_num FROM alembic_version")
    assert stamped.fetchone()[0] == HEAD_REVISION


def test_foreign_keys_are_enforced(db) -> None:
    with db.engine.connect() as conn, pytest.raises(Exception, match=r"(?i)foreign key"):
        conn.execute(
            text(
                "INSERT INTO assignment (text, search_text, owner_id, due, original_due, status,"
                " priority, created_at, updated_at, version) VALUES ('x', 'x', 42, '2027-01-01',"
                " '2027-01-01', 'open', 'normal', '2026-01-01', '2026-01-01', 1)"
            )
        )
        conn.commit()


def test_database_made_by_the_first_migration_opens_with_its_data(tmp_path: Path) -> None:
    """A file created by migration 0001 (the first shipped schema) opens and keeps its rows."""
    from alembic import command

    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO person (id, full_name, name_folded, created_at) "
                "VALUES (1, 'Сандалов Михаил', 'сандалов михаил', '2026-11-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, "
                "status, priority, created_at, updated_at, version) VALUES (1, 'Старое поручение', "
                "'старое поручение', 1, '2026-11-20', '2026-11-20', 'open', 'normal', "
                "'2026-11-01 10:00:00', '2026-11-01 10:00:00', 1)"
            )
        )
    engine.dispose()
    db = open_database(path)
    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(), today=TODAY)
    db.dispose()
    assert [(r.text, r.owner, r.overdue) for r in rows] == [
        ("Старое поручение", "Сандалов Михаил", True)
    ]


def test_database_with_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="schema 9999, newer than this taskboard"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("это не база данных\n" * 100, encoding="utf-8")
    with pytest.raises(StorageError, match="is not a database"):
        open_database(path)
    assert path.read_text(encoding="utf-8").startswith("это не база")


def test_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="not a taskboard database"):
        open_database(path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        open_database(tmp_path / "no" / "such" / "dir" / "t.db")


def test_folder_given_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_database(tmp_path)


def test_read_only_database_reports_a_clear_error(db_path: Path) -> None:
    """A read-only database (opened read-only through the URI, as root ignores file modes)."""
    db = open_database(db_path)
    with db.write() as s:
        f.person(s)
    db.dispose()
    ro = open_database(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    with ro.read() as s:
        assert len(list(s.exec(text("SELECT id FROM person")))) == 1  # reading works
    with pytest.raises(StorageError, match="read-only"), ro.write() as s:
        f.person(s, "Волосков Сергей Александрович")
    ro.dispose()


def test_locked_database_reports_a_clear_error(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0)
    db = open_database(db_path)
    db.dispose()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        locked = open_database(db_path)
        with pytest.raises(StorageError, match="locked by another program"), locked.write() as s:
            f.person(s)
        locked.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_migration_of_an_old_sqlite_file_keeps_a_backup_copy(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """When the stamped revision is older than the program's, a copy is taken before upgrading."""
    path = tmp_path / "old.db"
    open_database(path).dispose()
    # Pretend the program knows one more revision than the file has.
    monkeypatch.setattr(database, "SCHEMA_REVISIONS", ("0000", *SCHEMA_REVISIONS))
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0000'")
    con.commit()
    con.close()
    upgraded: list[str] = []
    monkeypatch.setattr(database, "upgrade", lambda engine: upgraded.append("yes"))
    open_database(path).dispose()
    backups = list(tmp_path.glob("old.db.backup-0000-*"))
    assert upgraded == ["yes"]
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0000"
    copy.close()


def test_backup_is_a_consistent_database_copy(db, tmp_path: Path) -> None:
    from taskboard.storage.backup import backup_database

    with db.write() as s:
        f.assignment(s, f.person(s), text="Поручение для копии", due=date(2027, 1, 15))
    target = backup_database(db, tmp_path / "copy.db")
    copy = open_database(target)
    with copy.read() as s:
        rows = list_assignments(s, AssignmentFilter(), today=TODAY)
    copy.dispose()
    assert [r.text for r in rows] == ["Поручение для копии"]
