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


def test_at_risk_ids_and_levels_on_postgresql(pg_url: str) -> None:
    """The at-risk rule's one query and the level filter read the same on PostgreSQL."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from taskboard.domain.control import AtRiskRule, at_risk_ids
    from taskboard.domain.models import Assignment, Note
    from taskboard.domain.queries import reader_of

    month_ago = datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    db = open_database(pg_url)
    try:
        with db.write() as s:
            owner = f.person(s, "Сандалов Михаил")
            co = f.person(s, "Волосков Сергей Александрович")
            quiet = f.assignment(s, owner, due=date(2026, 12, 8), control_level="governor")
            shared = f.assignment(s, co, due=date(2026, 12, 1), co_executor_ids=[owner])
            noted = f.assignment(s, owner, due=date(2026, 12, 1))
            f.assignment(s, owner, due=date(2026, 12, 9))  # the 11th working day: not near
            f.assignment(s, owner, due=TODAY - timedelta(days=1))  # overdue, not "at risk"
            note = services.add_note(s, assignment_id=noted, text="Ход", actor="t")
            s.exec(update(Assignment).values(created_at=month_ago))  # type: ignore[call-overload]
            s.exec(  # type: ignore[call-overload]
                update(Note)
                .where(Note.id == note.id)
                .values(created_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
            )
        with db.read() as s:
            reader = reader_of(s)
            assert at_risk_ids(reader, TODAY, AtRiskRule()) == [shared, quiet]
            assert at_risk_ids(reader, TODAY, AtRiskRule(), person_id=co) == [shared]
            flagged = list_assignments(s, AssignmentFilter(at_risk=AtRiskRule()), today=TODAY)
            assert [(r.id, r.at_risk) for r in flagged] == [(shared, True), (quiet, True)]
            governor = list_assignments(s, AssignmentFilter(level="governor"), today=TODAY)
            assert [(r.id, r.control_level) for r in governor] == [(quiet, "governor")]
    finally:
        db.dispose()
