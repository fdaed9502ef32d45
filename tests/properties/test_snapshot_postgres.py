"""The JSON export restored across back ends: SQLite → PostgreSQL → the same export.

The PostgreSQL database is made with a Russian ICU collation, as a server set up for a Russian
department would sort text, so that nothing in the export may depend on the server's order
of strings (SQLite compares code points).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from taskboard import snapshot
from taskboard.storage.database import Database, open_database
from tests.conftest import PG_URL
from tests.properties.conftest import fresh_database
from tests.properties.test_snapshot import _STAMP, _build, registers

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def russian_postgres() -> Iterator[Database]:
    """A migrated PostgreSQL register whose text sorts the Russian way (ICU «ru-RU»)."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"taskboard_props_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(
                text(
                    f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                    "LOCALE_PROVIDER icu ICU_LOCALE 'ru-RU' LOCALE 'C.UTF-8'"
                )
            )
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("TASKBOARD_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL required but not reachable at {PG_URL}: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_URL} (see README: running the PostgreSQL tests)")
    database = open_database(PG_URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _emptied(database: Database) -> Database:
    """The register emptied for the next example (restore takes an empty one only)."""
    tables = [t.name for t in _tables()]
    with database.write() as s:
        s.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    return database


def _tables() -> list[Any]:
    from taskboard.domain.models import table_of

    return [table_of(model) for model in snapshot.ALL_TABLES]


@given(plan=registers())
@example(  # the C order and the Russian one sort these tags differently («B» < «a» in C only):
    # the export followed the server's collation, so PostgreSQL's differed from SQLite's
    plan={
        "people": ["Сандалов Михаил Андреевич"],
        "meetings": [],
        "assignments": [
            {
                "text": "Проработать",
                "owner": 0,
                "co": [],
                "meeting": None,
                "due": date(2027, 6, 1),
                "tags": ["Беларусь", "архив", "B", "a"],
                "priority": "normal",
            }
        ],
        "operations": [],
    }
)
def test_a_sqlite_export_restored_into_postgresql_exports_the_same_bytes(
    russian_postgres: Database, plan: dict[str, Any]
) -> None:
    with fresh_database() as source:
        _build(source, plan)
        first = snapshot.export_bytes(source, "json")
        first_csv = snapshot.export_bytes(source, "csv")
    target = _emptied(russian_postgres)
    with target.write() as s:
        snapshot.restore(s, snapshot.parse_export(first, "e.json"), name="e.json", target="pg")
    again = snapshot.export_bytes(target, "json")
    assert _STAMP.sub(b"", again) == _STAMP.sub(b"", first)
    assert snapshot.export_bytes(target, "csv") == first_csv
