"""Fixtures of the import/export tests: a demo database, row counts, file helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from taskboard.domain.models import Assignment, Event
from taskboard.storage.database import open_database

FIXTURES = Path(__file__).parent / "fixtures"


def count_rows(db: Path | str, model: type = Event) -> int:
    """How many rows ``model``'s table holds in the database at ``db``."""
    database = open_database(db)
    try:
        with database.read() as session:
            return int(
                session.connection().execute(select(func.count()).select_from(model)).scalar() or 0
            )
    finally:
        database.dispose()


def assignment_count(db: Path | str) -> int:
    """How many assignments the database holds."""
    return count_rows(db, Assignment)


@pytest.fixture
def demo(cli, register_url: str) -> Path | str:  # type: ignore[no-untyped-def]
    """The register filled with the example data (taskboard init --demo): the SQLite file's
    path, or the PostgreSQL database's URL."""
    result = cli("init", "--demo")
    assert result.code == 0, result.err
    return Path(register_url) if "://" not in register_url else register_url


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a text file into tmp_path (UTF-8 unless told) and return its path."""

    def make(name: str, text: str, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make
