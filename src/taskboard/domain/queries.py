"""Reading the register: the filtered assignment list, one assignment in full, meeting counts.

They return small read models, not ORM objects: the list must stay fast at 100,000
assignments on SQLite and PostgreSQL alike. The listing's rules (filters, overdue, search,
sort orders) are :mod:`taskboard.domain.listing`'s SQL, run on the session's own DB-API
connection; the rest is SQLAlchemy Core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from taskboard.domain import detail, listing, summaries
from taskboard.domain.control import AtRiskRule
from taskboard.domain.detail import AssignmentDetail as AssignmentDetail
from taskboard.domain.detail import HistoryItem as HistoryItem
from taskboard.domain.listing import SORTS as SORTS
from taskboard.domain.listing import STATUS_CHOICES as STATUS_CHOICES
from taskboard.domain.listing import AssignmentFilter as AssignmentFilter
from taskboard.domain.listing import AssignmentRow as AssignmentRow
from taskboard.domain.models import (
    Person,
    Status,
)
from taskboard.domain.summaries import DayDeadlines as DayDeadlines
from taskboard.domain.summaries import MeetingSummary as MeetingSummary
from taskboard.domain.summaries import PersonSummary as PersonSummary
from taskboard.storage.direct import Reader


def reader_of(session: Session) -> Reader:
    """The session's own DB-API connection (in its transaction), for :mod:`listing`'s SQL.

    Pending changes are flushed first, as the ORM's autoflush would before a query: a person
    or an assignment added earlier in the same unit of work is found.
    """
    session.flush()
    connection = session.connection()
    return Reader.of_connection(connection.connection.driver_connection, connection.dialect.name)


def count_assignments(
    session: Session, flt: AssignmentFilter, *, today: date, due_soon_days: int = 3
) -> int:
    """How many assignments match ``flt`` (ignoring limit and offset)."""
    return listing.count(reader_of(session), flt, today=today, due_soon_days=due_soon_days)


def list_assignments(
    session: Session,
    flt: AssignmentFilter,
    *,
    today: date,
    due_soon_days: int = 3,
    risk: AtRiskRule | None = None,
) -> list[AssignmentRow]:
    """The assignments matching ``flt``, sorted, with owners, co-executors, tags, extensions
    (``risk``: the at-risk rule of their flag; None: the defaults)."""
    return listing.rows(
        reader_of(session), flt, today=today, due_soon_days=due_soon_days, risk=risk
    )


def assignment_detail(
    session: Session,
    assignment_id: int,
    *,
    today: date,
    due_soon_days: int = 3,
    risk: AtRiskRule | None = None,
) -> AssignmentDetail:
    """One assignment in full, or :class:`NotFound` (see :func:`taskboard.domain.detail.of`)."""
    return detail.of(
        reader_of(session), assignment_id, today=today, due_soon_days=due_soon_days, risk=risk
    )


def meeting_summaries(session: Session, *, today: date) -> list[MeetingSummary]:
    """Every meeting, newest first, with its assignment counts."""
    return summaries.meetings(reader_of(session), today=today)


def totals(session: Session, *, today: date) -> tuple[int, int, int]:
    """(all assignments, open ones, overdue ones) over the whole register."""
    return summaries.totals(reader_of(session), today=today)


def people(session: Session) -> list[Person]:
    """The people directory, by name."""
    return list(session.scalars(select(Person).order_by(Person.name_folded)))


def people_with_counts(
    session: Session, *, today: date, search: str | None = None
) -> list[PersonSummary]:
    """The directory by name, each person with their open and overdue assignments (as owner);
    ``search``: see :func:`taskboard.domain.summaries.people`."""
    return summaries.people(reader_of(session), today=today, search=search)


def position_of(
    session: Session,
    flt: AssignmentFilter,
    assignment_id: int,
    *,
    today: date,
    due_soon_days: int = 3,
) -> int | None:
    """Where ``assignment_id`` stands in the listing ``flt`` selects (None: not in it).

    What a screen needs to put its cursor on an assignment just saved: the ids alone, sorted
    as :func:`list_assignments` sorts them.
    """
    ordered = listing.ordered_ids(reader_of(session), flt, today=today, due_soon_days=due_soon_days)
    for index, found in enumerate(ordered):
        if found == assignment_id:
            return index
    return None


@dataclass
class Overview:
    """The register at a glance: the TUI dashboard's figures."""

    by_status: dict[str, int]
    """Assignments per status (every :class:`Status` value)."""
    overdue: int
    due_soon: int
    overdue_by_owner: list[tuple[str, int]]
    """(owner, overdue assignments), most first."""
    at_risk: int = 0
    """Assignments at risk (:mod:`taskboard.domain.control`)."""


def overview(
    session: Session,
    *,
    today: date,
    due_soon_days: int,
    top: int = 15,
    risk: AtRiskRule | None = None,
) -> Overview:
    """Counts by status, overdue, due soon and at risk (``risk``: the rule; None: the
    defaults), and the owners with most overdue."""
    by_status = {
        s.value: count_assignments(session, AssignmentFilter(status=s.value), today=today)
        for s in Status
    }
    overdue = count_assignments(session, AssignmentFilter(overdue=True), today=today)
    soon = count_assignments(
        session, AssignmentFilter(due_soon=True), today=today, due_soon_days=due_soon_days
    )
    owners = summaries.overdue_owners(reader_of(session), today=today, top=top)
    risky = count_assignments(
        session, AssignmentFilter(at_risk=risk if risk is not None else AtRiskRule()), today=today
    )
    return Overview(
        by_status=by_status,
        overdue=overdue,
        due_soon=soon,
        overdue_by_owner=owners,
        at_risk=risky,
    )


def deadline_counts(
    session: Session, *, start: date, end: date, today: date
) -> dict[date, DayDeadlines]:
    """Per day from ``start`` to ``end``, the open assignments due that day (see
    :func:`taskboard.domain.summaries.deadline_counts`)."""
    return summaries.deadline_counts(reader_of(session), start=start, end=end, today=today)


def assignments_due_on(
    session: Session,
    day: date,
    *,
    today: date,
    due_soon_days: int = 3,
    limit: int | None = None,
    offset: int = 0,
) -> list[AssignmentRow]:
    """The open assignments due on ``day`` (those :func:`deadline_counts` counts), by id.

    The page's ids are cut first (the ``(status, due)`` index serves it), then listed: a day
    with thousands of deadlines binds only one page of ids at a time.
    """
    page = summaries.ids_due_on(reader_of(session), day, limit=limit, offset=offset)
    if not page:
        return []
    return list_assignments(
        session,
        AssignmentFilter(status="all", ids=page, sort="id"),
        today=today,
        due_soon_days=due_soon_days,
    )
