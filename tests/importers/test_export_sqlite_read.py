"""The JSON export reads SQLite's stored text directly (no datetime round trip per value): its
bytes must be exactly those of the typed read, which PostgreSQL's export takes. Timestamps in
the form SQLAlchemy writes and in the odd forms raw SQL leaves behind are both checked."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest


@pytest.fixture
def register(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    for args in (
        ("person", "add", "Сандалов Михаил"),
        ("add", "Первое", "--owner", "1", "--due", "2027-02-10"),
        ("add", "Второе", "--owner", "1", "--due", "2027-03-10", "--tag", "Беларусь"),
        ("note", "1", "Запись"),
        ("extend", "2", "--to", "2027-04-14", "--reason", "Причина"),
        ("done", "1"),
    ):
        assert cli(*args).code == 0, args
    # Rows as raw SQL or another tool may leave them: an offset, a "T", whole seconds.
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE person SET created_at = '2026-11-01 10:00:00+00' WHERE id = 1")
        con.execute("UPDATE note SET created_at = '2026-11-02T11:30:00' WHERE id = 1")
        con.execute("UPDATE assignment SET created_at = '2026-11-03 09:15:00' WHERE id = 2")
        con.execute("UPDATE assignment SET updated_at = '2026-11-03 09:15:00.000000' WHERE id = 2")
    con.close()
    return db_path


def _without_moment(payload: str) -> dict[str, object]:
    data = json.loads(payload)
    data.pop("exported_at")
    return data


@pytest.mark.postgres
def test_the_sqlite_export_is_byte_for_byte_the_typed_one(
    cli, register: Path, pg_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dump = tmp_path / "sqlite.json"
    assert cli("export", "--output", str(dump)).code == 0
    assert cli("import", str(dump), db=pg_url).code == 0
    again = tmp_path / "pg.json"
    assert cli("export", "--output", str(again), db=pg_url).code == 0
    first, second = dump.read_text(), again.read_text()
    assert _without_moment(first) == _without_moment(second)
    strip = [line for line in first.splitlines() if "exported_at" not in line]
    assert strip == [line for line in second.splitlines() if "exported_at" not in line]


def test_odd_stored_timestamps_come_out_in_utc_iso_form(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    data = _without_moment(cli("export").out)
    assert data["people"][0]["created_at"] == "2026-11-01T10:00:00+00:00"
    assert data["notes"][0]["created_at"] == "2026-11-02T11:30:00+00:00"
    second = data["assignments"][1]
    assert (second["created_at"], second["updated_at"]) == (
        "2026-11-03T09:15:00+00:00",
        "2026-11-03T09:15:00+00:00",
    )
    assert second["due"] == "2027-04-14" and second["tags"] == ["Беларусь"]
    assert all(e["at"].endswith("+00:00") and "T" in e["at"] for e in data["events"])


def test_the_export_layout_lists_every_column_of_every_table() -> None:
    """``export_rows.COLUMNS`` (read without SQLAlchemy) is what the table definitions say."""
    from datetime import date, datetime

    from taskboard import snapshot
    from taskboard.domain import export_rows
    from taskboard.domain.models import table_of

    for key, model in snapshot.SECTIONS:
        table = table_of(model)
        assert (key, table.name) in export_rows.SECTIONS
        expected = tuple(
            (
                column.name,
                {datetime: "moment", date: "day"}.get(snapshot._python_type(column), ""),
            )
            for column in snapshot._columns(table)
        )
        assert export_rows.COLUMNS[table.name] == expected, table.name
