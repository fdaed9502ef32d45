"""Shared fixtures: a fixed today, a private config, temporary databases, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from taskboard import i18n

TODAY = date(2026, 11, 24)
"""The fixed "today" of the tests (TASKBOARD_TODAY)."""

PG_URL = os.environ.get(
    "TASKBOARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


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
def db(db_path: Path):  # type: ignore[no-untyped-def]
    """An open, empty database."""
    from taskboard.storage.database import open_database

    database = open_database(db_path)
    yield database
    database.dispose()


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path):  # type: ignore[no-untyped-def]
    """Run ``taskboard --db <db_path> ARGS`` in-process through the real entry point."""
    from taskboard.cli.app import run

    def invoke(*args: str, db: Path | str | None = db_path) -> Result:
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


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database (dropped afterwards).

    Skipped when no server answers, unless TASKBOARD_REQUIRE_PG=1 (CI sets it), in which case
    the test fails instead: CI must never skip the PostgreSQL tests.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"taskboard_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("TASKBOARD_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL required but not reachable at {PG_URL}: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_URL} (see README: running the PostgreSQL tests)")
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
