"""``taskboard db status`` and ``db upgrade``: where a register's schema stands, and the
deliberate upgrade a shared PostgreSQL register needs (an older schema there is refused on
open, with one line naming the command, unless the config says ``auto_upgrade = true``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from taskboard.storage.database import HEAD_REVISION, SCHEMA_REVISIONS, make_engine
from tests.conftest import run_process
from tests.schema import make_at
from tests.unit.test_schema_0007 import ROWS_AT_0006

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS = SCHEMA_REVISIONS[-2]


def _revision(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        engine.dispose()


def test_status_of_a_current_register_names_backend_schema_and_counts(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "example.db"
    shutil.copy(ROOT / "taskboard.db.example", copy)
    before = copy.read_bytes()
    result = cli("db", "status", "--format", "json", db=copy)
    assert result.code == 0, result.err
    status = json.loads(result.out)
    assert (status["backend"], status["database"], status["state"]) == (
        "sqlite",
        str(copy),
        "current",
    )
    assert status["revision"] == status["head"] == HEAD_REVISION and status["pending"] == []
    assert status["counts"]["assignment"] == 9 and status["counts"]["person"] == 9
    table = cli("db", "status", db=copy)
    assert "State           current" in table.out and "assignments     9" in table.out
    again = cli("db", "upgrade", db=copy)
    said = " ".join(again.err.split())
    assert again.code == 0 and "already at schema" in said and "nothing to do" in said
    assert copy.read_bytes() == before  # status and a no-op upgrade write nothing
    assert not list(tmp_path.glob("example.db-*"))  # not even a WAL


def test_an_older_sqlite_file_shows_its_pending_migration_then_upgrades_with_a_backup(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    make_at(f"sqlite:///{path}", PREVIOUS, ROWS_AT_0006)
    status = json.loads(cli("db", "status", "--format", "json", db=path).out)
    assert (status["revision"], status["state"]) == (PREVIOUS, "behind")
    assert [m["revision"] for m in status["pending"]] == [HEAD_REVISION]
    assert status["pending"][0]["title"]  # what it changes, from the migration's docstring
    assert "Pending migrations:" in cli("db", "status", db=path).out
    assert _revision(f"sqlite:///{path}") == PREVIOUS  # status changed nothing
    result = cli("db", "upgrade", db=path)
    assert result.code == 0, result.err
    assert f"upgraded from schema {PREVIOUS} to {HEAD_REVISION}" in " ".join(result.err.split())
    assert f"  {HEAD_REVISION}  " in result.err
    assert _revision(f"sqlite:///{path}") == HEAD_REVISION
    assert list(tmp_path.glob(f"old.db.backup-{PREVIOUS}-*"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("db", "status"), "There is no database at"),
        (("db", "upgrade"), "There is no database at"),
        (("db", "status", "--format", "xml"), "Unknown format «xml»"),
    ],
)
def test_bad_db_commands_are_one_line_errors_that_create_nothing(
    cli, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    missing = tmp_path / "missing.db"
    result = cli(*args, db=missing)
    assert result.code == 2
    assert expected in " ".join(result.err.split()) and result.err.startswith("taskboard: error:")
    assert not missing.exists()


def test_a_newer_schema_is_reported_and_not_upgraded(cli, tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    shutil.copy(ROOT / "taskboard.db.example", path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    status = json.loads(cli("db", "status", "--format", "json", db=path).out)
    assert (status["revision"], status["state"]) == ("9999", "newer")
    result = cli("db", "upgrade", db=path)
    assert result.code != 0 and "newer than this taskboard" in " ".join(result.err.split())


@pytest.mark.postgres
def test_an_older_postgresql_register_is_refused_until_an_administrator_upgrades_it(
    pg_url: str, tmp_path: Path
) -> None:
    """Real processes: a client of the old schema is refused (one line, nothing changed),
    ``db status`` shows it behind, ``db upgrade`` brings it current, then every client works;
    ``auto_upgrade = true`` in the config upgrades on open instead."""
    make_at(pg_url, PREVIOUS, ROWS_AT_0006)
    listed = run_process("--lang", "en", "--db", pg_url, "list")
    assert listed.code == 2
    assert listed.err.startswith("taskboard: error: The database ")
    said = " ".join(listed.err.split())
    assert "taskboard db upgrade" in said and "auto_upgrade = true" in said
    assert _revision(pg_url) == PREVIOUS
    status = json.loads(run_process("--db", pg_url, "db", "status", "--format", "json").out)
    assert (status["backend"], status["state"]) == ("postgresql", "behind")
    assert status["counts"]["assignment"] == 2
    upgraded = run_process("--lang", "en", "--db", pg_url, "db", "upgrade")
    assert upgraded.code == 0, upgraded.err
    assert f"upgraded from schema {PREVIOUS} to {HEAD_REVISION}" in " ".join(upgraded.err.split())
    after = run_process("--db", pg_url, "list", "--status", "all", "--format", "json")
    assert after.code == 0, after.err
    assert len(json.loads(after.out)) == 2


@pytest.mark.postgres
def test_auto_upgrade_in_the_config_upgrades_a_postgresql_register_on_open(
    pg_url: str, tmp_path: Path
) -> None:
    make_at(pg_url, PREVIOUS, ROWS_AT_0006)
    config = tmp_path / "config.toml"
    config.write_text("auto_upgrade = true\n", encoding="utf-8")
    config.chmod(0o600)
    listed = run_process(
        "--db", pg_url, "list", "--status", "all", "--format", "json",
        env={"TASKBOARD_CONFIG": str(config)},
    )  # fmt: skip
    assert listed.code == 0, listed.err
    assert _revision(pg_url) == HEAD_REVISION


def test_auto_upgrade_must_be_true_or_false(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('auto_upgrade = "yes"\n', encoding="utf-8")
    config.chmod(0o600)
    result = run_process(
        "--lang", "en", "--db", str(tmp_path / "x.db"), "list",
        env={"TASKBOARD_CONFIG": str(config)},
    )  # fmt: skip
    assert result.code == 2
    assert "auto_upgrade must be" in " ".join(result.err.split())


def _export(cli, db) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = cli("export", db=db)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    data.pop("exported_at")
    return data  # type: ignore[no-any-return]


def test_db_copy_writes_a_loss_free_copy_and_refuses_a_register_with_data(
    cli, tmp_path: Path
) -> None:
    source = tmp_path / "example.db"
    shutil.copy(ROOT / "taskboard.db.example", source)
    target = tmp_path / "copy.db"
    result = cli("db", "copy", "--to", str(target), db=source)
    assert result.code == 0, result.err
    said = " ".join(result.err.split())
    assert "9 people, 2 meetings, 9 assignments, 37 history events" in said
    assert "the copy exports exactly as the register does" in said
    assert _export(cli, target) == _export(cli, source)
    # Into a register that holds data: refused, nothing changed; --force replaces it all.
    assert cli("add", "Чужое поручение", "--owner", "сандалов", db=target).code == 0
    before = _export(cli, target)
    again = cli("db", "copy", "--to", str(target), db=source)
    assert again.code == 2 and "--force" in again.err
    assert _export(cli, target) == before
    forced = cli("db", "copy", "--to", str(target), "--force", db=source)
    assert forced.code == 0, forced.err
    assert _export(cli, target) == _export(cli, source)
    assert cli("audit", "verify", db=target).code == 0
    itself = cli("db", "copy", "--to", str(source), db=source)
    assert itself.code == 2 and "the register itself" in itself.err


@pytest.mark.postgres
def test_db_copy_from_sqlite_to_postgresql_and_back_compares_equal(
    cli, pg_url: str, tmp_path: Path
) -> None:
    """The example, SQLite → PostgreSQL → SQLite, with the same export at every step; the
    server's sequences continue after the copied ids."""
    source = tmp_path / "example.db"
    shutil.copy(ROOT / "taskboard.db.example", source)
    assert cli("db", "copy", "--to", pg_url, db=source).code == 0
    assert _export(cli, pg_url) == _export(cli, source)
    back = tmp_path / "back.db"
    assert cli("db", "copy", "--to", str(back), db=pg_url).code == 0
    assert _export(cli, back) == _export(cli, source)
    added = cli("add", "После переноса", "--owner", "сандалов", db=pg_url)
    assert added.code == 0 and added.out.strip() == "10", added.err


@pytest.mark.postgres
def test_db_copy_of_a_register_of_several_batches_is_loss_free_both_ways(
    cli, pg_url: str, tmp_path: Path
) -> None:
    """More rows than a batch in every big list (the copy streams them a batch at a time):
    SQLite → PostgreSQL → SQLite exports the same, and the check says so."""
    from bench.generate import generate

    source = tmp_path / "big.db"
    generate(source, n=2600, owners=40, meetings=30, seed=7)
    there = cli("db", "copy", "--to", pg_url, db=source)
    assert there.code == 0, there.err
    assert "2600 assignments" in " ".join(there.err.split())
    assert "the copy exports exactly as the register does" in " ".join(there.err.split())
    assert _export(cli, pg_url) == _export(cli, source)
    back = tmp_path / "back.db"
    home = cli("db", "copy", "--to", str(back), db=pg_url)
    assert home.code == 0, home.err
    assert _export(cli, back) == _export(cli, source)
    assert cli("audit", "verify", db=back).code == 0


def test_db_copy_of_timestamps_stored_in_another_form_takes_the_typed_way(
    cli, tmp_path: Path
) -> None:
    """Values SQLite holds in a form taskboard does not write (another program's edits): the
    batch-at-a-time copy gives way, leaving nothing in the target, and the typed copy makes
    a register that exports as the source does."""
    import sqlite3

    source = tmp_path / "example.db"
    shutil.copy(ROOT / "taskboard.db.example", source)
    with sqlite3.connect(source) as con:
        con.execute("UPDATE note SET created_at = '2026-11-02T11:30:00' WHERE id = 1")
        con.execute("UPDATE person SET created_at = '2026-11-01 10:00:00+00' WHERE id = 1")
    con.close()
    target = tmp_path / "copy.db"
    result = cli("db", "copy", "--to", str(target), db=source)
    assert result.code == 0, result.err
    assert "the copy exports exactly as the register does" in " ".join(result.err.split())
    copied = _export(cli, target)
    assert copied == _export(cli, source)
    assert copied["notes"][0]["created_at"] == "2026-11-02T11:30:00+00:00"
