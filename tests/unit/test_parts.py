"""Co-executors' parts in the domain: a sub-deadline never after the owner's, a part's report that
leaves the status alone and is never the owner's report, the owner's deadline moved earlier
clamping later sub-deadlines, and the details both faces show."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from taskboard.domain import detail, parts, services
from taskboard.domain.models import CoExecutor, Event, Status
from taskboard.domain.queries import reader_of
from taskboard.errors import InvalidInput, InvalidTransition
from tests.conftest import TODAY
from tests.unit import factories as f

ME = f.ACTOR


@pytest.fixture
def ids(db):  # type: ignore[no-untyped-def]
    """Assignment 1: Сандалов owns it (due 2026-12-10), Волосков co-executes it."""
    with db.write() as s:
        owner = f.person(s)
        co = f.person(s, "Волосков Сергей")
        f.assignment(s, owner, co_executor_ids=[co])
    return {"owner": owner, "co": co}


def test_a_sub_deadline_after_the_owners_is_refused_and_nothing_is_written(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        events = len(s.exec(select(Event)).all())
    with pytest.raises(InvalidInput, match="after the assignment's deadline"), db.write() as s:
        parts.set_part_due(
            s, assignment_id=1, person_id=ids["co"], due=date(2026, 12, 11), actor=ME
        )
    with db.read() as s:
        assert len(s.exec(select(Event)).all()) == events
        part = s.get(CoExecutor, (1, ids["co"]))
        assert part is not None and part.due is None


def test_a_sub_deadline_on_the_owners_day_is_taken(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        assert parts.set_part_due(
            s, assignment_id=1, person_id=ids["co"], due=date(2026, 12, 10), actor=ME
        )
        assert not parts.set_part_due(
            s, assignment_id=1, person_id=ids["co"], due=date(2026, 12, 10), actor=ME
        )


def test_the_owner_has_no_part(db, ids) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="not a co-executor"), db.write() as s:
        parts.set_part_due(
            s, assignment_id=1, person_id=ids["owner"], due=date(2026, 12, 1), actor=ME
        )


def test_a_closed_assignment_takes_no_part_change_or_report(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        services.done(s, assignment_id=1, actor=ME)
    with pytest.raises(InvalidTransition), db.write() as s:
        parts.set_part_due(s, assignment_id=1, person_id=ids["co"], due=date(2026, 12, 1), actor=ME)
    with pytest.raises(InvalidTransition), db.write() as s:
        parts.submit_part(s, assignment_id=1, person_id=ids["co"], text="Готово", actor=ME)


def test_latest_report_is_the_owners_even_after_a_part_report(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        services.submit(
            s, assignment_id=1, text="Исполнено", reported_on=date(2026, 11, 20), actor=ME
        )
        parts.submit_part(
            s,
            assignment_id=1,
            person_id=ids["co"],
            text="Моя часть",
            reported_on=TODAY,
            actor=ME,
        )
        report = services.latest_report(s, 1)
        assert report is not None and report.text == "Исполнено"
        accepted = services.accept(s, assignment_id=1, actor=ME)
        assert accepted.closed_on == date(2026, 11, 20)


def test_a_part_report_leaves_the_status_as_it_was(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        parts.submit_part(s, assignment_id=1, person_id=ids["co"], text="Моя часть", actor=ME)
        assert services.get_assignment(s, 1).status == Status.OPEN.value
        assert services.latest_report(s, 1) is None


def test_an_earlier_owners_deadline_clamps_a_later_sub_deadline(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        parts.set_part_due(s, assignment_id=1, person_id=ids["co"], due=date(2026, 12, 8), actor=ME)
        services.edit_assignment(
            s,
            assignment_id=1,
            changes=services.AssignmentUpdate(due=date(2026, 12, 3), reason="Ускорить"),
            actor=ME,
        )
        part = s.get(CoExecutor, (1, ids["co"]))
        assert part is not None and part.due == date(2026, 12, 3)
        clamp = s.exec(select(Event).where(Event.field == "part_due")).all()[-1]
        assert (clamp.person_id, clamp.old_value, clamp.new_value) == (
            ids["co"],
            "2026-12-08",
            "2026-12-03",
        )


def test_details_list_each_part_with_its_report_and_overdue_mark(db, ids) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        parts.set_part_due(
            s, assignment_id=1, person_id=ids["co"], due=date(2026, 11, 20), actor=ME
        )
    with db.read() as s:
        shown = detail.of(reader_of(s), 1, today=TODAY)
    assert [(p.name, p.due, p.reported_on, p.overdue) for p in shown.parts] == [
        ("Волосков Сергей", date(2026, 11, 20), None, True)
    ]
    with db.write() as s:
        parts.submit_part(s, assignment_id=1, person_id=ids["co"], text="Сделано", actor=ME)
    with db.read() as s:
        shown = detail.of(reader_of(s), 1, today=TODAY)
    assert [(p.reported_on, p.report, p.overdue) for p in shown.parts] == [
        (TODAY, "Сделано", False)
    ]
    assert shown.reports == []  # the owner's reports only


def test_the_tui_details_pane_shows_the_parts_once_one_has_a_date(db, ids) -> None:  # type: ignore[no-untyped-def]
    from taskboard.tui.widgets.details import render_detail

    with db.read() as s:
        plain = render_detail(detail.of(reader_of(s), 1, today=TODAY)).plain
    assert "Co-executors' parts" not in plain
    with db.write() as s:
        parts.set_part_due(
            s, assignment_id=1, person_id=ids["co"], due=date(2026, 11, 20), actor=ME
        )
    with db.read() as s:
        plain = render_detail(detail.of(reader_of(s), 1, today=TODAY)).plain
    assert "Co-executors' parts" in plain
    assert "Волосков Сергей — due 2026-11-20 — report not in  overdue" in plain
