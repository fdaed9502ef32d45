"""A deadline changed through an edit is a deadline correction: the one rule (intake and the
services), its history event, what it leaves of the original deadline, and its undo."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from taskboard.domain import intake, services, undo
from taskboard.domain.intake import AssignmentChanges, AssignmentInput, IntakeProblems
from taskboard.domain.models import Assignment, Event, EventKind, Extension
from taskboard.errors import InvalidInput
from taskboard.presentation import describe
from tests.conftest import TODAY
from tests.unit import factories as f

ME = f.ACTOR


@pytest.fixture
def one(db):  # type: ignore[no-untyped-def]
    """One assignment (id 1) of Сандалов due 10.12.2026."""
    with db.write() as s:
        f.assignment(s, f.person(s))
    return db


def edit(db, **given: str | None) -> Assignment:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return intake.edit_assignment(s, 1, AssignmentChanges(**given), actor=ME, today=TODAY)


def history(db) -> list[Event]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.exec(select(Event).where(Event.assignment_id == 1).order_by(col(Event.id))))


def stored(db) -> Assignment:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return services.get_assignment(s, 1)


def test_intake_refuses_a_new_deadline_without_a_reason_on_the_reason_field(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntakeProblems) as caught:
        edit(one, due="15.12.2026", text="Новый текст")
    [problem] = caught.value.problems
    assert problem.field == "reason"
    assert "needs a reason" in problem.message
    assert "extend" in problem.message and "normal way" in problem.message
    assert (stored(one).due, stored(one).text) == (date(2026, 12, 10), "Проработать вопрос")
    assert [e.kind for e in history(one)] == ["created"]


def test_a_blank_reason_is_refused_like_no_reason(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntakeProblems) as caught:
        edit(one, due="15.12.2026", reason="  \t")
    assert [p.field for p in caught.value.problems] == ["reason"]


def test_a_date_that_does_not_parse_is_a_due_problem_not_a_reason_one(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntakeProblems) as caught:
        edit(one, due="31 февраля")
    assert [p.field for p in caught.value.problems] == ["due"]


def test_every_problem_is_collected_with_the_missing_reason(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntakeProblems) as caught:
        edit(one, due="15.12.2026", owner="Никтоев")
    assert [p.field for p in caught.value.problems] == ["owner", "reason"]


def test_the_services_refuse_a_new_deadline_without_a_reason_too(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s, pytest.raises(InvalidInput, match="needs a reason"):
        services.edit_assignment(
            s,
            assignment_id=1,
            changes=services.AssignmentUpdate(due=date(2026, 12, 15)),
            actor=ME,
        )
    assert stored(one).due == date(2026, 12, 10)


def test_a_correction_is_one_event_with_old_new_and_reason_and_no_extension(one) -> None:  # type: ignore[no-untyped-def]
    corrected = edit(one, due="15.12.2026", reason="  Опечатка в протоколе ")
    assert corrected.due == date(2026, 12, 15)
    event = history(one)[-1]
    assert (event.kind, event.field, event.old_value, event.new_value, event.reason) == (
        EventKind.CORRECTED.value,
        "due",
        "2026-12-10",
        "2026-12-15",
        "Опечатка в протоколе",
    )
    assert [e.kind for e in history(one)] == ["created", "corrected"]
    with one.read() as s:
        assert list(s.exec(select(Extension))) == []  # the register's extension count stays 0


def test_a_correction_leaves_the_original_deadline_as_first_set(one) -> None:  # type: ignore[no-untyped-def]
    edit(one, due="15.12.2026", reason="Опечатка")
    edit(one, due="01.12.2026", reason="Срок по протоколу")
    assert (stored(one).due, stored(one).original_due) == (date(2026, 12, 1), date(2026, 12, 10))


def test_a_standing_assignment_given_a_date_and_back_is_a_correction_each_way(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.assignment(s, f.person(s), due=None, standing=True)
    with pytest.raises(IntakeProblems):
        edit(db, due="15.12.2026")
    edit(db, due="15.12.2026", reason="Срок назначен")
    # It had no deadline to be late against: the original stays «none» (standing).
    assert (stored(db).due, stored(db).original_due) == (date(2026, 12, 15), None)
    with pytest.raises(IntakeProblems):
        edit(db, due="постоянно")
    edit(db, due="постоянно", reason="Снова на постоянном контроле")
    assert stored(db).due is None
    assert [(e.old_value, e.new_value) for e in history(db) if e.kind == "corrected"] == [
        (None, "2026-12-15"),
        ("2026-12-15", None),
    ]


def test_the_same_deadline_written_another_way_is_no_correction(one) -> None:  # type: ignore[no-untyped-def]
    edit(one, due="2026-12-10", text="Уточнённый текст")
    assert [e.kind for e in history(one)] == ["created", "edited"]


def test_a_reason_without_a_new_deadline_is_refused_on_the_reason_field(one) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntakeProblems) as caught:
        edit(one, text="Другой текст", reason="Опечатка")
    assert [p.field for p in caught.value.problems] == ["reason"]
    assert stored(one).text == "Проработать вопрос"


def test_a_new_assignment_needs_no_reason(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.person(s)
        created = intake.add_assignment(
            s,
            AssignmentInput(text="Новое", owner="сандалов", due="15.12.2026"),
            actor=ME,
            today=TODAY,
        )
        assert created.due == date(2026, 12, 15)


def test_undo_of_a_correction_puts_the_deadline_back_and_names_the_event_it_took_back(one) -> None:  # type: ignore[no-untyped-def]
    edit(one, due="15.12.2026", reason="Опечатка", priority="high")
    [corrected] = [e for e in history(one) if e.kind == "corrected"]
    with one.write() as s:
        done = undo.undo_last(s, actor=ME)
    assert done.message == (
        "Undone for assignment 1: deadline back to 2026-12-10; priority back to normal."
    )
    assert (stored(one).due, stored(one).priority) == (date(2026, 12, 10), "normal")
    [back] = [e for e in history(one) if e.field == "correction"]
    assert back.kind == EventKind.UNDONE.value
    assert json.loads(back.old_value or "") == {
        "due": "2026-12-15",
        "reason": "Опечатка",
        "event": corrected.id,
    }
    assert back.new_value == "2026-12-10"
    assert corrected in history(one)  # append-only: the correction itself stays


def test_undo_of_a_date_given_to_a_standing_assignment_makes_it_standing_again(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        f.assignment(s, f.person(s), due=None, standing=True)
    edit(db, due="15.12.2026", reason="Срок назначен")
    with db.write() as s:
        assert undo.undo_last(s, actor=ME).message == (
            "Undone: the deadline of assignment 1 is standing again."
        )
    assert (stored(db).due, stored(db).original_due) == (None, None)


def test_an_edit_of_the_deadline_from_before_schema_0004_is_still_taken_back(one) -> None:  # type: ignore[no-untyped-def]
    with one.write() as s:  # what 0003's edit wrote: an «edited» event, no reason
        services.record_event(
            s, kind=EventKind.EDITED, actor=ME, assignment_id=1, field="due",
            old=date(2026, 12, 10), new=date(2026, 12, 15),
        )  # fmt: skip
        services.get_assignment(s, 1).due = date(2026, 12, 15)
    with one.write() as s:
        undo.undo_last(s, actor=ME)
    assert stored(one).due == date(2026, 12, 10)


def test_history_sentences_give_the_reason_and_say_standing_for_no_date() -> None:
    assert describe("corrected", "due", "2026-12-10", "2026-12-15", {}, "Опечатка") == (
        "deadline corrected: 2026-12-10 → 2026-12-15 (reason: Опечатка)"
    )
    assert describe("corrected", "due", None, "2026-12-15", {}, "Срок назначен") == (
        "deadline corrected: standing → 2026-12-15 (reason: Срок назначен)"
    )
    taken = json.dumps({"due": "2026-12-15", "reason": "Опечатка", "event": 7})
    assert describe("undone", "correction", taken, "2026-12-10", {}) == (
        "undone: the deadline correction to 2026-12-15 («Опечатка»), deadline 2026-12-10 again"
    )
