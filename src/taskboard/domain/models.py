"""Database tables (SQLModel) of the register, and the read models commands and screens show.

Derived facts are never stored: ``overdue`` and ``due_soon`` are computed from the deadline,
the status and today's date. ``search_text`` and ``name_folded`` are stored foldings
(lower case, «ё» → «е») so that case-insensitive Cyrillic search is a plain indexed ``LIKE``
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import Index, Table, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from taskboard.domain.kinds import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    EventKind,
    MeetingKind,
    Priority,
    ReminderTier,
    Status,
)

__all__ = [  # the value kinds, defined without SQLAlchemy in domain/kinds.py, kept here too
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "EventKind",
    "MeetingKind",
    "Priority",
    "ReminderTier",
    "Status",
]


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, typed (SQLModel sets ``__table__`` untyped)."""
    return cast(Table, vars(model)["__table__"])


class PersonBase(SQLModel):
    """Fields of a person shared by the table and input models."""

    full_name: str = Field(index=True)
    """Full name as written, e.g. «Волосков Сергей Александрович»."""
    position: str | None = None
    """Position, e.g. «генеральный директор»."""
    organisation: str | None = None
    """Organisation, e.g. «АО «ОМЗ»»."""
    email: str | None = None
    """Where reminders go; people without one are listed in the reminder run's summary."""
    language: str | None = None
    """The language of this person's e-mail reminders (ru, en); None: the configured one."""
    supervisor_id: int | None = Field(default=None, foreign_key="person.id")
    """Who receives escalations when this person's assignments are long overdue."""


class Person(PersonBase, table=True):
    """An owner, co-executor, controller, author or chair."""

    id: int | None = Field(default=None, primary_key=True)
    name_folded: str = Field(index=True)
    """``full_name`` folded (lower case, «ё» → «е») for resolution and search."""
    created_at: datetime


class MeetingBase(SQLModel):
    """Fields of a meeting shared by the table and input models."""

    title: str
    """E.g. «Визит делегации Кировской области в Республику Беларусь»."""
    date: date
    """The day it was held; the default deadline counts from it."""
    kind: str = Field(default=MeetingKind.OPERATIONAL.value)
    """One of :class:`MeetingKind`."""
    place: str | None = None
    chair_id: int | None = Field(default=None, foreign_key="person.id")
    """Who chaired it (usually the governor)."""
    protocol_no: str | None = None
    """Protocol number, e.g. «12-оп»."""
    notes: str | None = None
    source_text: str | None = None
    """The protocol or press release the assignments were taken from."""


class Meeting(MeetingBase, table=True):
    """A meeting, visit or call at which assignments were given."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime


class Assignment(SQLModel, table=True):
    """An assignment (поручение): who must do what by when."""

    __table_args__ = (
        UniqueConstraint("meeting_id", "number", name="uq_assignment_meeting_number"),
        Index("ix_assignment_status_due", "status", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    """The meeting it comes from; None for a stand-alone assignment."""
    number: str | None = None
    """Protocol item, unique within its meeting: "3", "2.1"."""
    text: str
    """What must be done, exactly as typed."""
    search_text: str = ""
    """Folded ``number`` and ``text`` for case-insensitive search."""
    author_id: int | None = Field(default=None, foreign_key="person.id")
    """Who gave it (usually the governor)."""
    owner_id: int = Field(foreign_key="person.id", index=True)
    """The responsible executor (ответственный исполнитель)."""
    controller_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    """The member of staff who keeps it under control."""
    due: date | None = Field(default=None, index=True)
    """The current deadline; None for a standing assignment («постоянно»: on control, no
    deadline — never overdue, never reminded of a date)."""
    original_due: date | None = None
    """The deadline first set; kept when the deadline is extended or corrected (None: given
    as a standing assignment)."""
    status: str = Field(default=Status.OPEN.value)
    """One of :class:`Status`."""
    priority: str = Field(default=Priority.NORMAL.value)
    """One of :class:`Priority`."""
    recurrence: str | None = None
    """An RFC 5545 RRULE; when done, the next occurrence is created."""
    parent_id: int | None = Field(default=None, foreign_key="assignment.id")
    """The assignment this one continues: the previous occurrence of a recurring assignment,
    or the one accepted in part whose rest this is."""
    created_at: datetime
    updated_at: datetime
    closed_on: date | None = None
    """The day it was done or cancelled (None while open)."""
    version: int = Field(default=1)
    """Optimistic version: every change increments it; a stale edit is refused."""
    control_level: str | None = Field(default=None, index=True)
    """Whose control it is on: a key of the configured control levels («governor»: «на контроле
    у Губернатора»); None: no level given."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # declared_attr hands over the class; mypy types ``cls`` as an instance.
        return {"version_id_col": table_of(cast("type[Assignment]", cls)).c.version}


class CoExecutor(SQLModel, table=True):
    """A co-executor (соисполнитель) of an assignment."""

    __tablename__: ClassVar[str] = "assignment_co_executor"

    assignment_id: int = Field(foreign_key="assignment.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    position: int = 0
    """Order in which co-executors were named."""
    due: date | None = None
    """The co-executor's own sub-deadline for their part, never later than the owner's (None:
    the assignment's deadline holds)."""


class Tag(SQLModel, table=True):
    """A tag on an assignment."""

    __tablename__: ClassVar[str] = "assignment_tag"

    assignment_id: int = Field(foreign_key="assignment.id", primary_key=True)
    tag: str = Field(primary_key=True, index=True)


class Note(SQLModel, table=True):
    """A dated progress report (ход исполнения)."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    created_at: datetime
    actor: str
    text: str


class Report(SQLModel, table=True):
    """An owner's report on execution (отчёт об исполнении): it puts the assignment under review,
    and the day it gives is the done date when the controller accepts it."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    created_at: datetime
    """When it was recorded."""
    actor: str
    """Who recorded it."""
    text: str
    """What the owner reports as done."""
    reported_on: date
    """The report's own date (its letter's date; today unless given): on-time is judged by it."""
    document: str | None = None
    """A reference to the document or file that holds the report (a path, a number)."""
    person_id: int | None = Field(default=None, foreign_key="person.id")
    """The co-executor whose part this report is; None: the owner's report on the whole
    assignment (the one that puts it under review)."""


class Extension(SQLModel, table=True):
    """A deadline extension (перенос срока) with its mandatory reason."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    created_at: datetime
    actor: str
    old_due: date
    new_due: date
    reason: str


class ExtensionRequest(SQLModel, table=True):
    """A requested new deadline with its reason (запрос на перенос срока): pending until the
    author or controller grants it (an ordinary :class:`Extension`, linked) or refuses it."""

    __tablename__: ClassVar[str] = "extension_request"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    created_at: datetime
    actor: str
    """Who recorded the request."""
    requested_due: date
    reason: str
    state: str = Field(default="pending", index=True)
    """``pending``, ``granted`` or ``refused``."""
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None
    """Why it was refused (mandatory then); None when granted."""
    extension_id: int | None = Field(default=None, foreign_key="extension.id")
    """The extension a grant made."""


class ReviewDecision(SQLModel, table=True):
    """What a «Час контроля» (a meeting of kind ``control_hour``) decided on one assignment it
    went through, in the order of its protocol."""

    __tablename__: ClassVar[str] = "review_decision"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    """The review meeting."""
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    """The assignment decided on (for ``new``: the assignment the review gave)."""
    position: int
    """The item's place in the protocol (1, 2, …)."""
    kind: str
    """``accepted``, ``extended``, ``returned``, ``kept`` or ``new``."""
    text: str | None = None
    """The instruction, comment or reason recorded with it."""
    due: date | None = None
    """The deadline the decision set or kept."""
    created_at: datetime
    actor: str


class Event(SQLModel, table=True):
    """An append-only history event: what changed, when, by whom, from what to what."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime
    actor: str
    kind: str
    """One of :class:`EventKind`."""
    field: str | None = None
    """The changed field, for edits and status changes."""
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    """Why the change was made: the reason of a deadline correction, the comment of a return for
    rework (None for other events)."""
    chain_seq: int | None = Field(default=None, unique=True, index=True)
    """The event's place in the history chain (1, 2, …, in commit order; see domain/audit.py).
    None only for a row written behind taskboard's back: ``audit verify`` names it."""
    chain_hash: str | None = None
    """SHA-256 of the previous event's ``chain_hash`` and this event's content
    (:func:`chain_link`): change, remove or insert an event and the chain no longer holds."""


class ChainHead(SQLModel, table=True):
    """The one row that says where the history chain ends (its last place and hash)."""

    __tablename__: ClassVar[str] = "audit_chain"

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    """The last sealed event's ``chain_seq`` (0: no history yet)."""
    hash: str
    """The last sealed event's ``chain_hash`` (:data:`CHAIN_GENESIS` with no history)."""


CHAIN_GENESIS = "0" * 64
"""The "previous hash" of the first event in a chain."""
CHAIN_FORMAT = "taskboard-history-1"
"""Names the canonical form :func:`chain_link` hashes; a new form gets a new name."""
CHAIN_FIELDS = (
    "at",
    "actor",
    "kind",
    "assignment_id",
    "meeting_id",
    "person_id",
    "field",
    "old_value",
    "new_value",
    "reason",
)
"""The event columns an event's hash covers (with its ``chain_seq``), in hashing order."""


_CANONICAL_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` uses, made once."""


def chain_moment(value: Any) -> Any:
    """A timestamp as UTC ISO text whatever the backend hands back (naive UTC on SQLite);
    any other value as it is: how :func:`chain_link` reads each of the fields it covers."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    return value


def chain_link(previous: str, seq: int, values: Mapping[Any, Any]) -> str:
    """The ``chain_hash`` of the event at ``seq`` with ``values`` after one hashing ``previous``.

    The content is canonical JSON (UTF-8, no spaces) of :data:`CHAIN_FORMAT`, ``seq`` and the
    :data:`CHAIN_FIELDS`, so the same event hashes alike on SQLite and PostgreSQL. Kept beside
    the table because it defines what the column holds: the migration that added the chain
    hashes existing history with it, the services seal new events and ``audit verify``
    recomputes it.
    """
    return chain_digest(previous, seq, [chain_moment(values[name]) for name in CHAIN_FIELDS])


def chain_digest(previous: str, seq: int, content: Sequence[Any]) -> str:
    """:func:`chain_link` of ``content``: the :data:`CHAIN_FIELDS` values in their order, each
    already as :func:`chain_moment` reads it (a bulk writer converts its one moment once)."""
    canonical = _CANONICAL_JSON.encode([CHAIN_FORMAT, seq, *content])
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


class Reminder(SQLModel, table=True):
    """A reminder the SMTP server accepted: recorded so that it is never sent twice."""

    __table_args__ = (
        UniqueConstraint("assignment_id", "person_id", "tier", "occasion", name="uq_reminder_once"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    tier: str
    """A :class:`ReminderTier` value."""
    occasion: date
    """The day this tier instance belongs to (e.g. the deadline, or the overdue step)."""
    email: str
    sent_at: datetime
    message_id: str | None = None


# Typed handles for queries written with SQLAlchemy Core (``ASSIGNMENT_TABLE.c.due``).
ASSIGNMENT_TABLE = table_of(Assignment)
PERSON_TABLE = table_of(Person)
MEETING_TABLE = table_of(Meeting)
CO_EXECUTOR_TABLE = table_of(CoExecutor)
TAG_TABLE = table_of(Tag)
EXTENSION_TABLE = table_of(Extension)
REPORT_TABLE = table_of(Report)
EXTENSION_REQUEST_TABLE = table_of(ExtensionRequest)
REVIEW_DECISION_TABLE = table_of(ReviewDecision)
EVENT_TABLE = table_of(Event)
CHAIN_HEAD_TABLE = table_of(ChainHead)
