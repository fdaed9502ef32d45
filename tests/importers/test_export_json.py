"""``taskboard export`` (JSON) and its exact restore with ``taskboard import``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from taskboard.domain import services
from taskboard.domain.models import Reminder
from taskboard.storage.database import HEAD_REVISION, open_database
from tests.importers.conftest import assignment_count, count_rows


def _without_stamp(text: str) -> dict:  # type: ignore[type-arg]
    data = json.loads(text)
    data.pop("exported_at")
    return data


def _add_reminder(path: Path) -> None:
    from taskboard.domain import clock

    database = open_database(path)
    with database.write() as session:
        session.add(
            Reminder(
                assignment_id=1,
                person_id=2,
                tier="before",
                occasion=date(2026, 12, 12),
                email="sandalov@example.org",
                sent_at=clock.now(),
                message_id="<1@example.org>",
            )
        )
    database.dispose()


def test_export_json_has_the_header_and_every_table(cli, demo: Path) -> None:
    result = cli("export")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data)[:4] == ["format", "version", "schema", "exported_at"]
    assert (data["format"], data["version"], data["schema"]) == ("taskboard", 1, HEAD_REVISION)
    assert data["exported_at"].endswith("+00:00")
    for key in ("people", "meetings", "assignments", "notes", "extensions", "events", "reminders"):
        assert isinstance(data[key], list)
    milk = next(a for a in data["assignments"] if a["original_due"] != a["due"])
    assert (milk["original_due"], milk["due"]) == ("2026-11-20", "2027-02-26")
    first = data["assignments"][0]
    assert next(iter(first)) == "id"
    assert {"version", "closed_on", "created_at", "updated_at", "recurrence", "parent_id"} <= set(
        first
    )
    assert first["co_executors"] == [3]
    assert first["created_at"].endswith("+00:00")
    assert len(data["events"]) == count_rows(demo)
    assert data["extensions"][0]["reason"].startswith("Бизнес-миссия")


def test_json_round_trip_restores_the_same_register(cli, demo: Path, tmp_path: Path) -> None:
    _add_reminder(demo)
    with open_database(demo).write() as session:  # a recurring one done: parent_id is set
        services.done(session, assignment_id=8, actor="Тестов Т.Т.")
    first = cli("export", "--output", str(tmp_path / "register.json"))
    assert first.code == 0, first.err
    restored = tmp_path / "restored.db"
    result = cli("import", str(tmp_path / "register.json"), db=restored)
    assert result.code == 0, result.err
    assert result.out.split() == [str(i) for i in range(1, 11)]
    assert "Restored 9 people, 2 meetings, 10 assignments" in result.err
    again = cli("export", db=restored)
    original = _without_stamp((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert _without_stamp(again.out) == original
    assert original["reminders"][0]["message_id"] == "<1@example.org>"
    assert any(a["parent_id"] == 8 for a in original["assignments"])


def test_restored_database_keeps_working_with_new_ids(cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(cli("export").out, encoding="utf-8")
    restored = tmp_path / "restored.db"
    assert cli("import", str(tmp_path / "e.json"), db=restored).code == 0
    added = cli("add", "Новое поручение", "--owner", "сандалов", "--meeting", "2", db=restored)
    assert added.code == 0, added.err
    assert added.out.strip() == "10"
    shown = cli("show", "2", "--format", "json", db=restored)
    assert "Бизнес-миссия" in shown.out


def test_json_import_into_a_non_empty_database_is_refused(cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(cli("export").out, encoding="utf-8")
    before = count_rows(demo)
    result = cli("import", str(tmp_path / "e.json"))
    assert result.code == 2
    assert "already holds data" in result.err and "--db new.db" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert count_rows(demo) == before


def test_json_from_a_newer_schema_is_refused(cli, demo: Path, tmp_path: Path) -> None:
    data = json.loads(cli("export").out)
    data["schema"] = "9999"
    (tmp_path / "new.json").write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", str(tmp_path / "new.json"), db=tmp_path / "empty.db")
    assert result.code == 2
    assert "schema 9999" in result.err and "upgrade taskboard" in result.err


def test_json_of_another_format_version_is_refused(cli, demo: Path, tmp_path: Path) -> None:
    data = json.loads(cli("export").out)
    data["version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", str(tmp_path / "v2.json"), db=tmp_path / "empty.db")
    assert result.code == 2 and "version 2" in result.err


def test_malformed_json_is_one_clear_error(cli, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"format": "taskboard", ', encoding="utf-8")
    result = cli("import", str(tmp_path / "broken.json"))
    assert result.code == 2
    assert "«broken.json» is not valid JSON" in result.err
    assert "Traceback" not in result.err


def test_json_that_is_not_an_export_is_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text('[{"id": 1}]', encoding="utf-8")
    result = cli("import", str(tmp_path / "list.json"))
    assert result.code == 2 and "is not a taskboard export" in result.err


def test_json_with_a_wrong_field_names_where(cli, demo: Path, tmp_path: Path) -> None:
    data = json.loads(cli("export").out)
    data["assignments"][2]["due"] = 20270630
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "empty.db"
    result = cli("import", str(tmp_path / "bad.json"), db=target)
    assert result.code == 2
    assert "assignments[2].due" in result.err
    assert assignment_count(target) == 0


def test_json_with_a_dangling_reference_writes_nothing(cli, demo: Path, tmp_path: Path) -> None:
    data = json.loads(cli("export").out)
    data["assignments"][0]["owner_id"] = 999
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "empty.db"
    result = cli("import", str(tmp_path / "bad.json"), db=target)
    assert result.code == 2 and "inconsistent" in result.err
    assert count_rows(target) == 0


def test_json_dry_run_restores_nothing(cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(cli("export").out, encoding="utf-8")
    target = tmp_path / "empty.db"
    result = cli("import", str(tmp_path / "e.json"), "--dry-run", db=target)
    assert result.code == 0, result.err
    assert result.out == ""
    assert "Would restore 9 people" in result.err
    assert count_rows(target) == 0


def test_json_import_refuses_meeting_option(cli, tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("{}", encoding="utf-8")
    result = cli("import", str(tmp_path / "e.json"), "--meeting", "1")
    assert result.code == 2 and "--meeting" in result.err


@pytest.mark.postgres
def test_sqlite_export_restores_exactly_into_postgresql(
    cli, demo: Path, tmp_path: Path, pg_url: str
) -> None:
    _add_reminder(demo)
    (tmp_path / "e.json").write_text(cli("export").out, encoding="utf-8")
    result = cli("import", str(tmp_path / "e.json"), db=pg_url)
    assert result.code == 0, result.err
    again = cli("export", db=pg_url)
    assert again.code == 0, again.err
    original = _without_stamp((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert _without_stamp(again.out) == original
    # The sequences were moved past the restored ids: new rows get fresh ones.
    assert cli("person", "add", "Петров Петр", db=pg_url).out.strip() == "10"
    added = cli("add", "Новое", "--owner", "Петров", "--meeting", "2", db=pg_url)
    assert added.code == 0, added.err
    assert added.out.strip() == "10"
    assert cli("note", "10", "Первый доклад", db=pg_url).code == 0
    refused = cli("import", str(tmp_path / "e.json"), db=pg_url)
    assert refused.code == 2 and "already holds data" in refused.err


def test_export_from_an_older_schema_without_a_new_optional_column_restores(
    cli, demo: Path, tmp_path: Path
) -> None:
    from taskboard.storage.database import SCHEMA_REVISIONS

    data = json.loads(cli("export").out)
    data["schema"] = SCHEMA_REVISIONS[0]
    for person in data["people"]:
        person.pop("language", None)  # a column a later schema added
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    result = cli("import", str(tmp_path / "old.json"), db=tmp_path / "new.db")
    assert result.code == 0, result.err
    assert assignment_count(tmp_path / "new.db") == 9


def _add_control_rows(path: Path) -> None:
    """A level, a sub-deadline, a co-executor's report, a pending extension request and a
    review decision (the rows schema 0007 added), written as the services will write them."""
    from sqlalchemy import update

    from taskboard.domain import clock
    from taskboard.domain.models import (
        ASSIGNMENT_TABLE,
        CO_EXECUTOR_TABLE,
        ExtensionRequest,
        Report,
        ReviewDecision,
    )

    database = open_database(path)
    with database.write() as session:
        conn = session.connection()
        conn.execute(
            update(ASSIGNMENT_TABLE)
            .where(ASSIGNMENT_TABLE.c.id == 1)
            .values(control_level="deputy")
        )
        conn.execute(
            update(CO_EXECUTOR_TABLE)
            .where(CO_EXECUTOR_TABLE.c.assignment_id == 1, CO_EXECUTOR_TABLE.c.person_id == 3)
            .values(due=date(2026, 12, 10))
        )
        now = clock.now()
        session.add(
            Report(
                assignment_id=1,
                person_id=3,
                created_at=now,
                actor="Тестов Т.Т.",
                text="Моя часть готова",
                reported_on=date(2026, 12, 1),
            )
        )
        session.add(
            ExtensionRequest(
                assignment_id=2,
                created_at=now,
                actor="Тестов Т.Т.",
                requested_due=date(2027, 3, 31),
                reason="Ждём ответа «Савушкин продукт»",
            )
        )
        session.add(
            ReviewDecision(
                meeting_id=1,
                assignment_id=1,
                position=1,
                kind="kept",
                text="Доложить на следующем часе контроля",
                due=date(2026, 12, 20),
                created_at=now,
                actor="Тестов Т.Т.",
            )
        )
    database.dispose()


def test_levels_parts_requests_and_decisions_round_trip(cli, demo: Path, tmp_path: Path) -> None:
    _add_control_rows(demo)
    first = cli("export", "--output", str(tmp_path / "register.json"))
    assert first.code == 0, first.err
    original = _without_stamp((tmp_path / "register.json").read_text(encoding="utf-8"))
    one = original["assignments"][0]
    assert (one["control_level"], one["sub_deadlines"]) == ("deputy", {"3": "2026-12-10"})
    assert "sub_deadlines" not in original["assignments"][1]
    assert [r["person_id"] for r in original["reports"]][-1] == 3
    assert original["extension_requests"][0]["state"] == "pending"
    assert original["review_decisions"][0]["kind"] == "kept"
    restored = tmp_path / "restored.db"
    result = cli("import", str(tmp_path / "register.json"), db=restored)
    assert result.code == 0, result.err
    assert _without_stamp(cli("export", db=restored).out) == original


def test_a_sub_deadline_of_someone_not_a_co_executor_is_named(
    cli, demo: Path, tmp_path: Path
) -> None:
    data = json.loads(cli("export").out)
    data["assignments"][0]["sub_deadlines"] = {"7": "2026-12-10"}
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "empty.db"
    result = cli("import", str(tmp_path / "bad.json"), db=target)
    assert result.code == 2
    assert "assignments[0].sub_deadlines.7" in result.err
    assert count_rows(target) == 0


def test_requests_made_granted_and_refused_round_trip_and_stay_decidable(
    cli, demo: Path, tmp_path: Path
) -> None:
    """Requests written by the commands (one granted, linked to its extension; one refused;
    one pending) come back loss-free, and the pending one can still be granted."""
    steps = [
        ["extend", "1", "--request", "--to", "30.12.2026", "--reason", "Ждём смету"],
        ["grant", "1", "--note", "Согласовано"],
        ["extend", "1", "--request", "--to", "30.01.2027", "--reason", "Ещё месяц"],
        ["refuse", "1", "--reason", "Нет оснований"],
        ["extend", "2", "--request", "--to", "31.03.2027", "--reason", "Ждём ответа"],
    ]
    for step in steps:
        assert cli(*step).code == 0, step
    exported = cli("export", "--output", str(tmp_path / "register.json"))
    assert exported.code == 0, exported.err
    original = _without_stamp((tmp_path / "register.json").read_text(encoding="utf-8"))
    by_state = {r["state"]: r for r in original["extension_requests"]}
    assert set(by_state) == {"granted", "refused", "pending"}
    granted = by_state["granted"]
    assert granted["extension_id"] in {e["id"] for e in original["extensions"]}
    assert (granted["decision_reason"], by_state["refused"]["decision_reason"]) == (
        "Согласовано",
        "Нет оснований",
    )
    restored = tmp_path / "restored.db"
    result = cli("import", str(tmp_path / "register.json"), db=restored)
    assert result.code == 0, result.err
    assert _without_stamp(cli("export", db=restored).out) == original
    listed = json.loads(cli("list", "--requested", "--format", "json", db=restored).out)
    assert sorted((r["id"], r["extension_request"]) for r in listed) == [
        (2, "2027-03-31"),
        (4, "2026-12-25"),  # the example's own pending request
    ]
    assert cli("grant", "2", db=restored).code == 0
    assert json.loads(cli("show", "2", "--format", "json", db=restored).out)["due"] == "2027-03-31"
