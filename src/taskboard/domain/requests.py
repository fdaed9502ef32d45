"""Extension requests (запрос на перенос срока): requested, then granted or refused.

A request records a wanted new deadline and its reason; the deadline does not move. The
author or controller then *grants* it — an ordinary extension through
:func:`taskboard.domain.services.extend`, so the extension count, the original deadline, the
reports and the history treat it exactly as one — or *refuses* it with a reason, and the
deadline stays. An assignment has at most one pending request at a time.

taskboard has no authentication: who decided is the actor recorded with the decision (the
configured name, else the OS user); that only the author or controller decides is an office
rule, not one the program enforces.

Each step is one history event (``extension_requested``, ``extension_granted`` next to the
extension's own ``extended``, ``extension_refused``), and ``undo`` takes each back
(:func:`take_back`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, func, select

from taskboard.domain import clock, services
from taskboard.domain.kinds import RequestState
from taskboard.domain.models import Event, EventKind, Extension, ExtensionRequest, Status
from taskboard.errors import InvalidTransition
from taskboard.i18n import _, ngettext
from taskboard.presentation import format_date, request_state_label, status_label


def pending_request(session: Session, assignment_id: int) -> ExtensionRequest | None:
    """The assignment's pending request, or None."""
    return session.exec(
        select(ExtensionRequest)
        .where(
            ExtensionRequest.assignment_id == assignment_id,
            ExtensionRequest.state == RequestState.PENDING.value,
        )
        .order_by(col(ExtensionRequest.id).desc())
    ).first()


def requests_of(session: Session, assignment_id: int) -> list[ExtensionRequest]:
    """Every request made on the assignment, oldest first."""
    return list(
        session.exec(
            select(ExtensionRequest)
            .where(ExtensionRequest.assignment_id == assignment_id)
            .order_by(col(ExtensionRequest.id))
        )
    )


def _latest(session: Session, assignment_id: int) -> ExtensionRequest | None:
    return session.exec(
        select(ExtensionRequest)
        .where(ExtensionRequest.assignment_id == assignment_id)
        .order_by(col(ExtensionRequest.id).desc())
    ).first()


def _nothing_pending(session: Session, assignment_id: int, verb: str) -> InvalidTransition:
    """The error of a grant or refusal with no pending request, naming the last one's state."""
    latest = _latest(session, assignment_id)
    if latest is None:
        return InvalidTransition(
            _(
                "Assignment {id} has no extension request to {verb}; one is made with "
                "extend {id} --request --to DATE --reason TEXT."
            ).format(id=assignment_id, verb=verb)
        )
    return InvalidTransition(
        _(
            "Assignment {id} has no pending extension request to {verb}: its last request "
            "(to {due}) is already {state}."
        ).format(
            id=assignment_id,
            verb=verb,
            due=format_date(latest.requested_due),
            state=request_state_label(latest.state),
        )
    )


def request_extension(
    session: Session,
    *,
    assignment_id: int,
    new_due: date,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> ExtensionRequest:
    """Record a request to move the deadline to ``new_due`` (the deadline stays).

    Checked as a direct extension is: a reason, an assignment on control with a deadline, a
    date after the current one. Refused while another request is pending.
    """
    services.require_text(reason, _("The reason"))
    assignment = services.for_change(session, assignment_id)
    services.check_version(assignment, expected_version)
    if Status(assignment.status).closed:
        raise InvalidTransition(
            _(
                "Assignment {id} is {status}; an extension is not requested on a closed "
                "assignment (reopen it first)."
            ).format(id=assignment.id, status=status_label(assignment.status))
        )
    services.check_extendable(assignment, new_due)
    waiting = pending_request(session, assignment_id)
    if waiting is not None:
        raise InvalidTransition(
            _(
                "Assignment {id} already has a pending extension request (to {due}); grant it "
                "(grant {id}) or refuse it (refuse {id} --reason TEXT) first."
            ).format(id=assignment_id, due=format_date(waiting.requested_due))
        )
    request = ExtensionRequest(
        assignment_id=assignment_id,
        created_at=clock.now(),
        actor=actor,
        requested_due=new_due,
        reason=reason,
        state=RequestState.PENDING.value,
    )
    session.add(request)
    services.record_event(
        session,
        kind=EventKind.EXTENSION_REQUESTED,
        actor=actor,
        assignment_id=assignment_id,
        field="due",
        old=assignment.due,
        new=new_due,
        reason=reason,
    )
    services.touch(assignment)
    session.flush()
    return request


def grant(
    session: Session,
    *,
    assignment_id: int,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> tuple[ExtensionRequest, Extension]:
    """Grant the pending request: an ordinary extension to the requested date, with the
    request's reason (:func:`services.extend`, every check of a direct one), linked to it.

    ``note``: the decider's optional note, kept as the request's ``decision_reason``.
    """
    assignment = services.for_change(session, assignment_id)
    request = pending_request(session, assignment_id)
    if request is None:
        raise _nothing_pending(session, assignment_id, _("grant"))
    services.check_version(assignment, expected_version)
    if (
        assignment.due is not None
        and request.requested_due <= assignment.due
        and not Status(assignment.status).closed
    ):
        raise InvalidTransition(
            _(
                "The requested deadline {new} is no longer after the current one {old}; "
                "refuse the request (refuse {id} --reason TEXT)."
            ).format(
                new=format_date(request.requested_due),
                old=format_date(assignment.due),
                id=assignment_id,
            )
        )
    old_due = assignment.due
    extension = services.extend(
        session,
        assignment_id=assignment_id,
        new_due=request.requested_due,
        reason=request.reason,
        actor=actor,
    )
    cleaned = (note or "").strip() or None
    request.state = RequestState.GRANTED.value
    request.decided_at = clock.now()
    request.decided_by = actor
    request.decision_reason = cleaned
    request.extension_id = extension.id
    services.record_event(
        session,
        kind=EventKind.EXTENSION_GRANTED,
        actor=actor,
        assignment_id=assignment_id,
        field="due",
        old=old_due,
        new=request.requested_due,
        reason=cleaned,
    )
    session.flush()
    return request, extension


def refuse(
    session: Session,
    *,
    assignment_id: int,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> ExtensionRequest:
    """Refuse the pending request with a reason (mandatory); the deadline stays."""
    assignment = services.for_change(session, assignment_id)
    request = pending_request(session, assignment_id)
    if request is None:
        raise _nothing_pending(session, assignment_id, _("refuse"))
    services.require_text(reason, _("The reason"))
    services.check_version(assignment, expected_version)
    request.state = RequestState.REFUSED.value
    request.decided_at = clock.now()
    request.decided_by = actor
    request.decision_reason = reason
    services.record_event(
        session,
        kind=EventKind.EXTENSION_REFUSED,
        actor=actor,
        assignment_id=assignment_id,
        field="due",
        old=assignment.due,
        new=request.requested_due,
        reason=reason,
    )
    services.touch(assignment)
    session.flush()
    return request


def extension_count(session: Session, assignment_id: int) -> int:
    """How many times the assignment's deadline has been extended."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Extension)
            .where(Extension.assignment_id == assignment_id)
        ).one()
    )


def limit_warning(session: Session, assignment_id: int, limit: int) -> str | None:
    """The warning when the assignment's extensions now exceed ``limit`` (0: never), else None."""
    if limit <= 0:
        return None
    count = extension_count(session, assignment_id)
    if count <= limit:
        return None
    return ngettext(
        "Assignment {id} has now been extended {n} time, more than the limit of {limit}.",
        "Assignment {id} has now been extended {n} times, more than the limit of {limit}.",
        count,
    ).format(id=assignment_id, n=count, limit=limit)


def take_back(
    session: Session, *, assignment_id: int, events: Sequence[Event], actor: str
) -> str | None:
    """Undo the request step among ``events`` (one change of the actor), if there is one.

    A request: its record removed (the ``undone`` event keeps its date and reason). A grant:
    the request pending again, unlinked — the extension itself is taken back by the caller,
    as any extension. A refusal: the request pending again. Returns the sentence that says so.
    """
    kinds = {e.kind for e in events}
    if EventKind.EXTENSION_GRANTED in kinds or EventKind.EXTENSION_REFUSED in kinds:
        granted = EventKind.EXTENSION_GRANTED in kinds
        state = RequestState.GRANTED if granted else RequestState.REFUSED
        decided = session.exec(
            select(ExtensionRequest)
            .where(
                ExtensionRequest.assignment_id == assignment_id,
                ExtensionRequest.state == state.value,
            )
            .order_by(col(ExtensionRequest.decided_at).desc(), col(ExtensionRequest.id).desc())
        ).first()
        if decided is None:
            return None
        services.record_event(
            session,
            kind=EventKind.UNDONE,
            actor=actor,
            assignment_id=assignment_id,
            field="extension_grant" if granted else "extension_refusal",
            old=json.dumps(
                {"due": decided.requested_due.isoformat(), "reason": decided.decision_reason},
                ensure_ascii=False,
            ),
            new=RequestState.PENDING.value,
        )
        decided.state = RequestState.PENDING.value
        decided.decided_at = None
        decided.decided_by = None
        decided.decision_reason = None
        decided.extension_id = None
        # The link goes before the extension it points at is removed.
        session.flush()
        due = format_date(decided.requested_due)
        if granted:
            return _("The extension request to {due} is pending again.").format(due=due)
        return _(
            "Undone: the refusal of the extension request to {due}; it is pending again."
        ).format(due=due)
    if EventKind.EXTENSION_REQUESTED in kinds:
        request = pending_request(session, assignment_id)
        if request is None:
            return None
        services.record_event(
            session,
            kind=EventKind.UNDONE,
            actor=actor,
            assignment_id=assignment_id,
            field="extension_request",
            old=json.dumps(
                {"due": request.requested_due.isoformat(), "reason": request.reason},
                ensure_ascii=False,
            ),
        )
        session.delete(request)
        services.touch(services.for_change(session, assignment_id))
        session.flush()
        return _("Undone: the extension request to {due} is withdrawn.").format(
            due=format_date(request.requested_due)
        )
    return None


__all__ = [
    "RequestState",
    "extension_count",
    "grant",
    "limit_warning",
    "pending_request",
    "refuse",
    "request_extension",
    "requests_of",
    "take_back",
]
