"""The one intake path: typed text → the services, with the same rules and errors everywhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from taskboard.domain import intake
from taskboard.domain.intake import AssignmentChanges, AssignmentInput, IntakeProblems
from taskboard.domain.models import Assignment
from taskboard.domain.people import resolve_person
from taskboard.domain.services import co_executors_of, tags_of
from taskboard.errors import AmbiguousName, NotFound
from tests.conftest import TODAY
from tests.unit import factories as f


def test_every_problem_is_collected_with_its_field(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.person(s, "Сандалов Михаил")
        data = AssignmentInput(
            text="  ",
            owner="Никтоев",
            due="31.02.2027",
            co_executors=["сандалов", "Неизвестный"],
            priority="срочный",
        )
        with pytest.raises(IntakeProblems) as caught:
            intake.add_assignment(s, data, actor="t", today=TODAY)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["text", "owner", "co_executors", "due", "priority"]
    assert all(p.message in caught.value.message for p in caught.value.problems)
    with db.read() as s:
        assert s.get(Assignment, 1) is None


def test_a_new_assignment_resolves_people_dates_rules_and_numbers(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        owner = f.person(s, "Сандалов Михаил")
        co = f.person(s, "Волосков Сергей Александрович")
        mid = f.meeting(s, held=date(2026, 11, 20))
        data = AssignmentInput(
            text="Проработать",
            owner="санд",
            due="срочно",
            meeting_id=mid,
            co_executors=["волосков"],
            tags=["Беларусь"],
            priority="высокий",
            recurrence="ежемесячно до 5 числа",
        )
        created = intake.add_assignment(s, data, actor="t", today=TODAY)
        assert created.owner_id == owner
        assert co_executors_of(s, created.id) == [co]
        assert created.due == date(2026, 11, 23)  # «срочно»: 3 days from the meeting
        assert created.number == "1"
        assert created.priority == "high"
        assert created.recurrence and "MONTHLY" in created.recurrence
        assert tags_of(s, created.id) == ["Беларусь"]


def test_changes_touch_only_the_fields_set(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        owner = f.person(s, "Сандалов Михаил")
        controller = f.person(s, "Иванова Елена Петровна")
        aid = f.assignment(s, owner, text="Текст", tags=["a"], controller_id=controller)
    with db.write() as s:
        intake.edit_assignment(s, aid, AssignmentChanges(text="Новый"), actor="t", today=TODAY)
    with db.read() as s:
        a = s.get(Assignment, aid)
        assert (a.text, a.controller_id, tags_of(s, aid)) == ("Новый", controller, ["a"])
    with db.write() as s:
        # Set explicitly to None: cleared, not left alone.
        intake.edit_assignment(s, aid, AssignmentChanges(controller=None), actor="t", today=TODAY)
    with db.read() as s:
        assert s.get(Assignment, aid).controller_id is None


def test_changes_refuse_an_empty_owner_or_deadline_and_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        with pytest.raises(IntakeProblems) as caught:
            intake.edit_assignment(
                s, aid, AssignmentChanges(owner=" ", due=""), actor="t", today=TODAY
            )
        assert [p.field for p in caught.value.problems] == ["owner", "due"]
        with pytest.raises(Exception, match="Nothing to change"):
            intake.edit_assignment(s, aid, AssignmentChanges(), actor="t", today=TODAY)


def test_loose_names_match_surname_and_initials_only_when_asked(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        mikhail = f.person(s, "Сандалов Михаил Александрович")
        f.person(s, "Сандалов Пётр Ильич")
        assert resolve_person(s, "Сандалов М.А.", loose=True).id == mikhail
        assert resolve_person(s, "Председатель Правительства Сандалов М.А.", loose=True).id == (
            mikhail
        )
        with pytest.raises(NotFound):
            resolve_person(s, "Сандалов М.А.")
        with pytest.raises(AmbiguousName):
            resolve_person(s, "Сандалов", loose=True)


def test_names_split_on_semicolons_and_commas() -> None:
    assert intake.split_names("Сандалов; Волосков , Иванова,,") == [
        "Сандалов",
        "Волосков",
        "Иванова",
    ]
    assert intake.split_names(None) == []


def test_item_numbers_follow_the_highest_whole_number(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        owner = f.person(s)
        mid = f.meeting(s)
        for number in ("2.1", "3", "x"):
            f.assignment(s, owner, meeting_id=mid, number=number)
        numbers = intake.Intake(s, today=TODAY).numbers
        assert [numbers.take(mid), numbers.take(mid)] == ["4", "5"]
        numbers.saw(mid, "9.2")
        assert numbers.take(mid) == "10"


def problems_of(session, owner: str, due: str) -> list[intake.Problem]:  # type: ignore[no-untyped-def]
    """What the intake path itself says about an input."""
    try:
        intake.Intake(session, today=TODAY).new_assignment(
            AssignmentInput(text="Текст", owner=owner, due=due)
        )
    except IntakeProblems as exc:
        return exc.problems
    return []


def test_command_line_and_import_give_the_same_errors(cli, db_path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    command = cli("add", "Текст", "--owner", "Никтоев", "--due", "31.02.2027")
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("text,owner,due\nТекст,Никтоев,31.02.2027\n", encoding="utf-8")
    imported = cli("import", str(csv_file))
    assert command.code == imported.code == 2
    from taskboard.storage.database import open_database

    database = open_database(db_path)
    with database.read() as s:
        expected = [p.message for p in problems_of(s, "Никтоев", "31.02.2027")]
    assert len(expected) == 2
    assert command.err == "taskboard: error: " + "; ".join(expected) + "\n"
    database.dispose()
    for problem in expected:
        assert f"row 2: {problem}" in imported.err


def test_russian_priority_words_work_on_the_command_line(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    aid = cli("add", "Текст", "--owner", "сандалов", "--priority", "высокий").out.strip()
    assert '"priority": "high"' in cli("show", aid, "--format", "json").out.replace(
        '"priority":"high"', '"priority": "high"'
    )
