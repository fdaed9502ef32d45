"""Digests: the reminders due today grouped into one e-mail per recipient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from taskboard.domain.models import Meeting, Person

if TYPE_CHECKING:
    from taskboard.domain.control import AtRiskRule
from taskboard.reminders.selection import (
    CONTROL_TIERS,
    PART_TIERS,
    ROLE_OF_TIER,
    ReminderItem,
    Selection,
    Tier,
)

TIER_ORDER = {
    Tier.ESCALATION: 0,
    Tier.OVERDUE: 1,
    Tier.PART_OVERDUE: 2,
    Tier.DUE_DAY: 3,
    Tier.PART_DUE_DAY: 4,
    Tier.CONTROLLER_DUE_DAY: 5,
    Tier.REPORT_WAITING: 6,
    Tier.EXTENSION_REQUEST: 7,
    Tier.BEFORE: 8,
    Tier.PART_BEFORE: 9,
}


@dataclass
class MeetingInfo:
    """The meeting an assignment comes from, as the e-mail names it."""

    title: str
    date: date
    protocol_no: str | None


@dataclass
class Entry:
    """One assignment in a digest, with why this recipient hears about it."""

    assignment_id: int
    number: str | None
    text: str
    due: date | None
    """The assignment's (the owner's) deadline; None for a standing assignment."""
    days_left: int | None
    """Days to ``due``, negative when overdue; None without a deadline."""
    meeting: MeetingInfo | None
    owner: str
    co_executors: list[str]
    controller: str | None
    tiers: list[str]
    """The :class:`Tier` values of this recipient's reminders about it."""
    roles: list[str]
    """``executor``, ``owner``, ``controller``, ``supervisor`` (from the tiers)."""
    others: list[str]
    """The other people on the assignment (owner, co-executors, controller), not the recipient."""
    control_level: str | None = None
    """Whose control it is on (a ``[control] levels`` key); the e-mail groups by it."""
    at_risk: bool = False
    """One of the recipient's own (owner or co-executor) at risk: quiet too long, the deadline
    near (:mod:`taskboard.domain.control`)."""
    part_due: date | None = None
    """The recipient's own sub-deadline, when a part tier is why they hear of it."""
    part_days_left: int | None = None
    """Days to ``part_due`` (negative: overdue)."""
    report_on: date | None = None
    """The date of the owner's report waiting for the recipient's (the controller's) acceptance."""
    waiting_days: int | None = None
    """How many days that report has waited."""
    requested_due: date | None = None
    """The date a pending extension request asks for (to the controller)."""
    request_reason: str | None = None

    @property
    def about_deadline(self) -> bool:
        """Whether a deadline (the owner's or the recipient's own) is why they hear of it."""
        return any(t not in CONTROL_TIERS for t in self.tiers)

    @property
    def urgency(self) -> int | None:
        """Days left on the deadline that concerns the recipient (their own sub-deadline when a
        part tier is why), None when no deadline does."""
        if self.part_due is not None:
            return self.part_days_left
        return self.days_left if self.about_deadline else None

    @property
    def overdue(self) -> bool:
        """The deadline that concerns the recipient has passed."""
        return self.urgency is not None and self.urgency < 0


@dataclass
class Digest:
    """Everything one recipient is reminded of in one run: one e-mail."""

    person_id: int
    name: str
    email: str | None
    language: str | None
    """The recipient's own language when the directory knows it, else None (the run's)."""
    entries: list[Entry] = field(default_factory=list)
    items: list[ReminderItem] = field(default_factory=list)
    """The reminder rows recorded once the SMTP server accepts this digest."""
    more: int = 0
    """Assignments beyond the listing limit: counted in the e-mail, not listed."""

    overdue_count: int = 0
    """How many of the assignments are overdue (listed or not)."""
    due_today_count: int = 0
    """How many are due today."""
    upcoming_count: int = 0
    """How many are due in the coming days."""
    at_risk_count: int = 0
    """How many of the recipient's own are at risk (listed or not)."""
    waiting_count: int = 0
    """How many owner's reports wait for the recipient's acceptance."""
    request_count: int = 0
    """How many extension requests wait for the recipient's decision."""

    @property
    def controller_only(self) -> bool:
        """The recipient hears of every listed assignment as its controller (the e-mail then
        does not ask them to tell the controller when one is done)."""
        return bool(self.entries) and all(e.roles == ["controller"] for e in self.entries)


def _meetings(session: Session, ids: set[int]) -> dict[int, MeetingInfo]:
    found: dict[int, MeetingInfo] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = select(
            col(Meeting.id), col(Meeting.title), col(Meeting.date), col(Meeting.protocol_no)
        ).where(col(Meeting.id).in_(chunk))
        for meeting_id, title, held, protocol in session.execute(statement):
            found[meeting_id] = MeetingInfo(title, held, protocol)
    return found


def _name(people: dict[int, Person], person_id: int | None) -> str | None:
    if person_id is None:
        return None
    person = people.get(person_id)
    return person.full_name if person is not None else None


def _order(entry: Entry) -> tuple[int, int]:
    """Most urgent first; what only waits for a decision after every deadline."""
    urgency = entry.urgency
    return (urgency if urgency is not None else 10**6, entry.assignment_id)


def _levels_of(session: Session, ids: set[int]) -> dict[int, str]:
    """The control level of those of ``ids`` that have one (one query)."""
    from taskboard.domain.models import ASSIGNMENT_TABLE as a

    if not ids:
        return {}
    rows = session.execute(
        select(a.c.id, a.c.control_level).where(
            a.c.id.in_(sorted(ids)), a.c.control_level.is_not(None)
        )
    )
    return {aid: level for aid, level in rows if level}


def build_digests(
    session: Session,
    selection: Selection,
    *,
    today: date,
    limit: int = 0,
    risk: AtRiskRule | None = None,
    level_keys: Sequence[str] = (),
) -> list[Digest]:
    """One digest per recipient, most overdue first, at most ``limit`` listed (0: all); the
    recipient's own assignments at risk by ``risk`` (None: the defaults) are marked.

    When some listed assignment has a control level, the digest is grouped by level, highest
    first in the order of ``level_keys`` (then the levels it does not name, then none), most
    urgent first within each.
    """
    from taskboard.domain.control import AtRiskRule, at_risk_ids
    from taskboard.domain.queries import reader_of

    rule = risk if risk is not None else AtRiskRule()
    reader = reader_of(session)
    people = selection.people
    by_person: dict[int, dict[int, list[ReminderItem]]] = {}
    for item in selection.items:
        by_person.setdefault(item.person_id, {}).setdefault(item.assignment_id, []).append(item)
    meeting_ids = {
        c.meeting_id
        for c in (selection.candidates[a] for a in {i.assignment_id for i in selection.items})
        if c.meeting_id is not None
    }
    meetings = _meetings(session, meeting_ids)
    levels = _levels_of(session, {i.assignment_id for i in selection.items})
    rank = {key: n for n, key in enumerate(level_keys)}
    digests: list[Digest] = []
    for person_id in sorted(by_person):
        person = people.get(person_id)
        if person is None:
            continue
        digest = Digest(
            person_id=person_id,
            name=person.full_name,
            email=person.email or None,
            language=getattr(person, "language", None),
        )
        for assignment_id, items in by_person[person_id].items():
            candidate = selection.candidates[assignment_id]
            items.sort(key=lambda i: TIER_ORDER[Tier(i.tier)])
            digest.items.extend(items)
            co_names = [
                n for p in selection.co_executors.get(assignment_id, []) if (n := _name(people, p))
            ]
            owner = _name(people, candidate.owner_id) or ""
            controller = _name(people, candidate.controller_id)
            involved = [candidate.owner_id, *selection.co_executors.get(assignment_id, [])]
            if candidate.controller_id is not None:
                involved.append(candidate.controller_id)
            others: list[str] = []
            for other_id in involved:
                other = _name(people, other_id)
                if other_id != person_id and other and other not in others:
                    others.append(other)
            tiers = [i.tier for i in items]
            roles: list[str] = []
            for tier in tiers:
                role = ROLE_OF_TIER[tier]
                if role == "executor":
                    role = "owner" if person_id == candidate.owner_id else "co_executor"
                if role not in roles:
                    roles.append(role)
            part = selection.parts.get(assignment_id, {}).get(person_id)
            part_due = part.due if part is not None and PART_TIERS & set(tiers) else None
            waiting = selection.waiting.get(assignment_id)
            report_on = (
                waiting.report_on if waiting is not None and Tier.REPORT_WAITING in tiers else None
            )
            asked = waiting if waiting is not None and Tier.EXTENSION_REQUEST in tiers else None
            digest.entries.append(
                Entry(
                    assignment_id=assignment_id,
                    number=candidate.number,
                    text=candidate.text,
                    due=candidate.due,
                    days_left=(candidate.due - today).days if candidate.due is not None else None,
                    part_due=part_due,
                    part_days_left=(part_due - today).days if part_due is not None else None,
                    report_on=report_on,
                    waiting_days=(today - report_on).days if report_on is not None else None,
                    requested_due=asked.requested_due if asked is not None else None,
                    request_reason=asked.request_reason if asked is not None else None,
                    meeting=meetings.get(candidate.meeting_id)
                    if candidate.meeting_id is not None
                    else None,
                    owner=owner,
                    co_executors=co_names,
                    controller=controller,
                    tiers=[str(t) for t in tiers],
                    roles=roles,
                    others=others,
                    control_level=levels.get(assignment_id),
                )
            )
        # One query per recipient: their own assignments of this digest that are at risk.
        risky = set(
            at_risk_ids(
                reader,
                today,
                rule,
                person_id=person_id,
                ids=[e.assignment_id for e in digest.entries],
            )
        )
        for entry in digest.entries:
            entry.at_risk = entry.assignment_id in risky
        digest.at_risk_count = len(risky)
        digest.entries.sort(key=_order)
        if any(e.control_level for e in digest.entries):
            digest.entries.sort(  # stable: most urgent first within each level
                key=lambda e: (
                    (0, rank.get(e.control_level, len(rank)), e.control_level)
                    if e.control_level
                    else (1, 0, "")
                )
            )
        urgencies = [e.urgency for e in digest.entries]
        digest.overdue_count = sum(1 for u in urgencies if u is not None and u < 0)
        digest.due_today_count = sum(1 for u in urgencies if u == 0)
        digest.upcoming_count = sum(1 for u in urgencies if u is not None and u > 0)
        digest.waiting_count = sum(1 for e in digest.entries if e.report_on is not None)
        digest.request_count = sum(1 for e in digest.entries if e.requested_due is not None)
        if limit > 0 and len(digest.entries) > limit:
            # Every reminder is still recorded: the e-mail counts what it does not list.
            digest.more = len(digest.entries) - limit
            del digest.entries[limit:]
        digests.append(digest)
    return digests
