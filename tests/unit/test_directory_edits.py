"""The directory and meetings changed after the fact: people edited, meetings corrected, each
change a history event, the directory listed with what each person owns."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from taskboard.domain import intake, services
from taskboard.domain.intake import IntakeProblems, MeetingChanges, PersonChanges, PersonInput
from taskboard.domain.models import Event, Meeting, Person
from taskboard.domain.people import namesakes
from taskboard.domain.queries import people_with_counts
from taskboard.errors import InvalidInput, NotFound
from tests.conftest import TODAY
from tests.unit import factories as f


def _events(session, **where: int) -> list[tuple[str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    statement = select(Event)
    for column, value in where.items():
        statement = statement.where(getattr(Event, column) == value)
    return [(e.kind, e.field, e.old_value, e.new_value) for e in session.exec(statement)]


def test_namesakes_are_the_people_of_the_same_full_name_folded(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        first = f.person(s, "Ёлкин Пётр")
        f.person(s, "Ёлкин Павел")
        assert [p.id for p in namesakes(s, "  елкин пётр ")] == [first]
        assert namesakes(s, "Ёлкин Пётр", exclude_id=first) == []


def test_a_person_is_added_with_their_reminder_language_and_blank_fields_as_none(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        data = PersonInput(full_name="Иванов Иван", position=" ", email="", language="EN")
        person = intake.add_person(s, data, actor="t", today=TODAY)
        assert (person.position, person.email, person.language) == (None, None, "en")
        with pytest.raises(InvalidInput, match="not a supported language"):
            services.add_person(s, full_name="Петров Пётр", actor="t", language="de")


def test_a_duplicate_full_name_is_refused_naming_the_one_listed_unless_a_namesake(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.person(s, "Волосков Сергей", position="директор")
        with pytest.raises(InvalidInput, match=r"already in the directory.*директор"):
            intake.add_person(s, PersonInput(full_name="волосков сергей"), actor="t", today=TODAY)
        second = intake.add_person(
            s, PersonInput(full_name="Волосков Сергей", namesake=True), actor="t", today=TODAY
        )
        assert len(namesakes(s, second.full_name)) == 2


def test_editing_a_person_changes_only_the_fields_set_with_one_event_each(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        boss = f.person(s, "Соколов Александр")
        pid = f.person(s, "Сандалов Михаил", position="министр", email="old@example.org")
        intake.edit_person(
            s,
            pid,
            PersonChanges(email="new@example.org", supervisor="соколов", position="министр"),
            actor="t",
            today=TODAY,
        )
        person = s.get(Person, pid)
        assert (person.email, person.supervisor_id, person.position) == (
            "new@example.org",
            boss,
            "министр",
        )
        edited = [e for e in _events(s, person_id=pid) if e[0] == "edited"]
        assert edited == [
            ("edited", "email", "old@example.org", "new@example.org"),
            ("edited", "supervisor_id", None, str(boss)),
        ]
        intake.edit_person(s, pid, PersonChanges(email="", supervisor=""), actor="t", today=TODAY)
        assert (person.email, person.supervisor_id) == (None, None)


def test_a_person_edit_refuses_a_bad_address_an_unknown_supervisor_and_a_circle(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        top = f.person(s, "Соколов Александр")
        middle = f.person(s, "Сандалов Михаил", supervisor_id=top)
        with pytest.raises(InvalidInput, match="not an e-mail address"):
            intake.edit_person(s, top, PersonChanges(email="a b@c"), actor="t", today=TODAY)
        with pytest.raises(IntakeProblems) as caught:
            intake.edit_person(s, top, PersonChanges(supervisor="Никтоев"), actor="t", today=TODAY)
        assert caught.value.problems[0].field == "supervisor"
        with pytest.raises(InvalidInput, match="own supervisor"):
            services.edit_person(
                s, person_id=top, changes=services.PersonUpdate(supervisor_id=middle), actor="t"
            )
        with pytest.raises(InvalidInput, match="own supervisor"):
            services.edit_person(
                s, person_id=top, changes=services.PersonUpdate(supervisor_id=top), actor="t"
            )
        with pytest.raises(NotFound):
            services.edit_person(s, person_id=99, changes=services.PersonUpdate(), actor="t")


def test_editing_a_meeting_resolves_date_and_chair_and_records_each_change(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        chair = f.person(s, "Соколов Александр")
        owner = f.person(s)
        mid = f.meeting(s, title="Совещание", held=date(2026, 11, 10))
        aid = f.assignment(s, owner, meeting_id=mid, due=date(2026, 12, 10))
        intake.edit_meeting(
            s,
            mid,
            MeetingChanges(
                title="Совещание по лифтам",
                date="12.11.2026",
                chair="соколов",
                kind="visit",
                protocol_no="16",
                place="",
            ),
            actor="t",
            today=TODAY,
        )
        meeting = s.get(Meeting, mid)
        assert (meeting.title, meeting.date, meeting.chair_id, meeting.kind) == (
            "Совещание по лифтам",
            date(2026, 11, 12),
            chair,
            "visit",
        )
        fields = [e[1] for e in _events(s, meeting_id=mid) if e[0] == "edited"]
        assert fields == ["title", "date", "kind", "protocol_no", "chair_id"]  # place: still none
        # A meeting's new date moves no deadline given from the old one.
        assert services.get_assignment(s, aid).due == date(2026, 12, 10)


def test_a_meeting_edit_refuses_an_empty_title_a_bad_date_and_a_bad_kind(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        mid = f.meeting(s)
        with pytest.raises(InvalidInput, match="must not be empty"):
            intake.edit_meeting(s, mid, MeetingChanges(title="  "), actor="t", today=TODAY)
        with pytest.raises(IntakeProblems) as caught:
            intake.edit_meeting(
                s, mid, MeetingChanges(date="31.02.2026", chair="Никтоев"), actor="t", today=TODAY
            )
        assert [p.field for p in caught.value.problems] == ["date", "chair"]
        with pytest.raises(InvalidInput, match="meeting kind"):
            intake.edit_meeting(s, mid, MeetingChanges(kind="party"), actor="t", today=TODAY)
        assert s.get(Meeting, mid).title == "Оперативное совещание"


def test_the_directory_lists_everyone_with_their_open_and_overdue_assignments(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        boss = f.person(s, "Соколов Александр", position="губернатор")
        owner = f.person(s, "Сандалов Михаил", organisation="Правительство", supervisor_id=boss)
        f.assignment(s, owner, due=date(2026, 11, 1))  # overdue on 24.11.2026
        f.assignment(s, owner, due=date(2026, 12, 10))
        done = f.assignment(s, owner, due=date(2026, 10, 1))
        services.done(s, assignment_id=done, actor="t")
    with db.read() as s:
        listed = people_with_counts(s, today=TODAY)
    assert [(p.full_name, p.open, p.overdue, p.supervisor) for p in listed] == [
        ("Сандалов Михаил", 2, 1, "Соколов Александр"),
        ("Соколов Александр", 0, 0, None),
    ]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("", ["Сандалов Михаил", "Соколов Александр"]),
        ("ПРАВИТЕЛЬСТВО", ["Сандалов Михаил"]),
        ("губерн сокол", ["Соколов Александр"]),
        ("example.org", ["Соколов Александр"]),
        ("губерн сандалов", []),
    ],
)
def test_the_directory_search_looks_through_name_position_organisation_and_email(
    db, search: str, found: list[str]
) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.person(s, "Соколов Александр", position="Губернатор", email="gov@example.org")
        f.person(s, "Сандалов Михаил", organisation="Правительство Кировской области")
    with db.read() as s:
        assert [p.full_name for p in people_with_counts(s, today=TODAY, search=search)] == found
