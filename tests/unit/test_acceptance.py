"""The acceptance loop in the domain: submit → review, accept → done as of the report's date,
return → rework with a comment (and an extension with a new deadline); each refusal leaves the
assignment, its history and its records as they were; undo takes each step back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import col, func, select

from taskboard.domain import listing, services, undo
from taskboard.domain.models import Assignment, Event, EventKind, Extension, Note, Report, Status
from taskboard.domain.queries import AssignmentFilter, list_assignments
from taskboard.errors import InvalidInput, InvalidTransition, NotFound, StaleVersion
from tests.conftest import TODAY
from tests.unit import factories as f

ME = f.ACTOR
CONTROLLER = "Иванова Е.П."


@pytest.fixture
def one(db):  # type: ignore[no-untyped-def]
    """Assignment 1: Сандалов, due 2026-12-10, open."""
    with db.write() as s:
        owner = f.person(s)
        f.assignment(s, owner)
    return db


def state(db, assignment_id: int = 1) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Everything a step may change: the row, its history and its records."""
    with db.read() as s:
        a = s.get(Assignment, assignment_id)
        assert a is not None
        count = lambda model: s.exec(  # noqa: E731
            select(func.count()).select_from(model).where(model.assignment_id == assignment_id)
        ).one()
        return {
            "status": a.status,
            "due": a.due,
            "closed_on": a.closed_on,
            "version": a.version,
            "events": count(Event),
            "reports": count(Report),
            "extensions": count(Extension),
            "notes": count(Note),
        }


def history(db, assignment_id: int = 1) -> list[tuple[str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    """(kind, old, new, reason) of each event after the creation."""
    with db.read() as s:
        rows = s.exec(
            select(Event).where(Event.assignment_id == assignment_id).order_by(col(Event.id))
        )
        return [(e.kind, e.old_value, e.new_value, e.reason) for e in rows][1:]


def submit(db, assignment_id: int = 1, text: str = "Доклад подготовлен", **kwargs: Any) -> Report:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return services.submit(s, assignment_id=assignment_id, text=text, actor=ME, **kwargs)


def accept(db, assignment_id: int = 1, **kwargs: Any) -> Assignment:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return services.accept(s, assignment_id=assignment_id, actor=CONTROLLER, **kwargs)


def give_back(db, assignment_id: int = 1, comment: str = "Нет цифр", **kwargs: Any) -> Assignment:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return services.return_for_rework(
            s, assignment_id=assignment_id, comment=comment, actor=CONTROLLER, **kwargs
        )


def test_a_report_puts_the_assignment_under_review_and_is_kept_with_its_date_and_document(
    one,
) -> None:
    report = submit(one, reported_on=date(2026, 11, 20), document=" /docs/отчёт.pdf ")
    assert (report.reported_on, report.document, report.actor) == (
        date(2026, 11, 20),
        "/docs/отчёт.pdf",
        ME,
    )
    assert state(one)["status"] == Status.REVIEW.value
    assert history(one) == [
        (EventKind.REPORTED.value, None, "Доклад подготовлен", None),
        (EventKind.STATUS.value, "open", "review", None),
    ]


def test_a_report_without_a_date_is_of_today_and_without_a_document_has_none(one) -> None:
    report = submit(one, document="   ")
    assert (report.reported_on, report.document) == (TODAY, None)


@pytest.mark.parametrize("before", ["open", "in_progress", "rework"])
def test_a_report_is_taken_from_every_status_on_control_but_review(one, before: str) -> None:
    if before == "in_progress":
        with one.write() as s:
            services.start(s, assignment_id=1, actor=ME)
    elif before == "rework":
        submit(one)
        give_back(one)
    submit(one, text="Ещё раз")
    assert state(one)["status"] == "review"


def test_accepting_closes_it_as_done_on_the_reports_date_not_today(one) -> None:
    # Reported on time (before the 10 December deadline), accepted after it: on time.
    submit(one, reported_on=date(2026, 11, 20))
    done = accept(one, note="Снять с контроля")
    assert (done.status, done.closed_on) == ("done", date(2026, 11, 20))
    assert history(one)[-2:] == [
        (EventKind.NOTE.value, None, "Снять с контроля", None),
        (EventKind.STATUS.value, "review", "done", None),
    ]
    with one.read() as s:
        assert s.exec(select(Event.actor).order_by(col(Event.id).desc())).first() == CONTROLLER


def test_the_latest_report_gives_the_done_date_after_a_return(one) -> None:
    submit(one, reported_on=date(2026, 11, 18))
    give_back(one)
    submit(one, text="Дополнено", reported_on=date(2026, 11, 23))
    assert accept(one).closed_on == date(2026, 11, 23)


def test_a_return_is_rework_with_the_comment_in_its_status_event(one) -> None:
    submit(one)
    returned = give_back(one, comment="Нет цифр по району")
    assert returned.status == "rework"
    assert returned.due == date(2026, 12, 10)
    assert history(one)[-1] == (EventKind.STATUS.value, "review", "rework", "Нет цифр по району")
    assert state(one)["extensions"] == 0


def test_a_return_with_a_new_deadline_is_an_extension_with_the_comment_as_its_reason(
    one,
) -> None:
    submit(one)
    returned = give_back(one, comment="Нужны цифры", new_due=date(2026, 12, 25))
    assert returned.due == date(2026, 12, 25)
    with one.read() as s:
        extension = s.exec(select(Extension)).one()
        assert (extension.old_due, extension.new_due, extension.reason, extension.actor) == (
            date(2026, 12, 10),
            date(2026, 12, 25),
            "Нужны цифры",
            CONTROLLER,
        )
        original = s.get(Assignment, 1)
        assert original is not None and original.original_due == date(2026, 12, 10)
    assert history(one)[-1] == (EventKind.EXTENDED.value, "2026-12-10", "2026-12-25", None)


def test_done_stays_the_direct_path_even_under_review(one) -> None:
    submit(one, reported_on=date(2026, 11, 20))
    with one.write() as s:
        closed = services.done(s, assignment_id=1, actor=CONTROLLER)
    assert (closed.status, closed.closed_on) == ("done", TODAY)


@pytest.mark.parametrize("status", ["review", "rework"])
def test_review_and_rework_are_on_control_listed_by_default_and_overdue_after_the_deadline(
    db, status: str
) -> None:
    with db.write() as s:
        owner = f.person(s)
        aid = f.assignment(s, owner, due=date(2026, 11, 20))  # before TODAY (24 November)
        services.submit(s, assignment_id=aid, text="Отчёт", actor=ME)
        if status == "rework":
            services.return_for_rework(s, assignment_id=aid, comment="Доработать", actor=ME)
    with db.read() as s:
        default = list_assignments(s, AssignmentFilter(), today=TODAY)
        overdue = list_assignments(s, AssignmentFilter(overdue=True), today=TODAY)
        only = list_assignments(s, AssignmentFilter(status=status), today=TODAY)
        closed = list_assignments(s, AssignmentFilter(status="closed"), today=TODAY)
    assert [r.id for r in default] == [r.id for r in overdue] == [r.id for r in only] == [aid]
    assert default[0].overdue and default[0].status == status
    assert closed == []
    assert status in listing.STATUS_CHOICES
    assert not Status(status).closed


# --- refusals: one clear error, nothing changed -----------------------------------------------


def refused(db, error: type[Exception], match: str, step: Any) -> None:  # type: ignore[no-untyped-def]
    before = state(db)
    with pytest.raises(error, match=match), db.write() as s:
        step(s)
    assert state(db) == before


def test_a_report_on_a_closed_assignment_is_refused(one) -> None:
    with one.write() as s:
        services.done(s, assignment_id=1, actor=ME)
    refused(
        one,
        InvalidTransition,
        "a report is not taken on a closed assignment",
        lambda s: services.submit(s, assignment_id=1, text="Поздно", actor=ME),
    )


def test_a_report_on_a_cancelled_assignment_is_refused(one) -> None:
    with one.write() as s:
        services.cancel(s, assignment_id=1, reason="Неактуально", actor=ME)
    refused(
        one,
        InvalidTransition,
        "closed assignment",
        lambda s: services.submit(s, assignment_id=1, text="Поздно", actor=ME),
    )


def test_a_second_report_while_one_is_under_review_is_refused(one) -> None:
    submit(one)
    refused(
        one,
        InvalidTransition,
        "already under review",
        lambda s: services.submit(s, assignment_id=1, text="Ещё", actor=ME),
    )


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_report_is_refused(one, text: str) -> None:
    refused(
        one,
        InvalidInput,
        "must not be empty",
        lambda s: services.submit(s, assignment_id=1, text=text, actor=ME),
    )


def test_a_report_dated_after_today_is_refused(one) -> None:
    refused(
        one,
        InvalidInput,
        "after today",
        lambda s: services.submit(
            s, assignment_id=1, text="Отчёт", actor=ME, reported_on=date(2026, 11, 25)
        ),
    )


@pytest.mark.parametrize("before", ["open", "in_progress", "rework", "done"])
def test_accepting_what_is_not_under_review_is_refused(one, before: str) -> None:
    if before == "in_progress":
        with one.write() as s:
            services.start(s, assignment_id=1, actor=ME)
    elif before == "rework":
        submit(one)
        give_back(one)
    elif before == "done":
        submit(one)
        accept(one)
    refused(
        one,
        InvalidTransition,
        "only one under review can be accepted",
        lambda s: services.accept(s, assignment_id=1, actor=CONTROLLER),
    )


@pytest.mark.parametrize("before", ["open", "rework", "done"])
def test_returning_what_is_not_under_review_is_refused(one, before: str) -> None:
    if before == "rework":
        submit(one)
        give_back(one)
    elif before == "done":
        with one.write() as s:
            services.done(s, assignment_id=1, actor=ME)
    refused(
        one,
        InvalidTransition,
        "only one under review can be returned",
        lambda s: services.return_for_rework(s, assignment_id=1, comment="x", actor=CONTROLLER),
    )


@pytest.mark.parametrize("comment", ["", "  \t "])
def test_a_return_without_a_comment_is_refused(one, comment: str) -> None:
    submit(one)
    refused(
        one,
        InvalidInput,
        "must not be empty",
        lambda s: services.return_for_rework(s, assignment_id=1, comment=comment, actor=CONTROLLER),
    )


@pytest.mark.parametrize("new_due", [date(2026, 12, 10), date(2026, 12, 1)])
def test_a_return_whose_new_deadline_is_not_later_is_refused_whole(one, new_due: date) -> None:
    submit(one)
    refused(
        one,
        InvalidInput,
        "must be after the current one",
        lambda s: services.return_for_rework(
            s, assignment_id=1, comment="Доработать", new_due=new_due, actor=CONTROLLER
        ),
    )


def test_a_return_with_a_deadline_for_a_standing_assignment_is_refused(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        f.assignment(s, owner, due=None, standing=True)
        services.submit(s, assignment_id=1, text="Отчёт", actor=ME)
    refused(
        db,
        InvalidTransition,
        "standing",
        lambda s: services.return_for_rework(
            s, assignment_id=1, comment="x", new_due=date(2027, 1, 15), actor=CONTROLLER
        ),
    )


def test_a_stale_version_is_refused_at_each_step(one) -> None:
    refused(
        one,
        StaleVersion,
        "changed by someone else",
        lambda s: services.submit(s, assignment_id=1, text="x", actor=ME, expected_version=7),
    )
    submit(one)
    for step in (
        lambda s: services.accept(s, assignment_id=1, actor=ME, expected_version=1),
        lambda s: services.return_for_rework(
            s, assignment_id=1, comment="x", actor=ME, expected_version=1
        ),
    ):
        refused(one, StaleVersion, "changed by someone else", step)


def test_an_unknown_assignment_is_not_found_at_each_step(one) -> None:
    for step in (
        lambda s: services.submit(s, assignment_id=9, text="x", actor=ME),
        lambda s: services.accept(s, assignment_id=9, actor=ME),
        lambda s: services.return_for_rework(s, assignment_id=9, comment="x", actor=ME),
    ):
        refused(one, NotFound, "No assignment with id 9", step)


# --- undo ---------------------------------------------------------------------------------------


def take_back(db, actor: str) -> str:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return undo.undo_last(s, actor=actor).message


def test_undo_of_a_report_puts_the_status_back_and_removes_the_report(one) -> None:
    before = state(one)
    submit(one)
    assert "open" in take_back(one, ME)
    after = state(one)
    assert (after["status"], after["reports"]) == ("open", 0)
    assert after["events"] == before["events"] + 4  # report, status, and their two undos
    undone = history(one)[-2:]
    assert (undone[0][0], undone[0][1]) == (EventKind.UNDONE.value, "Доклад подготовлен")
    assert undone[1][0] == EventKind.UNDONE.value


def test_undo_of_an_acceptance_puts_it_back_under_review_without_a_done_date(one) -> None:
    submit(one, reported_on=date(2026, 11, 20))
    accept(one)
    take_back(one, CONTROLLER)
    after = state(one)
    assert (after["status"], after["closed_on"], after["reports"]) == ("review", None, 1)


def test_undo_of_a_return_with_a_new_deadline_takes_back_the_extension_too(one) -> None:
    submit(one)
    give_back(one, new_due=date(2026, 12, 25))
    take_back(one, CONTROLLER)
    after = state(one)
    assert (after["status"], after["due"], after["extensions"]) == (
        "review",
        date(2026, 12, 10),
        0,
    )


# --- acceptance in part -------------------------------------------------------------------------


def test_acceptance_in_part_closes_it_and_keeps_the_rest_on_control_linked(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        co = f.person(s, "Волосков Сергей Александрович")
        meeting = f.meeting(s)
        aid = f.assignment(
            s,
            owner,
            text="Доклад и презентация",
            meeting_id=meeting,
            co_executor_ids=[co],
            tags=["Экономика"],
            controller_id=co,
        )
        services.submit(
            s, assignment_id=aid, text="Доклад", actor=ME, reported_on=date(2026, 11, 20)
        )
        rest = services.accept_in_part(
            s,
            assignment_id=aid,
            part="в части доклада",
            rest_due=date(2026, 12, 30),
            actor=CONTROLLER,
        )
        rest_id = rest.id
    with db.read() as s:
        accepted = s.get(Assignment, aid)
        remainder = s.get(Assignment, rest_id)
        assert accepted is not None and remainder is not None
        assert (accepted.status, accepted.closed_on) == ("done", date(2026, 11, 20))
        assert (remainder.status, remainder.due, remainder.original_due, remainder.parent_id) == (
            "open",
            date(2026, 12, 30),
            date(2026, 12, 30),
            aid,
        )
        assert (
            remainder.text,
            remainder.owner_id,
            remainder.controller_id,
            remainder.meeting_id,
        ) == (
            "Доклад и презентация",
            accepted.owner_id,
            co,
            meeting,
        )
        assert remainder.number != accepted.number  # its own item number in the meeting
        assert services.co_executors_of(s, rest_id) == [co]
        assert services.tags_of(s, rest_id) == ["Экономика"]
    assert history(db, aid)[-1] == (EventKind.NOTE.value, None, "в части доклада", None)
    assert history(db, rest_id) == []  # only its creation, written by the controller
    with db.read() as s:
        created = s.exec(select(Event).where(Event.assignment_id == rest_id)).one()
        assert (created.kind, created.actor) == (EventKind.CREATED.value, CONTROLLER)


@pytest.mark.parametrize("part", ["", "   "])
def test_acceptance_in_part_without_saying_what_is_refused(one, part: str) -> None:
    submit(one)
    refused(
        one,
        InvalidInput,
        "must not be empty",
        lambda s: services.accept_in_part(
            s, assignment_id=1, part=part, rest_due=date(2026, 12, 30), actor=CONTROLLER
        ),
    )


def test_acceptance_in_part_of_what_is_not_under_review_is_refused_and_adds_nothing(one) -> None:
    refused(
        one,
        InvalidTransition,
        "only one under review can be accepted",
        lambda s: services.accept_in_part(
            s, assignment_id=1, part="в части", rest_due=date(2026, 12, 30), actor=CONTROLLER
        ),
    )
    with one.read() as s:
        assert s.exec(select(func.count()).select_from(Assignment)).one() == 1


def test_undo_of_an_acceptance_in_part_puts_it_back_and_takes_the_rest_off_control(one) -> None:
    submit(one)
    with one.write() as s:
        rest = services.accept_in_part(
            s, assignment_id=1, part="в части", rest_due=date(2026, 12, 30), actor=CONTROLLER
        )
    take_back(one, CONTROLLER)
    assert state(one)["status"] == "review"
    assert rest.id is not None and state(one, rest.id)["status"] == "cancelled"
