"""«Час контроля»: the control department's review of what is overdue, at risk or awaiting
acceptance, and the decisions it records.

The **agenda** is every assignment on control that is overdue, at risk (the rule of
:mod:`taskboard.domain.control`, handed in as ids) or under review (the owner's report waits
for acceptance), grouped by the owner's organisation (ministry), optionally of one control
level or one organisation. A **review** is a meeting of kind ``control_hour``; each
**decision** on an assignment goes through the services that own the change (accept, extend,
return for rework, a note for «keep on control», a new assignment of the review) and is
recorded as a row of ``review_decision`` (its place in the protocol) with a ``decided`` history
event, in the same transaction. The protocol (:mod:`taskboard.control_protocol`) is printed
from those rows.

Agenda reads run on a :class:`~taskboard.storage.direct.Reader` (the direct read path or a
session's connection); decisions take a session, like every write.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from taskboard.domain.kinds import EventKind, MeetingKind, Status
from taskboard.domain.listing import ACTIVE, AssignmentFilter, AssignmentRow, Params, rows
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput, NotFound
from taskboard.i18n import _
from taskboard.storage.direct import Reader

if TYPE_CHECKING:
    from sqlmodel import Session

    from taskboard.domain.models import Assignment, Meeting, ReviewDecision


class Reason(StrEnum):
    """Why an assignment is on the agenda (an assignment may have several)."""

    OVERDUE = "overdue"
    AT_RISK = "at_risk"
    REVIEW = "review"
    """The owner's report waits for acceptance."""


class Decision(StrEnum):
    """What a review decides on an assignment (``review_decision.kind``)."""

    ACCEPTED = "accepted"
    """Taken off control as done (the report accepted, or closed on the spot)."""
    EXTENDED = "extended"
    """A new deadline, with its reason."""
    RETURNED = "returned"
    """Back for rework, with the comment (and perhaps a new deadline)."""
    KEPT = "kept"
    """Kept on control with an instruction (recorded as a progress note too)."""
    NEW = "new"
    """A new assignment the review gave (it belongs to the review meeting)."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One assignment of the agenda, with everything the review needs to decide on it."""

    row: AssignmentRow
    """The assignment as listings show it."""
    organisation: str | None
    """The owner's organisation (the agenda's grouping)."""
    reasons: tuple[Reason, ...]
    report_text: str | None
    """The owner's latest report, for one under review."""
    reported_on: date | None
    waiting_days: int | None
    """Days the report has waited for acceptance (from its own date)."""

    @property
    def id(self) -> int:
        """The assignment's id."""
        return self.row.id


@dataclass(frozen=True, slots=True)
class Agenda:
    """The agenda of a review, in groups by organisation (those without one last)."""

    today: date
    groups: tuple[tuple[str | None, tuple[AgendaItem, ...]], ...]

    @property
    def items(self) -> list[AgendaItem]:
        """Every item, in the agenda's order."""
        return [item for _org, items in self.groups for item in items]


def agenda(
    reader: Reader,
    *,
    today: date,
    level: str | None = None,
    organisation: str | None = None,
    at_risk: Collection[int] = (),
) -> Agenda:
    """The agenda as of ``today``: overdue, at-risk (``at_risk``: their ids) and under-review
    assignments on control, of control level ``level`` and of the organisations whose name
    contains ``organisation`` (case-insensitive, «ё» = «е»), when given."""
    params = Params()
    reasons = [f"a.due < {params.bind(today)}", f"a.status = {params.bind(Status.REVIEW.value)}"]
    risky = sorted(set(at_risk))
    if risky:
        reasons.append(f"a.id IN ({params.bind_all(risky)})")
    sql = (
        "SELECT a.id, p.organisation FROM assignment AS a JOIN person AS p ON p.id = a.owner_id"
        f" WHERE a.status IN ({params.bind_all(ACTIVE)}) AND ({' OR '.join(reasons)})"
    )
    if level is not None:
        sql += f" AND a.control_level = {params.bind(level)}"
    found = reader.rows(sql, params)
    if organisation is not None and organisation.strip():
        wanted = fold(organisation.strip())
        found = [(aid, org) for aid, org in found if org and wanted in fold(org)]
    if not found:
        return Agenda(today, ())
    organisations = {aid: org for aid, org in found}
    listed = rows(reader, AssignmentFilter(status="all", ids=list(organisations)), today=today)
    reports = _latest_reports(reader, [r.id for r in listed if r.status == Status.REVIEW])
    risky_set = set(risky)
    grouped: dict[str | None, list[AgendaItem]] = {}
    for row in listed:
        why: list[Reason] = []
        if row.overdue:
            why.append(Reason.OVERDUE)
        if row.id in risky_set and not row.overdue:
            why.append(Reason.AT_RISK)
        report = reports.get(row.id)
        if row.status == Status.REVIEW:
            why.append(Reason.REVIEW)
        org = organisations[row.id] or None
        grouped.setdefault(org, []).append(
            AgendaItem(
                row=row,
                organisation=org,
                reasons=tuple(why),
                report_text=report[0] if report else None,
                reported_on=report[1] if report else None,
                waiting_days=max(0, (today - report[1]).days) if report else None,
            )
        )
    order = sorted(grouped, key=lambda org: (org is None, fold(org or "")))
    return Agenda(today, tuple((org, tuple(grouped[org])) for org in order))


def _latest_reports(reader: Reader, ids: Sequence[int]) -> dict[int, tuple[str, date]]:
    """Each assignment's latest owner's report: its text and its date."""
    if not ids:
        return {}
    params = Params()
    found: dict[int, tuple[str, date]] = {}
    for aid, text, reported_on in reader.rows(
        "SELECT r.assignment_id, r.text, r.reported_on FROM report AS r"
        f" WHERE r.person_id IS NULL AND r.assignment_id IN ({params.bind_all(list(ids))})"
        " ORDER BY r.id",
        params,
    ):
        day = reader.day(reported_on)
        assert day is not None
        found[aid] = (text, day)
    return found


def review_title() -> str:
    """The title a review meeting gets («Час контроля»): the protocol's header reads it back."""
    return "Час контроля"


def open_review(
    session: Session,
    *,
    held: date,
    actor: str,
    chair_id: int | None = None,
    protocol_no: str | None = None,
    title: str | None = None,
) -> Meeting:
    """The review meeting of ``held``: the day's «Час контроля» if there is one, else a new one."""
    from sqlmodel import col, select

    from taskboard.domain import services
    from taskboard.domain.models import Meeting

    existing = session.exec(
        select(Meeting)
        .where(Meeting.kind == MeetingKind.CONTROL_HOUR.value, Meeting.date == held)
        .order_by(col(Meeting.id).desc())
    ).first()
    if existing is not None:
        return existing
    return services.add_meeting(
        session,
        title=title or review_title(),
        date=held,
        actor=actor,
        kind=MeetingKind.CONTROL_HOUR.value,
        chair_id=chair_id,
        protocol_no=protocol_no,
    )


def _review_meeting(session: Session, meeting_id: int) -> Meeting:
    from taskboard.domain import services

    meeting = services.get_meeting(session, meeting_id)
    if meeting.kind != MeetingKind.CONTROL_HOUR.value:
        raise InvalidInput(
            _("Meeting {id} is not a «Час контроля»; decisions belong to a review.").format(
                id=meeting_id
            )
        )
    return meeting


def _next_position(session: Session, meeting_id: int) -> int:
    from sqlalchemy import func, select

    from taskboard.domain.models import REVIEW_DECISION_TABLE as d

    last = session.connection().execute(
        select(func.max(d.c.position)).where(d.c.meeting_id == meeting_id)
    )
    return int(last.scalar() or 0) + 1


def decide(
    session: Session,
    *,
    meeting_id: int,
    assignment_id: int,
    decision: Decision | str,
    actor: str,
    text: str | None = None,
    due: date | None = None,
) -> ReviewDecision:
    """Record the review's ``decision`` on an assignment on control, making the change it means:

    - ``accepted``: the owner's report accepted (or, with none under review, done on the spot);
      ``text`` is the closing note;
    - ``extended``: the deadline moves to ``due``, ``text`` is the mandatory reason;
    - ``returned``: back for rework with the comment ``text``, to ``due`` if given;
    - ``kept``: kept on control with the instruction ``text`` (also a progress note).

    A new assignment is :func:`add_new`. Refusals are the services' (nothing is written).
    """
    from taskboard.domain import services

    kind = Decision(decision)
    _review_meeting(session, meeting_id)
    assignment = services.get_assignment(session, assignment_id)
    if Status(assignment.status).closed:
        raise InvalidInput(
            _("Assignment {id} is not on control; the review decides on open ones.").format(
                id=assignment_id
            )
        )
    text = text.strip() if text else None
    if kind is Decision.ACCEPTED:
        if assignment.status == Status.REVIEW:
            services.accept(session, assignment_id=assignment_id, actor=actor, note=text)
        else:
            services.done(session, assignment_id=assignment_id, actor=actor, note=text)
    elif kind is Decision.EXTENDED:
        if due is None:
            raise InvalidInput(_("An extension needs the new deadline."))
        from taskboard.domain import requests

        asked = requests.pending_request(session, assignment_id)
        if asked is not None and asked.requested_due == due:
            # The owner asked for just this: the review grants the request.
            services.require_text(text or "", _("The reason"))
            requests.grant(session, assignment_id=assignment_id, actor=actor, note=text)
        else:
            services.extend(
                session, assignment_id=assignment_id, new_due=due, reason=text or "", actor=actor
            )
            if asked is not None:
                # Another date was set: the request is answered, not left pending.
                requests.refuse(
                    session,
                    assignment_id=assignment_id,
                    actor=actor,
                    reason=_("«Час контроля» set the deadline {due} instead").format(
                        due=due.isoformat()
                    ),
                )
    elif kind is Decision.RETURNED:
        services.return_for_rework(
            session, assignment_id=assignment_id, comment=text or "", actor=actor, new_due=due
        )
    elif kind is Decision.KEPT:
        if not text:
            raise InvalidInput(_("Keeping it on control needs the instruction."))
        services.add_note(session, assignment_id=assignment_id, text=text, actor=actor)
    else:
        raise InvalidInput(_("A new assignment of the review is added, not decided on."))
    after = services.get_assignment(session, assignment_id)
    return _record(session, meeting_id, after, kind, text, after.due, actor)


def add_new(
    session: Session,
    *,
    meeting_id: int,
    text: str,
    owner_id: int,
    actor: str,
    due: date | None = None,
    co_executor_ids: Sequence[int] = (),
    controller_id: int | None = None,
    deadline_mode: str = "calendar",
) -> ReviewDecision:
    """A new assignment the review gives: it belongs to the review meeting (numbered 1, 2, … in
    it) and is chaired, as its author, by the review's chair."""
    from taskboard.domain import services

    meeting = _review_meeting(session, meeting_id)
    created = services.add_assignment(
        session,
        text=text,
        owner_id=owner_id,
        actor=actor,
        due=due,
        meeting_id=meeting.id,
        number=services.next_number(session, meeting_id),
        co_executor_ids=co_executor_ids,
        controller_id=controller_id,
        author_id=meeting.chair_id,
        deadline_mode=deadline_mode,
    )
    return _record(session, meeting_id, created, Decision.NEW, text.strip(), created.due, actor)


def _record(
    session: Session,
    meeting_id: int,
    assignment: Assignment,
    kind: Decision,
    text: str | None,
    due: date | None,
    actor: str,
) -> ReviewDecision:
    from taskboard.domain import services
    from taskboard.domain.models import ReviewDecision

    assert assignment.id is not None
    row = ReviewDecision(
        meeting_id=meeting_id,
        assignment_id=assignment.id,
        position=_next_position(session, meeting_id),
        kind=kind.value,
        text=text or None,
        due=due,
        created_at=services.event_moment(session),
        actor=actor,
    )
    session.add(row)
    services.record_event(
        session,
        kind=EventKind.DECIDED,
        actor=actor,
        assignment_id=assignment.id,
        meeting_id=meeting_id,
        field="decision",
        new=kind.value,
        reason=text or None,
    )
    session.flush()
    return row


def take_back_decision(session: Session, *, assignment_id: int, meeting_id: int) -> None:
    """Remove the latest decision of review ``meeting_id`` on ``assignment_id`` (undo: the
    ``undone`` event keeps what it was)."""
    from sqlalchemy import delete, func, select

    from taskboard.domain.models import REVIEW_DECISION_TABLE as d

    conn = session.connection()
    last = conn.execute(
        select(func.max(d.c.id)).where(
            d.c.meeting_id == meeting_id, d.c.assignment_id == assignment_id
        )
    ).scalar()
    if last is None:
        raise NotFound(_("No decision to take back."))
    conn.execute(delete(d).where(d.c.id == last))


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A decision as the protocol prints it."""

    position: int
    kind: Decision
    text: str | None
    due: date | None
    assignment_id: int
    number: str | None
    """The assignment's item number."""
    assignment_text: str
    owner: str
    owner_organisation: str | None
    co_executors: tuple[str, ...]
    meeting_title: str | None
    """The meeting the assignment comes from (None: stand-alone)."""
    meeting_date: date | None
    protocol_no: str | None
    own_meeting: bool
    """Whether the assignment belongs to the review itself (a new one)."""


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """A review meeting and its decisions in protocol order."""

    meeting_id: int
    title: str
    held: date
    protocol_no: str | None
    chair: str | None
    decisions: tuple[DecisionRow, ...]


def latest_review(reader: Reader) -> int | None:
    """The id of the latest «Час контроля» (by date, then id), or None."""
    found = reader.rows(
        "SELECT id FROM meeting WHERE kind = :kind ORDER BY date DESC, id DESC LIMIT 1",
        {"kind": MeetingKind.CONTROL_HOUR.value},
    )
    return int(found[0][0]) if found else None


def review_record(reader: Reader, meeting_id: int) -> ReviewRecord:
    """Review ``meeting_id`` and its decisions, for its protocol."""
    found = reader.rows(
        "SELECT m.title, m.date, m.protocol_no, p.full_name, m.kind FROM meeting AS m"
        " LEFT OUTER JOIN person AS p ON p.id = m.chair_id WHERE m.id = :id",
        {"id": meeting_id},
    )
    if not found:
        raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
    title, held, protocol_no, chair, kind = found[0]
    if kind != MeetingKind.CONTROL_HOUR.value:
        raise InvalidInput(
            _("Meeting {id} is not a «Час контроля»; its list is export --format perechen.").format(
                id=meeting_id
            )
        )
    co: dict[int, list[str]] = {}
    for aid, name in reader.rows(
        "SELECT c.assignment_id, p.full_name FROM assignment_co_executor AS c"
        " JOIN person AS p ON p.id = c.person_id WHERE c.assignment_id IN"
        " (SELECT assignment_id FROM review_decision WHERE meeting_id = :id)"
        " ORDER BY c.assignment_id, c.position",
        {"id": meeting_id},
    ):
        co.setdefault(aid, []).append(name)
    decisions = []
    for (
        position,
        kind_value,
        text,
        due,
        aid,
        number,
        assignment_text,
        owner,
        organisation,
        a_meeting,
        m_title,
        m_date,
        m_protocol,
    ) in reader.rows(
        "SELECT d.position, d.kind, d.text, d.due, a.id, a.number, a.text, p.full_name,"
        " p.organisation, a.meeting_id, m.title, m.date, m.protocol_no"
        " FROM review_decision AS d JOIN assignment AS a ON a.id = d.assignment_id"
        " JOIN person AS p ON p.id = a.owner_id"
        " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id"
        " WHERE d.meeting_id = :id ORDER BY d.position, d.id",
        {"id": meeting_id},
    ):
        decisions.append(
            DecisionRow(
                position=int(position),
                kind=Decision(kind_value),
                text=text,
                due=reader.day(due),
                assignment_id=aid,
                number=number,
                assignment_text=assignment_text,
                owner=owner,
                owner_organisation=organisation or None,
                co_executors=tuple(co.get(aid, ())),
                meeting_title=m_title,
                meeting_date=reader.day(m_date),
                protocol_no=m_protocol,
                own_meeting=a_meeting == meeting_id,
            )
        )
    day = reader.day(held)
    assert day is not None
    return ReviewRecord(meeting_id, title, day, protocol_no or None, chair, tuple(decisions))


__all__ = [
    "Agenda",
    "AgendaItem",
    "Decision",
    "DecisionRow",
    "Reason",
    "ReviewRecord",
    "add_new",
    "agenda",
    "decide",
    "latest_review",
    "open_review",
    "review_record",
    "take_back_decision",
]
