"""The same register on PostgreSQL: migrations, services, Cyrillic search, versioning, backup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from taskboard.domain import services
from taskboard.domain.queries import AssignmentFilter, list_assignments, meeting_summaries
from taskboard.errors import StaleVersion
from taskboard.storage.database import open_database
from tests.conftest import TODAY
from tests.unit import factories as f

pytestmark = pytest.mark.postgres


def test_register_works_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    try:
        with db.write() as s:
            owner = f.person(s, "Сандалов Михаил")
            m = f.meeting(s)
            aid = f.assignment(
                s,
                owner,
                text="Проработать с «Савушкин продукт»",
                meeting_id=m,
                due=date(2026, 11, 20),
                tags=["Беларусь"],
            )
            f.assignment(s, owner, text="Другое", due=date(2027, 3, 1))
            services.extend(
                s, assignment_id=aid, new_due=date(2027, 2, 26), reason="Миссия", actor="t"
            )
        with db.read() as s:
            found = list_assignments(s, AssignmentFilter(search="САВУШКИН"), today=TODAY)
            assert [(r.text, r.extensions, r.tags) for r in found] == [
                ("Проработать с «Савушкин продукт»", 1, ["Беларусь"])
            ]
            [summary] = meeting_summaries(s, today=TODAY)
            assert (summary.open, summary.overdue) == (1, 0)
        with db.write() as s, pytest.raises(StaleVersion):
            services.add_note(s, assignment_id=aid, text="x", actor="t", expected_version=1)
        from taskboard.storage.backup import backup_database

        copy = open_database(backup_database(db, tmp_path / "pg-copy.db"))
        with copy.read() as s:
            assert len(list_assignments(s, AssignmentFilter(), today=TODAY)) == 2
        copy.dispose()
    finally:
        db.dispose()


def test_reopening_a_postgresql_database_does_not_migrate_again(pg_url: str) -> None:
    open_database(pg_url).dispose()
    db = open_database(pg_url)
    with db.read() as s:
        assert list_assignments(s, AssignmentFilter(), today=TODAY) == []
    db.dispose()


def test_command_line_on_postgresql(pg_url: str, cli) -> None:  # type: ignore[no-untyped-def]
    import json

    assert cli("person", "add", "Сандалов Михаил", db=pg_url).out.strip() == "1"
    assert cli("meeting", "add", "Совещание", "--date", "10.11.2026", db=pg_url).code == 0
    aid = cli(
        "add", "Поручение «Савушкин»", "--owner", "санд", "--meeting", "1", db=pg_url
    ).out.strip()
    assert cli("extend", aid, "--to", "в январе", "--reason", "Перенос", db=pg_url).code == 0
    [row] = json.loads(cli("list", "--search", "савушкин", "--format", "json", db=pg_url).out)
    assert (row["due"], row["original_due"], row["extensions"]) == (
        "2027-01-29",
        "2026-12-10",
        1,
    )  # 31.01.2027 is a Sunday
    shown = cli("show", aid, db=pg_url)
    assert "Перенос" in shown.out
