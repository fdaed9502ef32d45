"""Which reminders are due: the tiers of docs/product.md §6 applied to today's register.

A reminder is one (assignment, recipient, tier, occasion). The *occasion* is the day a tier
instance belongs to, and it is what makes the instance unique in the ``reminder`` table:

- ``before``: owner and co-executors, once when the deadline is within ``before_days``;
  occasion = the deadline (an extension makes a new deadline, hence a new occasion).
- ``due_day``: owner and co-executors once the deadline is reached; occasion = the deadline.
  For the owner it is superseded by ``overdue`` once an overdue step has been reached.
- ``controller_due_day``: the controller once the deadline is reached; occasion = the deadline.
- ``overdue``: the owner every ``overdue_every_days`` while overdue; occasion = the latest
  step reached (deadline + k × overdue_every_days), so missed steps collapse into one mail.
- ``escalation``: the owner's supervisor once the assignment is ``escalate_after_days``
  overdue; occasion = the deadline.
- ``part_before``, ``part_due_day``, ``part_overdue``: a co-executor with a sub-deadline of
  their own, as ``before``, ``due_day`` and ``overdue`` are for the owner, about that date
  (occasion: the sub-deadline, or its overdue step) and only while their part's report is not
  in. Such a co-executor hears of their own date instead of the owner's; one whose part's
  report is in hears of neither.
- ``report_waiting``: the controller once the owner's report under review has waited more
  than ``[control] report_waiting_days`` since its own date; occasion = that date.
- ``extension_request``: the controller once about a pending extension request; occasion =
  the day it was made.

Every tier concerns assignments still on control only (not done, not cancelled).

Selection looks at what is due *as of* today, not only on today exactly, so a tier whose day
was missed (cron did not run, the mail server was down) is sent by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session, col
from sqlmodel import select as select_models

from taskboard.config import RemindSettings
from taskboard.domain.kinds import RequestState
from taskboard.domain.models import (
    OPEN_STATUSES,
    Assignment,
    CoExecutor,
    ExtensionRequest,
    Person,
    Reminder,
    Report,
    Status,
)
from taskboard.domain.models import ReminderTier as Tier

ROLE_OF_TIER: dict[str, str] = {
    Tier.BEFORE: "executor",
    Tier.DUE_DAY: "executor",
    Tier.CONTROLLER_DUE_DAY: "controller",
    Tier.OVERDUE: "owner",
    Tier.ESCALATION: "supervisor",
    Tier.PART_BEFORE: "co_executor",
    Tier.PART_DUE_DAY: "co_executor",
    Tier.PART_OVERDUE: "co_executor",
    Tier.REPORT_WAITING: "controller",
    Tier.EXTENSION_REQUEST: "controller",
}
"""Why a recipient gets a tier: as an executor, controller, owner or supervisor."""


@dataclass(frozen=True, order=True)
class ReminderItem:
    """One reminder: the key of a row in the ``reminder`` table."""

    assignment_id: int
    person_id: int
    tier: str
    """A :class:`Tier` value."""
    occasion: date
    """The day this tier instance belongs to (see the module docstring)."""


PART_TIERS = frozenset({Tier.PART_BEFORE, Tier.PART_DUE_DAY, Tier.PART_OVERDUE})
"""The tiers about a co-executor's own sub-deadline."""
CONTROL_TIERS = frozenset({Tier.REPORT_WAITING, Tier.EXTENSION_REQUEST})
"""The tiers about what waits for the controller's decision, not about a deadline."""


@dataclass(frozen=True)
class Candidate:
    """An active assignment a tier concerns: its deadline within the reminder horizon, or a
    part, a report or a request of it due a reminder."""

    id: int
    owner_id: int
    controller_id: int | None
    due: date | None
    """None for a standing assignment (only a part, report or request tier concerns it)."""
    meeting_id: int | None
    number: str | None
    text: str


@dataclass(frozen=True)
class PartState:
    """A co-executor's part as the tiers read it."""

    due: date | None
    """Their own sub-deadline; None: the assignment's deadline holds."""
    reported: bool
    """Their report on their part is in."""


@dataclass(frozen=True)
class Waiting:
    """What waits for the controller on one assignment (for the digest's lines)."""

    report_on: date | None = None
    """The date of the owner's report under review, waiting for acceptance."""
    requested_due: date | None = None
    """The date a pending extension request asks for."""
    request_reason: str | None = None


def _active_within(horizon: date) -> tuple[ColumnElement[bool], ...]:
    statuses = [s.value for s in OPEN_STATUSES]
    return (col(Assignment.status).in_(statuses), col(Assignment.due) <= horizon)


def horizon_of(today: date, rules: RemindSettings) -> date:
    """The latest deadline any tier can concern today."""
    return today + timedelta(days=max(rules.before_days, 0))


_CANDIDATE_COLUMNS = (
    col(Assignment.id),
    col(Assignment.owner_id),
    col(Assignment.controller_id),
    col(Assignment.due),
    col(Assignment.meeting_id),
    col(Assignment.number),
    col(Assignment.text),
)


def load_candidates(session: Session, *, today: date, rules: RemindSettings) -> list[Candidate]:
    """Active assignments that are overdue, due today or due within ``before_days``."""
    statement = select(*_CANDIDATE_COLUMNS).where(*_active_within(horizon_of(today, rules)))
    return [Candidate(*row) for row in session.execute(statement)]


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), size):
        yield wanted[start : start + size]


def load_candidates_by_id(session: Session, ids: Iterable[int]) -> list[Candidate]:
    """The assignments ``ids`` as candidates (those a part, report or request tier concerns)."""
    found: list[Candidate] = []
    for chunk in _chunks(ids):
        statement = select(*_CANDIDATE_COLUMNS).where(col(Assignment.id).in_(chunk))
        found.extend(Candidate(*row) for row in session.execute(statement))
    return found


def _on_control() -> ColumnElement[bool]:
    return col(Assignment.status).in_([s.value for s in OPEN_STATUSES])


def load_parts(session: Session) -> dict[int, dict[int, PartState]]:
    """The parts of assignments on control that have a sub-deadline or a report of their own:
    assignment id → co-executor id → state."""
    reported = {
        (aid, pid)
        for aid, pid in session.execute(
            select(col(Report.assignment_id), col(Report.person_id))
            .join(Assignment, col(Assignment.id) == col(Report.assignment_id))
            .where(col(Report.person_id).is_not(None), _on_control())
        )
    }
    dues: dict[tuple[int, int], date] = {
        (aid, pid): due
        for aid, pid, due in session.execute(
            select(col(CoExecutor.assignment_id), col(CoExecutor.person_id), col(CoExecutor.due))
            .join(Assignment, col(Assignment.id) == col(CoExecutor.assignment_id))
            .where(col(CoExecutor.due).is_not(None), _on_control())
        )
    }
    found: dict[int, dict[int, PartState]] = {}
    for aid, pid in sorted(dues.keys() | reported):
        found.setdefault(aid, {})[pid] = PartState(dues.get((aid, pid)), (aid, pid) in reported)
    return found


def part_items(
    assignment_id: int, person_id: int, part: PartState, *, today: date, rules: RemindSettings
) -> Iterator[ReminderItem]:
    """The tiers of one co-executor's own sub-deadline as of ``today`` (none once their report
    is in, or without a sub-deadline)."""
    if part.reported or part.due is None:
        return
    due = part.due
    left = (due - today).days
    if left > 0:
        if rules.part_before and rules.before_days > 0 and left <= rules.before_days:
            yield ReminderItem(assignment_id, person_id, Tier.PART_BEFORE, due)
        return
    every = rules.overdue_every_days
    step = -left // every * every if every > 0 else 0
    if step > 0 and rules.part_overdue:
        yield ReminderItem(assignment_id, person_id, Tier.PART_OVERDUE, due + timedelta(days=step))
    elif rules.part_due_day:
        yield ReminderItem(assignment_id, person_id, Tier.PART_DUE_DAY, due)


def _day_of(moment: datetime) -> date:
    """The local day of a stored timestamp (naive UTC on SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def load_waiting(
    session: Session, *, today: date, waiting_days: int
) -> list[tuple[int, int, date]]:
    """(assignment, controller, report date) of owner's reports under review that have waited
    more than ``waiting_days`` since their own date."""
    latest: dict[int, tuple[int, date]] = {}
    for aid, controller_id, day in session.execute(
        select(col(Report.assignment_id), col(Assignment.controller_id), col(Report.reported_on))
        .join(Assignment, col(Assignment.id) == col(Report.assignment_id))
        .where(
            col(Assignment.status) == Status.REVIEW.value,
            col(Assignment.controller_id).is_not(None),
            col(Report.person_id).is_(None),
        )
        .order_by(col(Report.id))
    ):
        latest[aid] = (controller_id, day)  # the last one is the one under review
    return [
        (aid, controller_id, day)
        for aid, (controller_id, day) in latest.items()
        if (today - day).days > waiting_days
    ]


def load_requests(session: Session) -> list[tuple[int, int, date, date, str]]:
    """(assignment, controller, day made, date asked, reason) of the pending extension
    requests of assignments still on control."""
    return [
        (aid, controller_id, _day_of(made), asked, reason)
        for aid, controller_id, made, asked, reason in session.execute(
            select(
                col(ExtensionRequest.assignment_id),
                col(Assignment.controller_id),
                col(ExtensionRequest.created_at),
                col(ExtensionRequest.requested_due),
                col(ExtensionRequest.reason),
            )
            .join(Assignment, col(Assignment.id) == col(ExtensionRequest.assignment_id))
            .where(
                col(ExtensionRequest.state) == RequestState.PENDING.value,
                col(Assignment.controller_id).is_not(None),
                _on_control(),
            )
            .order_by(col(ExtensionRequest.id))
        )
    ]


def recorded_of_tiers(
    session: Session, tiers: Iterable[str], assignment_ids: Iterable[int]
) -> set[ReminderItem]:
    """Reminders of ``tiers`` already recorded for ``assignment_ids``."""
    found: set[ReminderItem] = set()
    wanted = sorted({str(t) for t in tiers})
    for chunk in _chunks(assignment_ids):
        statement = select(
            col(Reminder.assignment_id),
            col(Reminder.person_id),
            col(Reminder.tier),
            col(Reminder.occasion),
        ).where(col(Reminder.tier).in_(wanted), col(Reminder.assignment_id).in_(chunk))
        found.update(ReminderItem(*row) for row in session.execute(statement))
    return found


def load_co_executors(
    session: Session, *, today: date, rules: RemindSettings
) -> dict[int, list[int]]:
    """Co-executors (in the order named) of the candidate assignments."""
    statement = (
        select(col(CoExecutor.assignment_id), col(CoExecutor.person_id))
        .join(Assignment, col(Assignment.id) == col(CoExecutor.assignment_id))
        .where(*_active_within(horizon_of(today, rules)))
        .order_by(col(CoExecutor.assignment_id), col(CoExecutor.position))
    )
    result: dict[int, list[int]] = {}
    for assignment_id, person_id in session.execute(statement):
        result.setdefault(assignment_id, []).append(person_id)
    return result


def recorded_items(session: Session, *, today: date, rules: RemindSettings) -> set[ReminderItem]:
    """Reminders already recorded that could match a tier instance due today."""
    # Only rows whose occasion is the current deadline or a recent overdue step can match;
    # older overdue steps are history and need not be loaded.
    recent = today - timedelta(days=max(rules.overdue_every_days, 1))
    statement = (
        select(
            col(Reminder.assignment_id),
            col(Reminder.person_id),
            col(Reminder.tier),
            col(Reminder.occasion),
        )
        .join(Assignment, col(Assignment.id) == col(Reminder.assignment_id))
        .where(
            *_active_within(horizon_of(today, rules)),
            or_(col(Reminder.occasion) == col(Assignment.due), col(Reminder.occasion) > recent),
        )
    )
    return {ReminderItem(*row) for row in session.execute(statement)}


def tier_items(
    candidate: Candidate,
    *,
    co_executors: Iterable[int],
    supervisor_id: int | None,
    today: date,
    rules: RemindSettings,
    parts: Mapping[int, PartState] | None = None,
) -> Iterator[ReminderItem]:
    """Every tier instance the rules give for one assignment's deadline as of ``today``.

    ``parts``: co-executors with a sub-deadline or a report of their own, who hear nothing of
    the owner's deadline (:func:`part_items` covers their own)."""
    due = candidate.due
    if due is None:
        return
    left = (due - today).days
    own = parts or {}
    executors = [
        candidate.owner_id,
        *(p for p in co_executors if p != candidate.owner_id and p not in own),
    ]
    if left > 0:
        if rules.before_days > 0 and left <= rules.before_days:
            for person_id in executors:
                yield ReminderItem(candidate.id, person_id, Tier.BEFORE, due)
        return
    overdue_days = -left
    every = rules.overdue_every_days
    step = overdue_days // every * every if every > 0 else 0
    if rules.on_due_day:
        for person_id in executors:
            if person_id == candidate.owner_id and step > 0:
                continue  # the owner's overdue reminder supersedes the missed due-day one
            yield ReminderItem(candidate.id, person_id, Tier.DUE_DAY, due)
    if step > 0:
        yield ReminderItem(
            candidate.id, candidate.owner_id, Tier.OVERDUE, due + timedelta(days=step)
        )
    if rules.controller_on_due_day and candidate.controller_id is not None:
        yield ReminderItem(candidate.id, candidate.controller_id, Tier.CONTROLLER_DUE_DAY, due)
    if (
        rules.escalate_after_days > 0
        and overdue_days >= rules.escalate_after_days
        and supervisor_id is not None
    ):
        yield ReminderItem(candidate.id, supervisor_id, Tier.ESCALATION, due)


@dataclass
class Selection:
    """What is due today and not yet recorded, with what the digests need to describe it."""

    items: list[ReminderItem]
    candidates: dict[int, Candidate]
    co_executors: dict[int, list[int]]
    people: dict[int, Person]
    parts: dict[int, dict[int, PartState]] = field(default_factory=dict)
    """The parts with a sub-deadline or report of their own (assignment → co-executor)."""
    waiting: dict[int, Waiting] = field(default_factory=dict)
    """What waits for the controller, per assignment (reports, requests)."""


def _co_executors_of(session: Session, ids: Sequence[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for chunk in _chunks(ids):
        statement = (
            select(col(CoExecutor.assignment_id), col(CoExecutor.person_id))
            .where(col(CoExecutor.assignment_id).in_(chunk))
            .order_by(col(CoExecutor.assignment_id), col(CoExecutor.position))
        )
        for assignment_id, person_id in session.execute(statement):
            found.setdefault(assignment_id, []).append(person_id)
    return found


def select_due(
    session: Session, *, today: date, rules: RemindSettings, report_waiting_days: int = 3
) -> Selection:
    """The reminders due as of ``today`` that are not recorded yet.

    ``report_waiting_days``: ``[control] report_waiting_days`` (the ``report_waiting`` tier).
    """
    candidates = load_candidates(session, today=today, rules=rules)
    co_executors = load_co_executors(session, today=today, rules=rules)
    done = recorded_items(session, today=today, rules=rules)
    people = {p.id: p for p in session.exec(select_models(Person)) if p.id is not None}
    parts = load_parts(session)
    items: list[ReminderItem] = []
    for candidate in candidates:
        owner = people.get(candidate.owner_id)
        supervisor_id = owner.supervisor_id if owner is not None else None
        for item in tier_items(
            candidate,
            co_executors=co_executors.get(candidate.id, ()),
            supervisor_id=supervisor_id,
            today=today,
            rules=rules,
            parts=parts.get(candidate.id),
        ):
            if item not in done:
                items.append(item)
    extra: list[ReminderItem] = []
    for assignment_id, states in parts.items():
        for person_id, state in states.items():
            extra.extend(part_items(assignment_id, person_id, state, today=today, rules=rules))
    waiting: dict[int, Waiting] = {}
    if rules.report_waiting:
        for aid, controller_id, day in load_waiting(
            session, today=today, waiting_days=report_waiting_days
        ):
            extra.append(ReminderItem(aid, controller_id, Tier.REPORT_WAITING, day))
            waiting[aid] = Waiting(report_on=day)
    if rules.extension_requests:
        for aid, controller_id, made, asked, reason in load_requests(session):
            # The day it was made (never after "today", which TASKBOARD_TODAY may set back).
            day = min(made, today)
            extra.append(ReminderItem(aid, controller_id, Tier.EXTENSION_REQUEST, day))
            held = waiting.get(aid, Waiting())
            waiting[aid] = Waiting(held.report_on, asked, reason)
    if extra:
        recorded = recorded_of_tiers(
            session, PART_TIERS | CONTROL_TIERS, (i.assignment_id for i in extra)
        )
        items.extend(i for i in extra if i not in recorded)
    by_id = {c.id: c for c in candidates}
    missing = {i.assignment_id for i in items} - set(by_id)
    if missing:
        by_id.update((c.id, c) for c in load_candidates_by_id(session, missing))
        co_executors.update(_co_executors_of(session, sorted(missing)))
    return Selection(
        items=items,
        candidates=by_id,
        co_executors=co_executors,
        people=people,
        parts=parts,
        waiting=waiting,
    )
