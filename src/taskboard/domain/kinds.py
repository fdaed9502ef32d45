"""The kinds of values the register stores: statuses, priorities, meeting kinds, reminder tiers,
history event kinds.

Plain enums, with no SQLAlchemy behind them, so that what only shows or parses them (the
command line's help, presentation) starts without loading the database layer; the table
models in ``domain/models.py`` use them and re-export them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where an assignment stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    REVIEW = "review"
    """На приёмке: the owner's report is in, the controller is to accept it or return it."""
    REWORK = "rework"
    """На доработке: the controller returned the report, with a comment."""
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        """Done and cancelled assignments are closed: never overdue, never reminded."""
        return self in (Status.DONE, Status.CANCELLED)


OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.REVIEW, Status.REWORK)
"""Still on control: listed by default, overdue once the deadline passes, reminded."""
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
"""Taken off control: never overdue, never reminded."""


class Priority(StrEnum):
    """How urgent an assignment is, for sorting and reports."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class MeetingKind(StrEnum):
    """The kind of event assignments were given at."""

    OPERATIONAL = "operational"
    VISIT = "visit"
    WORKING = "working"
    CALL = "call"
    CONTROL_HOUR = "control_hour"
    """«Час контроля»: the control department's review of what is overdue, at risk or awaiting
    acceptance; its decisions are rows of ``review_decision``."""
    OTHER = "other"


class ReminderTier(StrEnum):
    """A kind of reminder (docs/reminders.md), stored in ``reminder.tier`` and, as the field of
    a ``reminder_sent`` event, in the history."""

    BEFORE = "before"
    DUE_DAY = "due_day"
    CONTROLLER_DUE_DAY = "controller_due_day"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    PART_BEFORE = "part_before"
    """A co-executor, once when their own sub-deadline is within ``before_days``."""
    PART_DUE_DAY = "part_due_day"
    """A co-executor on their sub-deadline's day."""
    PART_OVERDUE = "part_overdue"
    """A co-executor every ``overdue_every_days`` while their part is overdue."""
    REPORT_WAITING = "report_waiting"
    """The controller, once the owner's report has waited more than ``[control]
    report_waiting_days`` for acceptance."""
    EXTENSION_REQUEST = "extension_request"
    """The controller, once about a pending extension request."""


class RequestState(StrEnum):
    """The state of an extension request (``extension_request.state``)."""

    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class EventKind(StrEnum):
    """What a history event records."""

    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    EXTENDED = "extended"
    CORRECTED = "corrected"
    """A deadline changed through an edit, not extended: the old and new dates (``None``: standing)
    and the mandatory ``reason``. Counted in reports apart from extensions."""
    NOTE = "note"
    REPORTED = "reported"
    """The owner's report on execution came in (``submit``): its text; the report itself (its
    date, its document) is a row of ``report``. The status change to review is its own event."""
    DECIDED = "decided"
    """A «Час контроля» decided on the assignment (the review meeting, the decision's kind, its
    text as the reason); the decision itself is a row of ``review_decision``."""
    EXTENSION_REQUESTED = "extension_requested"
    """An extension was requested (``extend --request``): the deadline then (old) and the one
    asked for (new), the request's reason; the request is a row of ``extension_request``."""
    EXTENSION_GRANTED = "extension_granted"
    """A pending request granted: the deadline before and after, the decider's note as the
    reason. The extension itself is its own ``extended`` event of the same change."""
    EXTENSION_REFUSED = "extension_refused"
    """A pending request refused: the deadline (unchanged) and the date asked for, the
    refusal's reason."""
    REMINDER_SENT = "reminder_sent"
    IMPORTED = "imported"
    UNDONE = "undone"
    """A change taken back by ``undo``: the field, its value before the undo, the value back."""
