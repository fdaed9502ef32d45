"""Shared fixtures: a fixed today, a private config, temporary databases, a CLI runner.

Every test that takes its register from :func:`register_url` (directly, or through ``db``,
``cli``, the TUI's ``register``, the importers' ``demo``) runs twice: on a new SQLite file and
on an emptied PostgreSQL database (``[sqlite]`` and ``[postgresql]`` in its id). A test that
names the file itself (``db_path``), compares screenshots, or is marked ``sqlite_only`` (with
the reason: file permissions, locks, damaged files) runs on SQLite alone. Without a server the
PostgreSQL half skips, saying how to run it; with TASKBOARD_REQUIRE_PG=1 (CI) it fails instead,
and the session fails when no PostgreSQL test ran at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from taskboard import i18n

TODAY = date(2026, 11, 24)
"""The fixed "today" of the tests (TASKBOARD_TODAY)."""

PG_URL = os.environ.get(
    "TASKBOARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_SINGLE_BACKEND = ("db_path", "snap_compare")
"""Fixtures that tie a test to SQLite: the file's own path, and screenshot comparisons (the
screen does not depend on the backend, and their snapshot names must stay put)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes ``backend`` on both backends, unless it is tied to SQLite."""
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only") is not None or any(
        name in metafunc.fixturenames for name in _SINGLE_BACKEND
    ):
        return  # the backend fixture says sqlite
    metafunc.parametrize("backend", BACKENDS, indirect=True)


_postgres_passed = 0


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _postgres_passed
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _postgres_passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With TASKBOARD_REQUIRE_PG=1 (CI), a whole run in which no PostgreSQL test passed fails."""
    if (
        os.environ.get("TASKBOARD_REQUIRE_PG")
        and not hasattr(session.config, "workerinput")  # the controller, or a run without xdist
        and exitstatus == 0
        and session.testscollected > 0
        and _postgres_passed == 0
        and not session.config.option.collectonly
    ):
        print("\nTASKBOARD_REQUIRE_PG=1 but no PostgreSQL test ran: the suite is not complete.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test: fixed today, an empty private config, no inherited database, Russian off."""
    home = tmp_path_factory.mktemp("home")
    config = home / "config.toml"
    config.write_text('actor = "Тестов Т.Т."\n', encoding="utf-8")
    config.chmod(0o600)  # whatever the umask: a group-writable config earns a warning
    monkeypatch.setenv("TASKBOARD_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TASKBOARD_CONFIG", str(config))
    monkeypatch.setenv("TASKBOARD_LANG", "en")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("TASKBOARD_DB", raising=False)
    monkeypatch.delenv("TASKBOARD_DEBUG", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask (022: files 0644 unless the program chooses), restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a database file that does not exist yet."""
    return tmp_path / "register.db"


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: which database :func:`register_url` gives this run."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def register_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where this test's register lives: a new SQLite file (the path ``db_path`` names), or an
    empty PostgreSQL database at the current schema."""
    if backend == "sqlite":
        return str(tmp_path / "register.db")
    return str(request.getfixturevalue("_pg_register"))


@pytest.fixture
def db(register_url: str):  # type: ignore[no-untyped-def]
    """An open, empty database (on each backend)."""
    from taskboard.storage.database import open_database

    database = open_database(register_url)
    yield database
    database.dispose()


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], register_url: str):  # type: ignore[no-untyped-def]
    """Run ``taskboard --db <register_url> ARGS`` in-process through the real entry point."""
    from taskboard.cli.app import run

    default = Path(register_url) if "://" not in register_url else register_url

    def invoke(*args: str, db: Path | str | None = default) -> Result:
        capsys.readouterr()
        argv = ["--db", str(db), *args] if db is not None else list(args)
        code = run(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def run_process(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
) -> Result:
    """Run ``python -m taskboard ARGS`` as a real process."""
    completed = subprocess.run(
        [sys.executable, "-m", "taskboard", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=timeout,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def _pg_unreachable(exc: Exception) -> None:
    if os.environ.get("TASKBOARD_REQUIRE_PG"):
        pytest.fail(f"PostgreSQL required but not reachable at {PG_URL}: {exc}")
    pytest.skip(f"no PostgreSQL at {PG_URL} (see README: running the PostgreSQL tests)")


@pytest.fixture(scope="session")
def _pg_worker_database() -> Iterator[str]:
    """One PostgreSQL database per test process, at the current schema, dropped at the end."""
    from taskboard.storage.database import open_database

    with new_pg_database("taskboard_test_w") as url:
        open_database(url).dispose()
        yield url


def _drop_database(admin: Any, name: str) -> None:
    from sqlalchemy import text

    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


_EMPTY_REGISTER = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid();
SET session_replication_role = replica;
DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
           AND tablename NOT IN ('alembic_version', 'audit_chain') LOOP
    EXECUTE format('DELETE FROM %I', t);
  END LOOP;
END $$;
SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S' AND n.nspname = 'public';
UPDATE audit_chain SET seq = 0, hash = repeat('0', 64);
SET session_replication_role = DEFAULT;
"""


@pytest.fixture
def _pg_register(_pg_worker_database: str) -> str:
    """This process's PostgreSQL database emptied as a new register: no rows, ids from 1, the
    history's seal at its start, every other connection to it closed. Rebuilt when a test left
    it at another schema."""
    import psycopg

    from taskboard.storage.database import HEAD_REVISION, open_database

    conninfo = _pg_worker_database.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT version_num FROM alembic_version"
            if conn.execute("SELECT to_regclass('alembic_version')").fetchone() != (None,)
            else "SELECT NULL"
        ).fetchone()
        if row is None or row[0] != HEAD_REVISION:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            conn.close()
            open_database(_pg_worker_database).dispose()
            return _pg_worker_database
        conn.execute(_EMPTY_REGISTER)
    return _pg_worker_database


@contextmanager
def new_pg_database(prefix: str = "taskboard_test_") -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server: its URL, dropped afterwards.

    Skips when no server answers, unless TASKBOARD_REQUIRE_PG=1 (CI), which fails instead.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        _pg_unreachable(exc)
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _drop_database(admin, name)
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database of its own, with no schema (dropped afterwards).

    Skipped when no server answers, unless TASKBOARD_REQUIRE_PG=1 (CI sets it), in which case
    the test fails instead: CI must never skip the PostgreSQL tests.
    """
    with new_pg_database() as url:
        yield url
