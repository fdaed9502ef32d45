"""«Час контроля» on the command line and in the domain: the agenda, decisions and their
refusals, undo, and the protocol, which ``taskboard import`` reads back item for item."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from taskboard.domain import control_hour, queries, services
from taskboard.domain.people import resolve_person
from taskboard.errors import InvalidInput
from taskboard.storage.database import Database, open_database

ACTOR = "Тестов Т.Т."
DAY = date(2026, 11, 24)  # the tests' today


@pytest.fixture
def demo(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The example register: its assignment 1's report is in (under review)."""
    assert cli("init", "--demo").code == 0
    return db_path


def _database(path: Path) -> Database:
    return open_database(path)


def _agenda(path: Path, **filters: str) -> list[int]:
    database = _database(path)
    with database.read() as session:
        found = control_hour.agenda(queries.reader_of(session), today=DAY, **filters)  # type: ignore[arg-type]
    database.dispose()
    return [item.id for item in found.items]


def test_the_agenda_lists_overdue_and_under_review_grouped_by_organisation(cli, demo) -> None:
    result = cli("review", "--agenda", "--format", "json")
    assert result.code == 0, result.err
    items = json.loads(result.out)
    assert {i["id"]: i["reasons"] for i in items} == {1: ["review"], 4: ["overdue"], 6: ["overdue"]}
    assert items[0]["organisation"] <= items[-1]["organisation"]  # grouped, in name order
    review = next(i for i in items if i["id"] == 1)
    assert review["report"]["date"] == "2026-11-20"
    assert review["report"]["text"].startswith("Определена сборочная площадка")
    assert review["waiting_days"] == 4  # since the report's own date
    table = cli("review", "--agenda")
    assert table.code == 0 and "report waits 4 d" in table.out and "overdue" in table.out
    md = cli("review", "--agenda", "--format", "md")
    assert md.out.startswith("# «Час контроля»: agenda 2026-11-24") and "\n## " in md.out


def test_the_agenda_filters_by_organisation_and_level(cli, demo) -> None:
    every = _agenda(demo)
    owners_org = json.loads(cli("review", "--agenda", "--format", "json").out)
    org = next(i["organisation"] for i in owners_org if i["id"] == every[0])
    part = org.split()[-1].lower()
    only = json.loads(cli("review", "--agenda", "--org", part, "--format", "json").out)
    assert only and all(i["organisation"] == org for i in only)
    database = _database(demo)
    with database.write() as session:
        from sqlalchemy import update

        from taskboard.domain.models import ASSIGNMENT_TABLE as a

        session.connection().execute(update(a).where(a.c.id == 4).values(control_level="governor"))
    database.dispose()
    shown = json.loads(cli("review", "--agenda", "--level", "губернатор", "--format", "json").out)
    assert [i["id"] for i in shown] == [4, 6, 1]  # 6 and 1 are the example's own
    assert json.loads(cli("review", "--agenda", "--level", "head", "--format", "json").out) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--agenda", "--format", "xml"), "Unknown agenda format «xml»"),
        (("--agenda", "--level", "мэр"), "Unknown control level «мэр»"),
        (("--agenda", "--protocol"), "Choose one of --agenda and --protocol"),
        (("--protocol",), "No «Час контроля» has been held yet"),
        (("--protocol", "--meeting", "1"), "Meeting 1 is not a «Час контроля»"),
        (("--protocol", "--meeting", "99"), "No meeting with id 99"),
        (("--agenda", "--output", "x.txt"), "--meeting and --output go with --protocol"),
    ],
)
def test_bad_review_options_are_one_line_errors(cli, demo, args, said) -> None:
    result = cli("review", *args)
    assert result.code == 2
    assert said in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def _hold_review(path: Path) -> int:
    """A review of today, one decision a transaction as the TUI makes them: keep 4, extend 6,
    accept 1 (under review), a new one for Волосков."""
    database = _database(path)
    with database.write() as session:
        meeting = control_hour.open_review(session, held=DAY, actor=ACTOR, protocol_no="7-чк")
        assert meeting.id is not None
        meeting_id = meeting.id
    decisions = [
        {"assignment_id": 4, "decision": "kept", "text": "доложить о ходе подготовки программ"},
        {
            "assignment_id": 6,
            "decision": "extended",
            "text": "ждём ответа белорусской стороны",
            "due": date(2027, 1, 29),
        },
        {"assignment_id": 1, "decision": "accepted"},
    ]
    for fields in decisions:
        with database.write() as session:
            control_hour.decide(session, meeting_id=meeting_id, actor=ACTOR, **fields)  # type: ignore[arg-type]
    with database.write() as session:
        owner = resolve_person(session, "Волосков")
        control_hour.add_new(
            session,
            meeting_id=meeting_id,
            text="Подготовить доклад о поставках направляющих",
            owner_id=owner.id,  # type: ignore[arg-type]
            due=date(2026, 12, 25),
            actor=ACTOR,
        )
    database.dispose()
    return meeting_id


def test_decisions_change_the_register_and_are_recorded_in_order(cli, demo) -> None:
    meeting = _hold_review(demo)
    shown = {i: json.loads(cli("show", str(i), "--format", "json").out) for i in (1, 4, 6)}
    assert shown[1]["status"] == "done" and shown[1]["closed_on"] == "2026-11-20"
    assert shown[6]["due"] == "2027-01-29" and shown[6]["extensions"] == 1
    assert shown[4]["notes"][-1]["text"] == "доложить о ходе подготовки программ"
    assert any(e["kind"] == "decided" and e["new"] == "kept" for e in shown[4]["history"])
    database = _database(demo)
    with database.read() as session:
        record = control_hour.review_record(queries.reader_of(session), meeting)
    database.dispose()
    assert [(d.position, d.kind.value) for d in record.decisions] == [
        (1, "kept"),
        (2, "extended"),
        (3, "accepted"),
        (4, "new"),
    ]
    new = record.decisions[3]
    assert new.own_meeting and new.number == "1" and new.owner.startswith("Волосков")
    meeting_row = json.loads(cli("meeting", "show", str(meeting), "--format", "json").out)
    assert meeting_row["kind"] == "control_hour"


def test_refused_decisions_change_nothing(demo) -> None:
    database = _database(demo)
    with database.write() as session:
        meeting = control_hour.open_review(session, held=DAY, actor=ACTOR)
        meeting_id = meeting.id
    assert meeting_id is not None
    refusals = [
        ({"assignment_id": 1, "decision": "returned", "text": " "}, "comment"),
        ({"assignment_id": 4, "decision": "returned", "text": "x"}, "only one under review"),
        ({"assignment_id": 4, "decision": "extended", "text": "причина"}, "new deadline"),
        ({"assignment_id": 4, "decision": "extended", "due": date(2027, 1, 29)}, "reason"),
        ({"assignment_id": 4, "decision": "kept", "text": ""}, "instruction"),
        ({"assignment_id": 4, "decision": "new", "text": "x"}, "added, not decided"),
        ({"assignment_id": 3, "decision": "kept", "text": "x"}, "not on control"),
    ]
    with database.write() as session:  # assignment 3: taken off control first
        services.cancel(session, assignment_id=3, reason="дубль", actor=ACTOR)
    for fields, said in refusals:
        with pytest.raises(InvalidInput, match=said), database.write() as session:
            control_hour.decide(session, meeting_id=meeting_id, actor=ACTOR, **fields)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="not a «Час контроля»"), database.write() as session:
        control_hour.decide(
            session, meeting_id=1, assignment_id=4, decision="kept", text="x", actor=ACTOR
        )
    with database.read() as session:
        reader = queries.reader_of(session)
        assert reader.rows("SELECT count(*) FROM review_decision") == [(0,)]
        assert reader.rows("SELECT due, status FROM assignment WHERE id = 4") == [
            ("2026-11-16", "open")
        ]
    database.dispose()


def test_undo_takes_back_a_decision_with_its_change(cli, demo) -> None:
    _hold_review(demo)
    undone = cli("undo")  # the new assignment: taken off control, its decision removed
    assert undone.code == 0, undone.err
    undone = cli("undo")  # the acceptance: under review again
    assert undone.code == 0, undone.err
    assert "review" in undone.err or "under review" in undone.err, undone.err
    assert json.loads(cli("show", "1", "--format", "json").out)["status"] == "review"
    assert cli("undo").code == 0  # the extension: the deadline back
    assert json.loads(cli("show", "6", "--format", "json").out)["due"] == "2026-11-19"
    kept = cli("undo")  # keep on control: the decision goes, the instruction stays as a note
    assert kept.code == 0 and "«Час контроля» decision" in kept.err
    assert json.loads(cli("show", "4", "--format", "json").out)["notes"][-1]["text"] == (
        "доложить о ходе подготовки программ"
    )
    database = _database(demo)
    with database.read() as session:
        assert queries.reader_of(session).rows("SELECT count(*) FROM review_decision") == [(0,)]
    database.dispose()


def test_the_protocol_is_printed_in_the_official_shape(cli, demo, tmp_path) -> None:
    _hold_review(demo)
    text = cli("review", "--protocol")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[:3] == ["ПРОТОКОЛ", "часа контроля", "24 ноября 2026 г. № 7-чк"]
    first = next(line for line in lines if line.startswith("1. "))
    assert first.startswith("1. Правительству Кировской области (Сандалов М.) продолжить")
    assert "Срок – 29 января 2027 г." in lines
    assert lines[lines.index("Снять с контроля как исполненные:") + 1].startswith("– п. 1 ")
    html = tmp_path / "protocol.html"
    written = cli("review", "--protocol", "--output", str(html))
    assert written.code == 0, written.err
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Снять с контроля как исполненные:" in page
    again = cli("review", "--protocol", "--output", str(html))
    assert again.code == 2 and "--force" in again.err


def test_the_protocol_imports_back_as_the_same_items(cli, demo, tmp_path) -> None:
    before = tmp_path / "before.db"
    shutil.copy(demo, before)  # the same directory of people, no review yet
    _hold_review(demo)
    protocol = tmp_path / "protocol.txt"
    assert cli("review", "--protocol", "--output", str(protocol)).code == 0
    from taskboard import control_protocol

    database = _database(demo)
    with database.read() as session:
        reader = queries.reader_of(session)
        meeting = control_hour.latest_review(reader)
        assert meeting is not None
        record = control_hour.review_record(reader, meeting)
    database.dispose()
    printed = control_protocol.items(record)
    dry = cli("import", str(protocol), "--dry-run", "--output-format", "json", db=before)
    assert dry.code == 0, dry.err
    read_back = json.loads(dry.out)
    owners = {d.position: d.owner for d in record.decisions}
    assert [(i["number"], i["text"], i["due"]) for i in read_back] == [
        (str(p.number), p.text, d.due.isoformat())  # type: ignore[union-attr]
        for p, d in zip(
            printed, [d for d in record.decisions if d.kind.value != "accepted"], strict=True
        )
    ]
    assert [i["owner"] for i in read_back] == [owners[1], owners[2], owners[4]]
    assert [i["co_executors"] for i in read_back] == [list(p.co_executors) for p in printed]
    imported = cli("import", str(protocol), db=before)
    assert imported.code == 0, imported.err
    meetings = json.loads(cli("meeting", "list", "--format", "json", db=before).out)
    held = next(m for m in meetings if m["kind"] == "control_hour")
    assert (held["title"], held["date"], held["kind"], held["protocol_no"]) == (
        "Час контроля",
        "2026-11-24",
        "control_hour",
        "7-чк",
    )


@pytest.mark.postgres
def test_the_review_runs_the_same_on_postgresql(cli, pg_url, tmp_path) -> None:
    assert cli("init", "--demo", db=pg_url).code == 0
    agenda = json.loads(cli("review", "--agenda", "--format", "json", db=pg_url).out)
    assert {i["id"]: i["reasons"] for i in agenda} == {
        1: ["review"],
        4: ["overdue"],
        6: ["overdue"],
    }
    database = open_database(pg_url)
    try:
        with database.write() as session:
            meeting = control_hour.open_review(session, held=DAY, actor=ACTOR)
            assert meeting.id is not None
            control_hour.decide(
                session,
                meeting_id=meeting.id,
                assignment_id=4,
                decision="kept",
                text="доложить",
                actor=ACTOR,
            )
    finally:
        database.dispose()
    printed = cli("review", "--protocol", db=pg_url)
    assert printed.code == 0, printed.err
    assert "1. Правительству Кировской области (Сандалов М.) продолжить" in printed.out


def _extend_at_review(path: Path, assignment_id: int, due: date, reason: str) -> None:
    database = _database(path)
    try:
        with database.write() as session:
            meeting = control_hour.open_review(session, held=DAY, actor=ACTOR)
            assert meeting.id is not None
            control_hour.decide(
                session,
                meeting_id=meeting.id,
                assignment_id=assignment_id,
                decision="extended",
                text=reason,
                due=due,
                actor=ACTOR,
            )
    finally:
        database.dispose()


def test_extending_to_the_requested_date_at_the_review_grants_the_request(cli, demo) -> None:
    """Assignment 4's owner asked for 25.12.2026 (the example's pending request): the review's
    extension to that date grants it — one extension, the request granted, nothing pending —
    and undo takes back both."""
    _extend_at_review(demo, 4, date(2026, 12, 25), "согласовано на часе контроля")
    shown = json.loads(cli("show", "4", "--format", "json").out)
    assert (shown["due"], shown["extensions"], shown["extension_request"]) == (
        "2026-12-25",
        1,
        None,
    )
    (asked,) = shown["extension_requests"]
    assert (asked["state"], asked["decision_reason"]) == ("granted", "согласовано на часе контроля")
    assert shown["extension_list"][0]["reason"].startswith("Брестский облисполком")
    assert cli("undo").code == 0
    back = json.loads(cli("show", "4", "--format", "json").out)
    assert (back["due"], back["extensions"], back["extension_request"]) == (
        "2026-11-16",
        0,
        "2026-12-25",
    )


def test_extending_to_another_date_at_the_review_answers_the_request(cli, demo) -> None:
    _extend_at_review(demo, 4, date(2026, 12, 10), "к 10 декабря, не позже")
    shown = json.loads(cli("show", "4", "--format", "json").out)
    assert (shown["due"], shown["extension_request"]) == ("2026-12-10", None)
    (asked,) = shown["extension_requests"]
    assert asked["state"] == "refused"
    assert asked["decision_reason"] == "«Час контроля» set the deadline 2026-12-10 instead"
    assert json.loads(cli("list", "--requested", "--format", "json").out) == []
