"""Reading the register: the filtered assignment list, one assignment in full, meeting counts.

They return small read models, not ORM objects: the list must stay fast at 100,000
assignments on SQLite and PostgreSQL alike. The listing's rules (filters, overdue, search,
sort orders) are :mod:`taskboard.domain.listing`'s SQL, run on the session's own DB-API
connection; the rest is SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from taskboard.domain import listing
from taskboard.domain.listing import SORTS as SORTS
from taskboard.domain.listing import STATUS_CHOICES as STATUS_CHOICES
from taskboard.domain.listing import AssignmentFilter as AssignmentFilter
from taskboard.domain.listing import AssignmentRow as AssignmentRow
from taskboard.domain.models import (
    ASSIGNMENT_TABLE,
    MEETING_TABLE,
    OPEN_STATUSES,
    PERSON_TABLE,
    Event,
    Extension,
    Meeting,
    Note,
    Person,
    Status,
)
from taskboard.domain.search import fold, words
from taskboard.storage.direct import Reader


def reader_of(session: Session) -> Reader:
    """The session's own DB-API connection (in its transaction), for :mod:`listing`'s SQL."""
    connection = session.connection()
    return Reader.of_connection(connection.connection.driver_connection, connection.dialect.name)


def count_assignments(
    session: Session, flt: AssignmentFilter, *, today: date, due_soon_days: int = 3
) -> int:
    """How many assignments match ``flt`` (ignoring limit and offset)."""
    return listing.count(reader_of(session), flt, today=today, due_soon_days=due_soon_days)


def list_assignments(
    session: Session, flt: AssignmentFilter, *, today: date, due_soon_days: int = 3
) -> list[AssignmentRow]:
    """The assignments matching ``flt``, sorted, with owners, co-executors, tags, extensions."""
    return listing.rows(reader_of(session), flt, today=today, due_soon_days=due_soon_days)


@dataclass
class HistoryItem:
    """One history event, ready to show."""

    at: datetime
    actor: str
    kind: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None = None
    """Why (a deadline correction's reason); None for other events."""


@dataclass
class AssignmentDetail:
    """Everything about one assignment: ``taskboard show`` and the TUI's details pane."""

    row: AssignmentRow
    author: str | None
    meeting_date: date | None
    recurrence: str | None
    created_at: datetime
    notes: list[Note] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)
    people: dict[int, str] = field(default_factory=dict)
    """Names of the people the history refers to by id (owners, controllers, co-executors)."""

    def to_json(self) -> dict[str, Any]:
        """The assignment with notes, extensions and history, as JSON."""
        data = self.row.to_json()
        data.update(
            {
                "author": self.author,
                "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
                "recurrence": self.recurrence,
                "created_at": self.created_at.isoformat(),
                "notes": [
                    {"at": n.created_at.isoformat(), "actor": n.actor, "text": n.text}
                    for n in self.notes
                ],
                "extension_list": [
                    {
                        "at": e.created_at.isoformat(),
                        "actor": e.actor,
                        "old_due": e.old_due.isoformat(),
                        "new_due": e.new_due.isoformat(),
                        "reason": e.reason,
                    }
                    for e in self.extensions
                ],
                "history": [
                    {
                        "at": h.at.isoformat(),
                        "actor": h.actor,
                        "kind": h.kind,
                        "field": h.field,
                        "old": h.old_value,
                        "new": h.new_value,
                        "reason": h.reason,
                    }
                    for h in self.history
                ],
            }
        )
        return data


def assignment_detail(
    session: Session, assignment_id: int, *, today: date, due_soon_days: int = 3
) -> AssignmentDetail:
    """One assignment in full, or :class:`NotFound`."""
    from taskboard.domain.services import get_assignment

    assignment = get_assignment(session, assignment_id)
    # The list query for exactly this id, so that show and list can never disagree.
    flt = AssignmentFilter(status="all", ids=[assignment_id])
    rows = list_assignments(session, flt, today=today, due_soon_days=due_soon_days)
    author = session.get(Person, assignment.author_id) if assignment.author_id else None
    meeting = session.get(Meeting, assignment.meeting_id) if assignment.meeting_id else None
    notes = list(
        session.scalars(
            select(Note)
            .where(col(Note.assignment_id) == assignment_id)
            .order_by(col(Note.created_at), col(Note.id))
        )
    )
    extensions = list(
        session.scalars(
            select(Extension)
            .where(col(Extension.assignment_id) == assignment_id)
            .order_by(col(Extension.created_at), col(Extension.id))
        )
    )
    history = [
        HistoryItem(e.at, e.actor, e.kind, e.field, e.old_value, e.new_value, e.reason)
        for e in session.scalars(
            select(Event)
            .where(col(Event.assignment_id) == assignment_id)
            .order_by(col(Event.at), col(Event.id))
        )
    ]
    return AssignmentDetail(
        people=_history_people(session, history),
        row=rows[0],
        author=author.full_name if author else None,
        meeting_date=meeting.date if meeting else None,
        recurrence=assignment.recurrence,
        created_at=assignment.created_at,
        notes=notes,
        extensions=extensions,
        history=history,
    )


def _history_people(session: Session, history: Sequence[HistoryItem]) -> dict[int, str]:
    """Names of every person a history refers to by id."""
    import json

    ids: set[int] = set()
    for item in history:
        for raw in (item.old_value, item.new_value):
            if not raw:
                continue
            if item.field in ("owner_id", "controller_id") and raw.isdigit():
                ids.add(int(raw))
            elif item.field == "co_executors":
                try:
                    ids.update(int(i) for i in json.loads(raw))
                except (ValueError, TypeError):
                    continue
    if not ids:
        return {}
    p = PERSON_TABLE
    rows = session.connection().execute(select(p.c.id, p.c.full_name).where(p.c.id.in_(ids)))
    return {pid: name for pid, name in rows}


@dataclass
class MeetingSummary:
    """A meeting with its open and overdue counts (the TUI's left pane, ``meeting list``)."""

    id: int
    title: str
    date: date
    kind: str
    place: str | None
    protocol_no: str | None
    chair: str | None
    total: int
    open: int
    overdue: int

    def to_json(self) -> dict[str, Any]:
        """The meeting as JSON."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "place": self.place,
            "protocol_no": self.protocol_no,
            "chair": self.chair,
            "total": self.total,
            "open": self.open,
            "overdue": self.overdue,
        }


def meeting_summaries(session: Session, *, today: date) -> list[MeetingSummary]:
    """Every meeting, newest first, with its assignment counts."""
    a = ASSIGNMENT_TABLE
    m = MEETING_TABLE
    chair = PERSON_TABLE.alias("chair")
    active = [s.value for s in OPEN_STATUSES]
    counts = (
        select(
            a.c.meeting_id,
            func.count().label("total"),
            func.sum(case((a.c.status.in_(active), 1), else_=0)).label("open"),
            func.sum(case((and_(a.c.status.in_(active), a.c.due < today), 1), else_=0)).label(
                "overdue"
            ),
        )
        .group_by(a.c.meeting_id)
        .subquery()
    )
    statement = (
        select(
            m.c.id,
            m.c.title,
            m.c.date,
            m.c.kind,
            m.c.place,
            m.c.protocol_no,
            chair.c.full_name,
            func.coalesce(counts.c.total, 0),
            func.coalesce(counts.c.open, 0),
            func.coalesce(counts.c.overdue, 0),
        )
        .select_from(m)
        .outerjoin(counts, counts.c.meeting_id == m.c.id)
        .outerjoin(chair, chair.c.id == m.c.chair_id)
        .order_by(m.c.date.desc(), m.c.id.desc())
    )
    return [
        MeetingSummary(
            id=r[0],
            title=r[1],
            date=r[2],
            kind=r[3],
            place=r[4],
            protocol_no=r[5],
            chair=r[6],
            total=int(r[7]),
            open=int(r[8]),
            overdue=int(r[9]),
        )
        for r in session.execute(statement)
    ]


def totals(session: Session, *, today: date) -> tuple[int, int, int]:
    """(all assignments, open ones, overdue ones) over the whole register."""
    a = ASSIGNMENT_TABLE
    active = [s.value for s in OPEN_STATUSES]
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((a.c.status.in_(active), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((and_(a.c.status.in_(active), a.c.due < today), 1), else_=0)), 0
            ),
        ).select_from(a)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def people(session: Session) -> list[Person]:
    """The people directory, by name."""
    return list(session.scalars(select(Person).order_by(Person.name_folded)))


@dataclass
class PersonSummary:
    """A person of the directory with the counts of what they own (the TUI's directory)."""

    id: int
    full_name: str
    position: str | None
    organisation: str | None
    email: str | None
    language: str | None
    """Their reminders' language (None: the configured one)."""
    supervisor_id: int | None
    supervisor: str | None
    """The supervisor's full name."""
    open: int
    """Active assignments (open and in progress) they are the owner of."""
    overdue: int
    """Of those, the ones past their deadline."""

    def search_text(self) -> str:
        """What the directory's search looks through: name, position, organisation, e-mail."""
        return fold(
            " ".join(
                x or "" for x in (self.full_name, self.position, self.organisation, self.email)
            )
        )


def people_with_counts(
    session: Session, *, today: date, search: str | None = None
) -> list[PersonSummary]:
    """The directory by name, each person with their open and overdue assignments (as owner).

    ``search``: only people whose name, position, organisation or e-mail hold every word
    (folded, so «ОМЗ» finds «омз»). The directory is small: the words are matched here rather
    than in SQL, where SQLite would fold only ASCII.
    """
    a = ASSIGNMENT_TABLE
    p = PERSON_TABLE
    boss = PERSON_TABLE.alias("boss")
    active = [s.value for s in OPEN_STATUSES]
    counts = (
        select(
            a.c.owner_id,
            func.count().label("open"),
            func.sum(case((a.c.due < today, 1), else_=0)).label("overdue"),
        )
        .where(a.c.status.in_(active))
        .group_by(a.c.owner_id)
        .subquery()
    )
    statement = (
        select(
            p.c.id,
            p.c.full_name,
            p.c.position,
            p.c.organisation,
            p.c.email,
            p.c.language,
            p.c.supervisor_id,
            boss.c.full_name,
            func.coalesce(counts.c.open, 0),
            func.coalesce(counts.c.overdue, 0),
        )
        .select_from(p)
        .outerjoin(counts, counts.c.owner_id == p.c.id)
        .outerjoin(boss, boss.c.id == p.c.supervisor_id)
        .order_by(p.c.name_folded, p.c.id)
    )
    found = [
        PersonSummary(
            id=r[0],
            full_name=r[1],
            position=r[2],
            organisation=r[3],
            email=r[4],
            language=r[5],
            supervisor_id=r[6],
            supervisor=r[7],
            open=int(r[8]),
            overdue=int(r[9]),
        )
        for r in session.execute(statement)
    ]
    terms = words(search)
    if terms:
        found = [x for x in found if all(t in x.search_text() for t in terms)]
    return found


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
    """Assignments per status (open, in_progress, done, cancelled)."""
    overdue: int
    due_soon: int
    overdue_by_owner: list[tuple[str, int]]
    """(owner, overdue assignments), most first."""


def overview(session: Session, *, today: date, due_soon_days: int, top: int = 15) -> Overview:
    """Counts by status, overdue and due soon, and the owners with most overdue."""
    by_status = {
        s.value: count_assignments(session, AssignmentFilter(status=s.value), today=today)
        for s in Status
    }
    overdue = count_assignments(session, AssignmentFilter(overdue=True), today=today)
    soon = count_assignments(
        session, AssignmentFilter(due_soon=True), today=today, due_soon_days=due_soon_days
    )
    a = ASSIGNMENT_TABLE
    p = PERSON_TABLE
    n = func.count().label("n")
    statement = (
        select(p.c.full_name, n)
        .select_from(a)
        .join(p, p.c.id == a.c.owner_id)
        .where(a.c.status.in_([s.value for s in OPEN_STATUSES]), a.c.due < today)
        .group_by(p.c.id, p.c.full_name)
        .order_by(n.desc(), p.c.full_name)
        .limit(top)
    )
    owners = [(name, int(count)) for name, count in session.execute(statement)]
    return Overview(by_status=by_status, overdue=overdue, due_soon=soon, overdue_by_owner=owners)


@dataclass(frozen=True, slots=True)
class DayDeadlines:
    """The assignments still on control (open or in progress) whose deadline is one day."""

    due: int
    """How many fall due that day."""
    overdue: int
    """How many of them are overdue (all of them once the day has passed, else none)."""


def deadline_counts(
    session: Session, *, start: date, end: date, today: date
) -> dict[date, DayDeadlines]:
    """Per day from ``start`` to ``end`` (both included), the open assignments due that day.

    One grouped query over the ``(status, due)`` index, whatever the register's size: the
    TUI's calendar asks it once for the six weeks it shows. Days with nothing due are absent.
    """
    a = ASSIGNMENT_TABLE
    statement = (
        select(a.c.due, func.count())
        .where(
            a.c.status.in_([s.value for s in OPEN_STATUSES]),
            a.c.due >= start,
            a.c.due <= end,
        )
        .group_by(a.c.due)
    )
    counts: dict[date, DayDeadlines] = {}
    for day, n in session.execute(statement):
        # The overdue rule of the listings (open and due before today), per day.
        counts[day] = DayDeadlines(due=int(n), overdue=int(n) if day < today else 0)
    return counts


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
    a = ASSIGNMENT_TABLE
    ids = select(a.c.id).where(a.c.status.in_([s.value for s in OPEN_STATUSES]), a.c.due == day)
    ids = ids.order_by(a.c.id).offset(offset)
    if limit is not None:
        ids = ids.limit(limit)
    page = list(session.execute(ids).scalars())
    if not page:
        return []
    return list_assignments(
        session,
        AssignmentFilter(status="all", ids=page, sort="id"),
        today=today,
        due_soon_days=due_soon_days,
    )
