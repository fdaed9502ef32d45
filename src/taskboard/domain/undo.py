"""Undo: take back the last change an actor made to the register's assignments.

A *change* is what one transaction wrote: the history events of one actor that share one
moment (:func:`taskboard.domain.services.record_event` stamps every event of a transaction
with the same time) — an edit of three fields, a cancellation and its reason, a «done» and the
next occurrence it created, a new assignment.

:func:`undo_last` finds the actor's latest change not taken back yet and puts it back, in
new history events of the kind ``undone`` (the history stays append-only):

- an edit: every field it changed gets its value before the edit;
- a status change (start, done, reopen, cancel, accept, a return for rework): the status
  before; a return that moved the deadline also gets its extension taken back;
- a report (submit): the status before, and the report's record removed (the ``undone``
  event keeps its text);
- an extension: the deadline before; the extension record is removed (the register counts
  extensions from it), the ``undone`` event keeps the date it went to and its reason;
- an extension request: its record removed (the ``undone`` event keeps its date and reason);
  a grant: the deadline before, its extension removed and the request pending again; a
  refusal: the request pending again;
- a deadline correction: the deadline before; the ``undone`` event keeps the date it went
  to, its reason and the correction's event id (reports leave it out of their count);
- a «Час контроля» decision: its ``review_decision`` row is removed, with the change it made
  taken back as above (a «keep on control» instruction stays as the note it also is);
- a creation: the assignment is taken off control with the reason «отменено: регистрация
  поручения отменена», never deleted; a «done» that created the next occurrence of a
  recurring one takes it off too.

Not taken back: a progress note (it is a statement of fact: add a correcting one) and an
import (take the imported assignments off control). Changes to people and meetings are not
assignment changes and are passed over.

Undo goes back one change at a time, like Ctrl+Z elsewhere: again, and it takes back the
change before that. An undo is never itself undone — there is no redo: make the change again.
Nothing is written, and the reason is said, when someone else changed one of the change's
assignments since (a later event by another actor), or when nothing is left to take back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from taskboard.domain import control_hour, parts, requests, services
from taskboard.domain.models import Assignment, Event, EventKind, Person, Status
from taskboard.errors import InvalidInput, StaleVersion
from taskboard.i18n import _, ngettext
from taskboard.presentation import (
    assignment_label,
    event_value,
    field_label,
    format_date,
    format_moment,
    status_label,
)

SCAN = 500
"""How many of the actor's events are read at a time, walking back through the history."""

_SHOWN_TEXT = 60


def undo_reason() -> str:
    """The reason a creation taken back is cancelled with («отменено: регистрация поручения
    отменена»)."""
    return _("undone (undo)")


@dataclass
class Change:
    """The events one transaction of the actor wrote on assignments, oldest first."""

    events: list[Event]

    @property
    def last_id(self) -> int:
        """The id of its last event."""
        return self.events[-1].id or 0

    @property
    def is_undo(self) -> bool:
        """Whether the change is itself an undo."""
        return any(e.kind == EventKind.UNDONE for e in self.events)

    def by_assignment(self) -> dict[int, list[Event]]:
        """Its events per assignment, in the order they were written."""
        grouped: dict[int, list[Event]] = {}
        for event in self.events:
            if event.assignment_id is not None:
                grouped.setdefault(event.assignment_id, []).append(event)
        return grouped


@dataclass
class Undone:
    """What an undo did."""

    message: str
    """One translated line: «Undone: the deadline of assignment 3 (…) is 2026-11-20 again.»"""
    assignment_ids: list[int] = field(default_factory=list)
    """The assignments it changed."""
    taken_back: list[int] = field(default_factory=list)
    """The ids of the events it took back."""


def _actor_events(session: Session, actor: str, before: int | None) -> list[Event]:
    statement = select(Event).where(
        Event.actor == actor,
        col(Event.assignment_id).is_not(None),
        Event.kind != EventKind.REMINDER_SENT.value,
    )
    if before is not None:
        statement = statement.where(col(Event.id) < before)
    return list(session.exec(statement.order_by(col(Event.id).desc()).limit(SCAN)))


def _only_reasons(events: list[Event]) -> bool:
    return all(e.kind == EventKind.NOTE and e.field == "reason" for e in events)


def changes(session: Session, actor: str) -> Iterator[Change]:
    """The actor's changes to assignments, newest first."""
    before: int | None = None
    pending: list[Event] = []
    while True:
        batch = _actor_events(session, actor, before)
        for event in batch:
            # A cancellation's reason written at another moment than its status (history
            # from before one moment per transaction) still belongs to it.
            if pending and event.at != pending[-1].at and not _only_reasons(pending):
                yield Change(pending[::-1])
                pending = []
            pending.append(event)
        if len(batch) < SCAN:
            break
        before = batch[-1].id
    if pending:
        yield Change(pending[::-1])


def last_change(session: Session, actor: str) -> Change | None:
    """The actor's latest change not taken back yet (each undo takes back one, newest first)."""
    undos = 0
    for change in changes(session, actor):
        if change.is_undo:
            undos += 1
        elif undos:
            undos -= 1
        else:
            return change
    return None


def _subject(session: Session, assignment: Assignment) -> str:
    """«assignment 3 (meeting of 19.10.2026)» as the object of a sentence («срок поручения 3»)."""
    held = (
        services.get_meeting(session, assignment.meeting_id).date
        if assignment.meeting_id is not None
        else None
    )
    if assignment.number and held is not None:
        return _("assignment {number} (meeting of {date})").format(
            number=assignment.number, date=format_date(held)
        )
    return _("assignment {id}").format(id=assignment.id)


def _label(session: Session, assignment: Assignment) -> str:
    held = (
        services.get_meeting(session, assignment.meeting_id).date
        if assignment.meeting_id is not None
        else None
    )
    return assignment_label(assignment.number, assignment.id, held)


def _check_nobody_since(session: Session, change: Change, actor: str) -> None:
    for assignment_id in change.by_assignment():
        later = session.exec(
            select(Event)
            .where(
                Event.assignment_id == assignment_id,
                col(Event.id) > change.last_id,
                Event.actor != actor,
                Event.kind != EventKind.REMINDER_SENT.value,
            )
            .order_by(col(Event.id))
        ).first()
        if later is not None:
            assignment = services.get_assignment(session, assignment_id)
            raise StaleVersion(
                _(
                    "Not undone: {assignment} was changed since by {who} ({when}); "
                    "nothing was changed."
                ).format(
                    assignment=_label(session, assignment),
                    who=later.actor,
                    when=format_moment(later.at),
                )
            )


def _check_undoable(session: Session, change: Change) -> None:
    kinds = {e.kind for e in change.events}
    if EventKind.IMPORTED in kinds:
        created = sum(1 for e in change.events if e.kind == EventKind.CREATED)
        raise InvalidInput(
            ngettext(
                "Not undone: your last change is an import ({n} assignment); take what it "
                "brought in off control instead (taskboard cancel).",
                "Not undone: your last change is an import ({n} assignments); take what it "
                "brought in off control instead (taskboard cancel).",
                created,
            ).format(n=created)
        )
    if kinds <= {EventKind.NOTE.value}:
        first = change.events[-1]
        assert first.assignment_id is not None
        assignment = services.get_assignment(session, first.assignment_id)
        raise InvalidInput(
            _(
                "Not undone: your last change is a progress note on {subject}; a note is not "
                "taken back: add a correcting one."
            ).format(subject=_subject(session, assignment))
        )


def _parse(name: str, raw: str | None) -> tuple[str, Any]:
    """An edited field's stored value as :class:`services.AssignmentUpdate` takes it."""
    if name in ("owner_id", "controller_id", "meeting_id"):
        return name, int(raw) if raw else None
    if name == "due":
        return name, date.fromisoformat(raw) if raw else None
    if name == "tags":
        return name, list(json.loads(raw or "[]"))
    if name == "co_executors":
        return "co_executor_ids", [int(i) for i in json.loads(raw or "[]")]
    if name in ("text", "priority", "number", "recurrence", "control_level"):
        return name, raw
    raise InvalidInput(
        _("Not undone: a change of «{field}» cannot be taken back.").format(field=name)
    )


def _people(session: Session, events: list[Event]) -> dict[int, str]:
    ids: set[int] = set()
    for event in events:
        for raw in (event.old_value, event.new_value):
            if event.field in ("owner_id", "controller_id") and raw and raw.isdigit():
                ids.add(int(raw))
            elif event.field == "co_executors" and raw:
                ids.update(int(i) for i in json.loads(raw))
    if not ids:
        return {}
    found = session.exec(select(Person.id, Person.full_name).where(col(Person.id).in_(ids)))
    return {pid: name for pid, name in found if pid is not None}


def _person_name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.full_name if person is not None else str(person_id)


def _shown(name: str, raw: str | None, people: dict[int, str]) -> str:
    if name == "due" and not raw:
        return _("standing")
    value = event_value(name, raw, people)
    if name == "text":
        flat = " ".join(value.split())
        if len(flat) > _SHOWN_TEXT:
            flat = flat[: _SHOWN_TEXT - 1] + "…"
        return f"«{flat}»"
    return value


def _sentence(subject: str, restored: list[tuple[str, str]]) -> str:
    if len(restored) == 1:
        name, value = restored[0]
        return _("Undone: the {field} of {subject} is {value} again.").format(
            field=field_label(name), subject=subject, value=value
        )
    parts = "; ".join(
        _("{field} back to {value}").format(field=field_label(name), value=value)
        for name, value in restored
    )
    return _("Undone for {subject}: {changes}.").format(subject=subject, changes=parts)


def _take_back_one(session: Session, assignment_id: int, events: list[Event], *, actor: str) -> str:
    """Put one assignment back as it was before ``events``; the sentence that says so."""
    assignment = services.get_assignment(session, assignment_id)
    subject = _subject(session, assignment)
    decided = [e for e in events if e.kind == EventKind.DECIDED]
    for event in decided:
        assert event.meeting_id is not None
        control_hour.take_back_decision(
            session, assignment_id=assignment_id, meeting_id=event.meeting_id
        )
        services.record_event(
            session,
            kind=EventKind.UNDONE,
            actor=actor,
            assignment_id=assignment_id,
            meeting_id=event.meeting_id,
            field="decision",
            old=event.new_value,
        )
    if decided and {e.kind for e in events} <= {EventKind.DECIDED.value, EventKind.NOTE.value}:
        # «Keep on control»: the instruction stays as the note it also is.
        return _("Undone: the «Час контроля» decision on {subject}.").format(subject=subject)
    if any(e.kind == EventKind.CREATED for e in events):
        reason = undo_reason()
        services.cancel(session, assignment_id=assignment_id, reason=reason, actor=actor)
        services.record_event(
            session,
            kind=EventKind.UNDONE,
            actor=actor,
            assignment_id=assignment_id,
            field="created",
        )
        return _("Undone: the creation of {subject}; it is taken off control («{reason}»).").format(
            subject=subject, reason=reason
        )
    people = _people(session, events)
    restored: list[tuple[str, str]] = []
    update: dict[str, Any] = {}
    seen: set[str] = set()
    correction: Event | None = None
    part_dues: dict[int, date | None] = {}
    extra: list[str] = []
    for event in events:
        if event.kind == EventKind.CORRECTED and "due" not in seen:
            seen.add("due")
            correction = event
            restored.append(("due", _shown("due", event.old_value, people)))
        elif event.field == services.PART_DUE_FIELD and event.person_id is not None:
            if event.person_id not in part_dues:  # the first event holds the date before
                part_dues[event.person_id] = (
                    date.fromisoformat(event.old_value) if event.old_value else None
                )
        elif event.kind == EventKind.EDITED and event.field and event.field not in seen:
            seen.add(event.field)  # the first event of a field holds its value before
            key, value = _parse(event.field, event.old_value)
            update[key] = value
            restored.append((event.field, _shown(event.field, event.old_value, people)))
    if update:
        services.edit_assignment(
            session,
            assignment_id=assignment_id,
            changes=services.AssignmentUpdate(**update),
            actor=actor,
            kind=EventKind.UNDONE,
        )
    if correction is not None:
        services.take_back_correction(
            session, assignment_id=assignment_id, corrected=correction, actor=actor
        )
    for person_id, part_due in part_dues.items():
        # After the deadline and the co-executors are back: a part belongs to both.
        parts.set_part_due(
            session,
            assignment_id=assignment_id,
            person_id=person_id,
            due=part_due,
            actor=actor,
            kind=EventKind.UNDONE,
        )
        restored.append(
            (
                services.PART_DUE_FIELD,
                _("{name}: {due}").format(
                    name=_person_name(session, person_id),
                    due=format_date(part_due) if part_due else _("the assignment's deadline"),
                ),
            )
        )
    # Before the extensions: a granted request's link to its extension goes first.
    request_sentence = requests.take_back(
        session, assignment_id=assignment_id, events=events, actor=actor
    )
    for event in reversed([e for e in events if e.kind == EventKind.EXTENDED]):
        before = date.fromisoformat(event.old_value or "")
        services.take_back_extension(
            session,
            assignment_id=assignment_id,
            extended_to=date.fromisoformat(event.new_value or ""),
            restored=before,
            actor=actor,
        )
        restored.append(("due", format_date(before)))
    for event in events:
        if event.kind == EventKind.REPORTED and event.person_id is not None:
            parts.take_back_part_report(
                session, assignment_id=assignment_id, person_id=event.person_id, actor=actor
            )
            extra.append(
                _("Undone: the report of {name} on their part of {subject}.").format(
                    name=_person_name(session, event.person_id), subject=subject
                )
            )
    if any(e.kind == EventKind.REPORTED and e.person_id is None for e in events):
        services.take_back_report(session, assignment_id=assignment_id, actor=actor)
    statuses = [e for e in events if e.kind == EventKind.STATUS]
    if statuses:
        before_status = Status(statuses[0].old_value or Status.OPEN.value)
        if before_status.value != assignment.status:
            services.restore_status(
                session, assignment_id=assignment_id, status=before_status, actor=actor
            )
        restored.append(("status", status_label(before_status)))
    sentence = " ".join([_sentence(subject, restored) if restored else "", *extra]).strip()
    if request_sentence:
        sentence = f"{sentence} {request_sentence}".strip()
    return sentence


def undo_last(session: Session, *, actor: str) -> Undone:
    """Take back ``actor``'s latest change not taken back yet, in the caller's transaction.

    Raises :class:`InvalidInput` when nothing is left to take back (or the change is a note or
    an import) and :class:`StaleVersion` when someone else changed an assignment since;
    nothing is written then.
    """
    change = last_change(session, actor)
    if change is None:
        raise InvalidInput(
            _("Nothing to undo: {actor} has no change to an assignment left to take back.").format(
                actor=actor
            )
        )
    _check_undoable(session, change)
    _check_nobody_since(session, change, actor)
    sentences: list[str] = []
    touched: list[int] = []
    for assignment_id, events in change.by_assignment().items():
        if all(e.kind == EventKind.NOTE for e in events):
            continue  # a closing note or a reason: it stays, its status goes back
        sentence = _take_back_one(session, assignment_id, events, actor=actor)
        touched.append(assignment_id)
        if sentence:
            sentences.append(sentence)
    session.flush()
    return Undone(
        message=" ".join(sentences),
        assignment_ids=touched,
        taken_back=[e.id for e in change.events if e.id is not None],
    )


__all__ = ["Change", "Undone", "changes", "last_change", "undo_last", "undo_reason"]
