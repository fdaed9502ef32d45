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

Selection looks at what is due *as of* today, not only on today exactly, so a tier whose day
was missed (cron did not run, the mail server was down) is sent by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session, col
from sqlmodel import select as select_models

from taskboard.config import RemindSettings
from taskboard.domain.models import OPEN_STATUSES, Assignment, CoExecutor, Person, Reminder
from taskboard.domain.models import ReminderTier as Tier

ROLE_OF_TIER: dict[str, str] = {
    Tier.BEFORE: "executor",
    Tier.DUE_DAY: "executor",
    Tier.CONTROLLER_DUE_DAY: "controller",
    Tier.OVERDUE: "owner",
    Tier.ESCALATION: "supervisor",
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


@dataclass(frozen=True)
class Candidate:
    """An active assignment whose deadline is within the reminder horizon."""

    id: int
    owner_id: int
    controller_id: int | None
    due: date
    meeting_id: int | None
    number: str | None
    text: str


def _active_within(horizon: date) -> tuple[ColumnElement[bool], ...]:
    statuses = [s.value for s in OPEN_STATUSES]
    return (col(Assignment.status).in_(statuses), col(Assignment.due) <= horizon)


def horizon_of(today: date, rules: RemindSettings) -> date:
    """The latest deadline any tier can concern today."""
    return today + timedelta(days=max(rules.before_days, 0))


def load_candidates(session: Session, *, today: date, rules: RemindSettings) -> list[Candidate]:
    """Active assignments that are overdue, due today or due within ``before_days``."""
    statement = select(
        col(Assignment.id),
        col(Assignment.owner_id),
        col(Assignment.controller_id),
        col(Assignment.due),
        col(Assignment.meeting_id),
        col(Assignment.number),
        col(Assignment.text),
    ).where(*_active_within(horizon_of(today, rules)))
    return [Candidate(*row) for row in session.execute(statement)]


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
) -> Iterator[ReminderItem]:
    """Every tier instance the rules give for one assignment as of ``today``."""
    due = candidate.due
    left = (due - today).days
    executors = [candidate.owner_id, *(p for p in co_executors if p != candidate.owner_id)]
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


def select_due(session: Session, *, today: date, rules: RemindSettings) -> Selection:
    """The reminders due as of ``today`` that are not recorded yet."""
    candidates = load_candidates(session, today=today, rules=rules)
    co_executors = load_co_executors(session, today=today, rules=rules)
    done = recorded_items(session, today=today, rules=rules)
    people = {p.id: p for p in session.exec(select_models(Person)) if p.id is not None}
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
        ):
            if item not in done:
                items.append(item)
    return Selection(
        items=items,
        candidates={c.id: c for c in candidates},
        co_executors=co_executors,
        people=people,
    )
