"""The calendar's queries: open deadlines counted per day, and one day's assignments listed."""

from __future__ import annotations

from datetime import date

import pytest

from taskboard.domain import services
from taskboard.domain.queries import DayDeadlines, assignments_due_on, deadline_counts
from taskboard.storage.database import Database
from tests.conftest import TODAY
from tests.unit import factories as f


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    """A small register around TODAY (2026-11-24), with closed and standing assignments."""
    with db.write() as s:
        owner = f.person(s)
        made = {
            "past-1": f.assignment(s, owner, due=date(2026, 11, 10)),
            "past-2": f.assignment(s, owner, due=date(2026, 11, 10)),
            "past-done": f.assignment(s, owner, due=date(2026, 11, 10)),
            "first": f.assignment(s, owner, due=date(2026, 11, 1)),
            "today": f.assignment(s, owner, due=TODAY),
            "cancelled": f.assignment(s, owner, due=date(2026, 11, 30)),
            "last": f.assignment(s, owner, due=date(2026, 11, 30)),
            "december": f.assignment(s, owner, due=date(2026, 12, 1)),
            "october": f.assignment(s, owner, due=date(2026, 10, 31)),
            "standing": f.assignment(s, owner, due=None, standing=True),
        }
        services.start(s, assignment_id=made["past-2"], actor=f.ACTOR)
        services.done(s, assignment_id=made["past-done"], actor=f.ACTOR)
        services.cancel(s, assignment_id=made["cancelled"], reason="Снято", actor=f.ACTOR)
    return made


def test_deadline_counts_counts_open_assignments_per_day_within_the_range(db, ids) -> None:
    with db.read() as s:
        counts = deadline_counts(s, start=date(2026, 11, 1), end=date(2026, 11, 30), today=TODAY)
    assert counts == {
        date(2026, 11, 1): DayDeadlines(due=1, overdue=1),
        date(2026, 11, 10): DayDeadlines(due=2, overdue=2),  # open + in progress; done left out
        TODAY: DayDeadlines(due=1, overdue=0),  # due today is not overdue yet
        date(2026, 11, 30): DayDeadlines(due=1, overdue=0),  # the cancelled one left out
    }


def test_deadline_counts_of_an_empty_range_is_empty(db, ids) -> None:
    with db.read() as s:
        assert deadline_counts(s, start=date(2027, 1, 1), end=date(2027, 1, 31), today=TODAY) == {}


def test_assignments_due_on_lists_the_days_open_assignments_by_id(db, ids) -> None:
    with db.read() as s:
        rows = assignments_due_on(s, date(2026, 11, 10), today=TODAY)
        first = assignments_due_on(s, date(2026, 11, 10), today=TODAY, limit=1)
        second = assignments_due_on(s, date(2026, 11, 10), today=TODAY, limit=1, offset=1)
        none = assignments_due_on(s, date(2026, 11, 11), today=TODAY)
    assert [r.id for r in rows] == [ids["past-1"], ids["past-2"]]
    assert all(r.overdue for r in rows)
    assert [r.id for r in first + second] == [ids["past-1"], ids["past-2"]]
    assert none == []
