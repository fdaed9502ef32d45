"""Undo: an actor's last change taken back in new history events; refused when it is not theirs."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from taskboard.domain import services, undo
from taskboard.domain.models import Assignment, Event, EventKind, Extension, Note
from taskboard.errors import InvalidInput, StaleVersion
from tests.unit import factories as f

ME = "Иванова Е.П."
OTHER = "Петров П.П."


@pytest.fixture
def one(db):  # type: ignore[no-untyped-def]
    """Assignment 1 (Сандалов, due 2026-12-10, meeting of 2026-11-10, item 1), made by others."""
    with db.write() as s:
        owner = f.person(s, "Сандалов Михаил")
        f.person(s, "Волосков Сергей Александрович")
        meeting = f.meeting(s)
        f.assignment(s, owner, meeting_id=meeting, tags=["Беларусь"])
    return db


def events(db) -> list[Event]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.exec(select(Event).order_by(col(Event.id))))


def take_back(db, actor: str = ME) -> undo.Undone:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return undo.undo_last(s, actor=actor)


def assignment(db, assignment_id: int = 1) -> Assignment:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return services.get_assignment(s, assignment_id)


def test_the_events_of_one_transaction_share_one_moment(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.edit_assignment(
            s,
            assignment_id=1,
            changes=services.AssignmentUpdate(
                text="Новый текст", due=date(2027, 1, 15), reason="Опечатка в протоколе"
            ),
            actor=ME,
        )
    edits = [e for e in events(one) if e.kind in (EventKind.EDITED, EventKind.CORRECTED)]
    assert [e.kind for e in edits] == ["edited", "corrected"] and edits[0].at == edits[1].at


def test_an_edit_of_several_fields_is_taken_back_at_once_in_new_events(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.edit_assignment(
            s,
            assignment_id=1,
            changes=services.AssignmentUpdate(
                text="Новый текст",
                due=date(2027, 1, 15),
                owner_id=2,
                tags=["ОМЗ"],
                reason="Опечатка в протоколе",
            ),
            actor=ME,
        )
    before = events(one)
    done = take_back(one)
    assert done.message == (
        "Undone for assignment 1 (meeting of 2026-11-10): text back to «Проработать вопрос»; "
        "owner back to Сандалов Михаил; deadline back to 2026-12-10; tags back to Беларусь."
    )
    back = assignment(one)
    assert (back.text, back.owner_id, back.due) == ("Проработать вопрос", 1, date(2026, 12, 10))
    with one.read() as s:
        assert services.tags_of(s, 1) == ["Беларусь"]
    after = events(one)
    assert after[: len(before)] == before  # append-only: nothing rewritten
    added = after[len(before) :]
    assert {e.kind for e in added} == {"undone"}
    assert {e.field for e in added} == {"text", "owner_id", "correction", "tags"}


def test_a_deadline_given_to_a_standing_assignment_is_taken_back(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        f.assignment(s, 1, text="Постоянный контроль", due=None, standing=True)
    with one.write() as s:
        services.edit_assignment(
            s,
            assignment_id=2,
            changes=services.AssignmentUpdate(due=date(2027, 3, 1), reason="Срок назначен"),
            actor=ME,
        )
    assert take_back(one).message == "Undone: the deadline of assignment 2 is standing again."
    assert assignment(one, 2).due is None


def test_a_status_change_is_taken_back(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.start(s, assignment_id=1, actor=ME)
    done = take_back(one)
    assert done.message == (
        "Undone: the status of assignment 1 (meeting of 2026-11-10) is open again."
    )
    assert assignment(one).status == "open"
    last = events(one)[-1]
    assert (last.kind, last.field, last.old_value, last.new_value) == (
        "undone",
        "status",
        "in_progress",
        "open",
    )


def test_a_cancellation_is_taken_back_and_its_note_stays(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.cancel(s, assignment_id=1, reason="Учтено в пункте 2", actor=ME)
    take_back(one)
    back = assignment(one)
    assert (back.status, back.closed_on) == ("open", None)
    with one.read() as s:
        notes = list(s.exec(select(Note.text)))
    assert notes == ["Taken off control: Учтено в пункте 2"]


def test_an_extension_is_taken_back_and_its_record_removed_its_reason_kept(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.extend(
            s, assignment_id=1, new_due=date(2027, 2, 26), reason="Ответ в феврале", actor=ME
        )
    done = take_back(one)
    assert done.message == (
        "Undone: the deadline of assignment 1 (meeting of 2026-11-10) is 2026-12-10 again."
    )
    back = assignment(one)
    assert (back.due, back.original_due) == (date(2026, 12, 10), date(2026, 12, 10))
    with one.read() as s:
        assert list(s.exec(select(Extension))) == []
    kinds = [e.kind for e in events(one)]
    assert kinds[-2:] == ["extended", "undone"]
    last = events(one)[-1]
    assert last.field == "extension" and "Ответ в феврале" in (last.old_value or "")


def test_a_creation_is_taken_back_by_cancelling_never_deleting(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.add_assignment(s, text="Лишнее поручение", owner_id=1, actor=ME)
    done = take_back(one)
    assert done.message == (
        "Undone: the creation of assignment 2; it is taken off control («undone (undo)»)."
    )
    created = assignment(one, 2)
    assert created.status == "cancelled"
    assert [e.kind for e in events(one) if e.assignment_id == 2] == [
        "created",
        "status",
        "note",
        "undone",
    ]


def test_done_of_a_recurring_one_takes_its_next_occurrence_off_too(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        f.assignment(s, 1, text="Ежемесячный отчёт", recurrence="FREQ=MONTHLY;BYMONTHDAY=5")
    with one.write() as s:
        services.done(s, assignment_id=2, actor=ME, note="Отчёт направлен")
    with one.read() as s:
        following = s.exec(select(Assignment).where(Assignment.parent_id == 2)).one()
    done = take_back(one)
    assert assignment(one, 2).status == "open"
    assert assignment(one, following.id).status == "cancelled"
    assert done.assignment_ids == [2, following.id]


def test_undo_goes_back_one_change_at_a_time_and_never_redoes(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.start(s, assignment_id=1, actor=ME)
    with one.write() as s:
        services.extend(s, assignment_id=1, new_due=date(2027, 2, 26), reason="Позже", actor=ME)
    take_back(one)
    assert (assignment(one).due, assignment(one).status) == (date(2026, 12, 10), "in_progress")
    take_back(one)  # not a redo of the extension: the change before it
    assert (assignment(one).due, assignment(one).status) == (date(2026, 12, 10), "open")
    with pytest.raises(InvalidInput, match=r"Nothing to undo: Иванова Е\.П\. has no change"):
        take_back(one)


def test_refused_when_someone_else_changed_the_assignment_since(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.start(s, assignment_id=1, actor=ME)
    with one.write() as s:
        services.add_note(s, assignment_id=1, text="Запрошены данные", actor=OTHER)
    before = events(one)
    with pytest.raises(StaleVersion) as refused:
        take_back(one)
    assert refused.value.message.startswith(
        "Not undone: Assignment 1 (meeting of 2026-11-10) was changed since by Петров П.П. ("
    )
    assert events(one) == before
    assert assignment(one).status == "in_progress"


def test_nothing_to_undo_for_an_actor_without_changes(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="Nothing to undo"):
        take_back(one, actor="Никто")


def test_a_note_is_not_taken_back(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.add_note(s, assignment_id=1, text="Направлен запрос", actor=ME)
    with pytest.raises(InvalidInput, match="a progress note on assignment 1"):
        take_back(one)


def test_changes_of_people_and_meetings_are_passed_over(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:
        services.start(s, assignment_id=1, actor=ME)
    with one.write() as s:
        services.add_person(s, full_name="Караев Юрий", actor=ME)
    take_back(one)
    assert assignment(one).status == "open"
