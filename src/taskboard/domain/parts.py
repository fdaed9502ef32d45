"""Co-executors' parts: each co-executor's own sub-deadline and own report on their part.

A *part* is a co-executor's share of an assignment (``assignment_co_executor``): its
sub-deadline (``due``; None: the assignment's deadline holds) is never later than the owner's
deadline, and a report of theirs (a ``report`` row with their ``person_id``) says their part
is in. A part's report does not put the assignment under review: only the owner's does
(:func:`taskboard.domain.services.submit`).

When the owner's deadline moves earlier than a sub-deadline (a correction through ``edit``,
an extension taken back by ``undo``), the sub-deadline is *clamped* to the new deadline, with
an event of its own (:func:`taskboard.domain.services.clamp_parts`): no sub-deadline is ever
left after the owner's.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from taskboard.domain import services
from taskboard.domain.models import Assignment, CoExecutor, EventKind, Report, Status
from taskboard.errors import InvalidInput, InvalidTransition
from taskboard.i18n import _
from taskboard.presentation import format_date, status_label

PART_DUE_FIELD = services.PART_DUE_FIELD


def _part(session: Session, assignment: Assignment, person_id: int) -> CoExecutor:
    """The co-executor row of ``person_id``, or the one-line refusal that names them."""
    found = session.get(CoExecutor, (assignment.id, person_id))
    if found is None:
        person = services.get_person(session, person_id)
        raise InvalidInput(
            _("{name} is not a co-executor of assignment {id}; add them with edit --co.").format(
                name=person.full_name, id=assignment.id
            )
        )
    return found


def _check_open(assignment: Assignment) -> None:
    if Status(assignment.status).closed:
        raise InvalidTransition(
            _("Assignment {id} is {status}; reopen it before changing its parts.").format(
                id=assignment.id, status=status_label(assignment.status)
            )
        )


def check_part_due(assignment: Assignment, due: date | None) -> None:
    """Refuse a sub-deadline after the owner's deadline (a standing assignment bounds none)."""
    if due is not None and assignment.due is not None and due > assignment.due:
        raise InvalidInput(
            _(
                "The sub-deadline {due} is after the assignment's deadline {owner_due}; a "
                "co-executor's part is due no later than the owner's."
            ).format(due=format_date(due), owner_due=format_date(assignment.due))
        )


def set_part_due(
    session: Session,
    *,
    assignment_id: int,
    person_id: int,
    due: date | None,
    actor: str,
    expected_version: int | None = None,
    kind: EventKind = EventKind.EDITED,
) -> bool:
    """Set (``due``) or clear (None) a co-executor's sub-deadline; True when it changed.

    Refused, with nothing written, unless ``person_id`` is a co-executor, the assignment is
    open and ``due`` is no later than its deadline. One ``edited`` event (``part_due``, the
    co-executor as its person, the old and the new date); ``kind`` ``undone`` when an undo
    puts it back (then only the co-executor is checked).
    """
    assignment = services.for_change(session, assignment_id)
    services.check_version(assignment, expected_version)
    part = _part(session, assignment, person_id)
    if kind == EventKind.EDITED:
        _check_open(assignment)
        check_part_due(assignment, due)
    if part.due == due:
        return False
    services.record_event(
        session,
        kind=kind,
        actor=actor,
        assignment_id=assignment_id,
        person_id=person_id,
        field=PART_DUE_FIELD,
        old=part.due,
        new=due,
    )
    part.due = due
    session.add(part)
    services.touch(assignment)
    session.flush()
    return True


def submit_part(
    session: Session,
    *,
    assignment_id: int,
    person_id: int,
    text: str,
    actor: str,
    reported_on: date | None = None,
    document: str | None = None,
    expected_version: int | None = None,
) -> Report:
    """A co-executor's report on their part: recorded, the assignment's status unchanged.

    Refused, with nothing written, unless ``person_id`` is a co-executor and the assignment is
    open; the date is today unless given, never a day to come. Only the owner's report
    (:func:`taskboard.domain.services.submit`) puts the assignment under review.
    """
    assignment = services.for_change(session, assignment_id)
    services.check_version(assignment, expected_version)
    _part(session, assignment, person_id)
    report = services.record_report(
        session,
        assignment,
        text=text,
        actor=actor,
        reported_on=reported_on,
        document=document,
        person_id=person_id,
    )
    services.touch(assignment)
    session.flush()
    return report


def take_back_part_report(
    session: Session, *, assignment_id: int, person_id: int, actor: str
) -> None:
    """Undo a co-executor's report: its record removed (the ``undone`` event keeps its text)."""
    assignment = services.for_change(session, assignment_id)
    report = session.exec(
        select(Report)
        .where(Report.assignment_id == assignment_id, Report.person_id == person_id)
        .order_by(col(Report.id).desc())
    ).first()
    services.record_event(
        session,
        kind=EventKind.UNDONE,
        actor=actor,
        assignment_id=assignment_id,
        person_id=person_id,
        field="part_report",
        old=report.text if report is not None else None,
    )
    if report is not None:
        session.delete(report)
    services.touch(assignment)
    session.flush()


__all__ = [
    "PART_DUE_FIELD",
    "check_part_due",
    "set_part_due",
    "submit_part",
    "take_back_part_report",
]
