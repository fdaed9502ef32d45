"""Changing the register: every function takes the session explicitly and writes history.

Each change and its history event are written in the caller's transaction, so they land
together or not at all. Functions that change an assignment accept ``expected_version``:
when given and the stored version differs, nothing is written and :class:`StaleVersion` is
raised (a screen that shows an old copy can never overwrite a newer change).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, delete, select

from taskboard.domain import audit, clock
from taskboard.domain.models import (
    OPEN_STATUSES,
    Assignment,
    CoExecutor,
    Event,
    EventKind,
    Extension,
    Meeting,
    MeetingKind,
    Note,
    Person,
    Priority,
    Report,
    Status,
    Tag,
)
from taskboard.domain.search import assignment_search_text, fold
from taskboard.domain.text import is_email_address
from taskboard.errors import InvalidInput, InvalidTransition, NotFound, StaleVersion
from taskboard.i18n import LANGUAGES, _, normalize_language
from taskboard.presentation import format_date, status_label


def _value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


_MOMENT = "taskboard.moment"


def _moment(session: Session) -> datetime:
    """The time of the session's current transaction: every event it writes shares it, so the
    events of one change (an edit of three fields, a cancel and its reason) read as one."""
    transaction = session.get_transaction()
    held = session.info.get(_MOMENT)
    if held is None or held[0] is not transaction:
        held = (transaction, clock.now())
        session.info[_MOMENT] = held
    return held[1]


def next_moment(session: Session) -> None:
    """Let the session's next events take a new time, within the same transaction (the example
    data, played day by day in one transaction)."""
    session.info.pop(_MOMENT, None)


def event_moment(session: Session) -> datetime:
    """The time every event of the session's current transaction carries (Core inserts of
    history take it from here)."""
    return _moment(session)


def record_event(
    session: Session,
    *,
    kind: EventKind,
    actor: str,
    assignment_id: int | None = None,
    meeting_id: int | None = None,
    person_id: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
) -> Event:
    """Append one history event (the only way history is written); ``reason``: why (a deadline
    correction's)."""
    event = Event(
        assignment_id=assignment_id,
        meeting_id=meeting_id,
        person_id=person_id,
        at=_moment(session),
        actor=actor,
        kind=kind.value,
        field=field,
        old_value=_value(old),
        new_value=_value(new),
        reason=reason,
    )
    session.add(event)
    audit.track(session, event)
    return event


def _require_text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(_("{what} must not be empty.").format(what=what))
    return value


def _check_choice(value: str, choices: type[Priority] | type[MeetingKind], what: str) -> str:
    allowed = [c.value for c in choices]
    if value not in allowed:
        raise InvalidInput(
            _("{what} must be one of {allowed}, not «{value}».").format(
                what=what, allowed=", ".join(allowed), value=value
            )
        )
    return value


def _person_exists(session: Session, person_id: int | None) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise NotFound(_("No person with id {id}.").format(id=person_id))


def _check_email(email: str | None) -> None:
    if email is not None and not is_email_address(email):
        raise InvalidInput(_("«{email}» is not an e-mail address.").format(email=email))


def _check_language(language: str | None) -> str | None:
    if language is None:
        return None
    found = normalize_language(language)
    if found is None:
        raise InvalidInput(
            _("«{value}» is not a supported language; use one of: {languages}.").format(
                value=language, languages=", ".join(LANGUAGES)
            )
        )
    return found


def add_person(
    session: Session,
    *,
    full_name: str,
    actor: str,
    position: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    supervisor_id: int | None = None,
    language: str | None = None,
    allow_namesake: bool = False,
) -> Person:
    """Add a person to the directory; a second person of the same full name only when
    ``allow_namesake`` says the namesake is meant (else every «волосков» turns ambiguous).

    ``language``: the language of their e-mail reminders (None: the configured one).
    """
    from taskboard.domain.people import namesakes

    _require_text(full_name, _("The name"))
    if not allow_namesake:
        same = next(iter(namesakes(session, full_name)), None)
        if same is not None:
            raise InvalidInput(
                _(
                    "«{name}» is already in the directory (id {id}{details}); to add a "
                    "namesake all the same, confirm it (person add --namesake)."
                ).format(
                    name=same.full_name,
                    id=same.id,
                    details="".join(f", {x}" for x in (same.position, same.organisation) if x),
                )
            )
    _check_email(email)
    _person_exists(session, supervisor_id)
    person = Person(
        full_name=full_name.strip(),
        name_folded=fold(full_name.strip()),
        position=position,
        organisation=organisation,
        email=email.strip() if email else None,
        language=_check_language(language),
        supervisor_id=supervisor_id,
        created_at=clock.now(),
    )
    session.add(person)
    session.flush()
    record_event(
        session, kind=EventKind.CREATED, actor=actor, person_id=person.id, new=person.full_name
    )
    return person


class PersonUpdate(SQLModel):
    """The fields of a person to change, resolved: only the fields *set* are changed
    (``None`` set explicitly clears one: no e-mail, no supervisor, the configured language)."""

    position: str | None = None
    organisation: str | None = None
    email: str | None = None
    supervisor_id: int | None = None
    language: str | None = None


def get_person(session: Session, person_id: int) -> Person:
    """The person with this id, or :class:`NotFound`."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(_("No person with id {id}.").format(id=person_id))
    return person


def _check_supervisor(session: Session, person: Person, supervisor_id: int | None) -> None:
    """A supervisor exists and is not the person, nor anyone who reports to them."""
    seen: set[int] = set()
    current = supervisor_id
    while current is not None and current not in seen:
        if current == person.id:
            raise InvalidInput(
                _("{name} cannot be their own supervisor, not even through others.").format(
                    name=person.full_name
                )
            )
        seen.add(current)
        current = get_person(session, current).supervisor_id


def _blank_is_none(value: str | None) -> str | None:
    return (value or "").strip() or None


def edit_person(session: Session, *, person_id: int, changes: PersonUpdate, actor: str) -> Person:
    """Change the fields set in ``changes``; one history event per field that really changed."""
    person = get_person(session, person_id)
    given = changes.model_dump(exclude_unset=True)
    new: dict[str, Any] = {}
    for name in ("position", "organisation", "email"):
        if name in given:
            new[name] = _blank_is_none(given[name])
    if "email" in new:
        _check_email(new["email"])
    if "language" in given:
        new["language"] = _check_language(_blank_is_none(given["language"]))
    if "supervisor_id" in given:
        _check_supervisor(session, person, given["supervisor_id"])
        new["supervisor_id"] = given["supervisor_id"]
    _apply_fields(session, person, new, actor=actor, person_id=person.id)
    return person


def _apply_fields(
    session: Session,
    record: Any,
    new: dict[str, Any],
    *,
    actor: str,
    meeting_id: int | None = None,
    person_id: int | None = None,
) -> None:
    """Set the fields of ``new`` that differ on ``record``, one history event each."""
    for name, value in new.items():
        old = getattr(record, name)
        if value != old:
            record_event(
                session,
                kind=EventKind.EDITED,
                actor=actor,
                field=name,
                old=old,
                new=value,
                meeting_id=meeting_id,
                person_id=person_id,
            )
            setattr(record, name, value)
    session.flush()


def add_meeting(
    session: Session,
    *,
    title: str,
    date: date,
    actor: str,
    kind: str = MeetingKind.OPERATIONAL.value,
    place: str | None = None,
    chair_id: int | None = None,
    protocol_no: str | None = None,
    notes: str | None = None,
    source_text: str | None = None,
) -> Meeting:
    """Add a meeting, visit or call."""
    _require_text(title, _("The meeting's title"))
    _check_choice(kind, MeetingKind, _("The meeting kind"))
    _person_exists(session, chair_id)
    meeting = Meeting(
        title=title,
        date=date,
        kind=kind,
        place=place,
        chair_id=chair_id,
        protocol_no=protocol_no,
        notes=notes,
        source_text=source_text,
        created_at=clock.now(),
    )
    session.add(meeting)
    session.flush()
    record_event(
        session, kind=EventKind.CREATED, actor=actor, meeting_id=meeting.id, new=meeting.title
    )
    return meeting


class MeetingUpdate(SQLModel):
    """The fields of a meeting to change, resolved: only the fields *set* are changed."""

    title: str | None = None
    date: dt.date | None = None
    """The day it was held (``dt``: the field's name hides the type in the class body)."""
    kind: str | None = None
    place: str | None = None
    chair_id: int | None = None
    protocol_no: str | None = None
    notes: str | None = None


def edit_meeting(
    session: Session, *, meeting_id: int, changes: MeetingUpdate, actor: str
) -> Meeting:
    """Change the fields set in ``changes``; one history event per field that really changed.

    A new date moves no deadline: the assignments' deadlines were set (and maybe told to the
    owners) from the old one, and stay as they are.
    """
    meeting = get_meeting(session, meeting_id)
    given = changes.model_dump(exclude_unset=True)
    new: dict[str, Any] = {}
    if "title" in given:
        new["title"] = _require_text(given["title"], _("The meeting's title")).strip()
    if "date" in given:
        if given["date"] is None:
            raise InvalidInput(_("A meeting must have a date."))
        new["date"] = given["date"]
    if "kind" in given:
        new["kind"] = _check_choice(given["kind"] or "", MeetingKind, _("The meeting kind"))
    for name in ("place", "protocol_no", "notes"):
        if name in given:
            new[name] = _blank_is_none(given[name])
    if "chair_id" in given:
        _person_exists(session, given["chair_id"])
        new["chair_id"] = given["chair_id"]
    _apply_fields(session, meeting, new, actor=actor, meeting_id=meeting.id)
    return meeting


def get_assignment(session: Session, assignment_id: int) -> Assignment:
    """The assignment with this id, or :class:`NotFound`."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(_("No assignment with id {id}.").format(id=assignment_id))
    return assignment


def for_change(session: Session, assignment_id: int) -> Assignment:
    """The assignment read afresh with its row locked until the transaction ends.

    On PostgreSQL ``SELECT … FOR UPDATE``: a concurrent change waits here and then sees the
    other's commit, instead of failing the version check at its write. SQLite's
    ``BEGIN IMMEDIATE`` already holds the write lock (the clause is left out there).
    """
    # Re-read (populate_existing) must not drop what this transaction changed so far.
    session.flush()
    assignment = session.get(
        Assignment, assignment_id, with_for_update=True, populate_existing=True
    )
    if assignment is None:
        raise NotFound(_("No assignment with id {id}.").format(id=assignment_id))
    return assignment


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    """The meeting with this id, or :class:`NotFound`."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
    return meeting


def _check_version(assignment: Assignment, expected_version: int | None) -> None:
    if expected_version is not None and assignment.version != expected_version:
        raise StaleVersion(
            _(
                "Assignment {id} was changed by someone else meanwhile (version {stored}, "
                "you had {expected}); nothing was saved. Reload it and try again."
            ).format(id=assignment.id, stored=assignment.version, expected=expected_version)
        )


def check_version(assignment: Assignment, expected_version: int | None) -> None:
    """Refuse with :class:`StaleVersion` unless ``assignment`` is still at ``expected_version``."""
    _check_version(assignment, expected_version)


def touch(assignment: Assignment) -> None:
    """Mark ``assignment`` changed now (its version goes up when the session flushes)."""
    _touch(assignment)


def require_text(value: str | None, what: str) -> str:
    """``value`` unless it is empty, else the one-line refusal naming ``what``."""
    return _require_text(value, what)


def _touch(assignment: Assignment) -> None:
    # Every change, even one only to notes or co-executors, bumps the row's version.
    assignment.updated_at = clock.now()


def _check_number_free(
    session: Session, meeting_id: int | None, number: str | None, exclude_id: int | None = None
) -> None:
    if meeting_id is None or not number:
        return
    statement = select(Assignment.id).where(
        Assignment.meeting_id == meeting_id, Assignment.number == number
    )
    if exclude_id is not None:
        statement = statement.where(Assignment.id != exclude_id)
    if session.exec(statement).first() is not None:
        raise number_taken(meeting_id, number)


def number_taken(meeting_id: int, number: str) -> InvalidInput:
    """The error for an item number its meeting already has (one wording for every path)."""
    return InvalidInput(
        _("Meeting {meeting} already has an assignment number {number}.").format(
            meeting=meeting_id, number=number
        )
    )


def initial_deadline(meeting_date: date | None, *, mode: str = "calendar") -> date:
    """A new assignment's deadline when none is given: the rules of docs/product.md §1 from
    the meeting's date (today for a stand-alone one)."""
    from taskboard.domain import dates

    return dates.default_deadline(meeting_date or clock.today(), mode=mode)


def unique_co_executors(ids: Iterable[int], owner_id: int) -> list[int]:
    """The co-executors as stored: each once, in the order named, never the owner."""
    return _unique_ids(ids, exclude=owner_id)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """The tags as stored: stripped, each once, empty ones dropped."""
    return _clean_tags(tags)


def cancel_note(reason: str) -> str:
    """The progress note a cancellation leaves."""
    return _("Taken off control: {reason}").format(reason=reason)


def item_head(number: str | None) -> int | None:
    """The whole number an item number starts with («2» of «2.1»), None if it has none."""
    head = (number or "").split(".")[0].strip()
    return int(head) if head.isdigit() else None


def next_number(session: Session, meeting_id: int) -> str:
    """The next free protocol item number in a meeting: one past the highest whole number."""
    numbers = session.exec(select(Assignment.number).where(Assignment.meeting_id == meeting_id))
    heads = [h for number in numbers if (h := item_head(number)) is not None]
    return str(max(heads, default=0) + 1)


class ItemNumbers:
    """Next free item numbers handed out locally: an import of many items scans once a meeting."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._following: dict[int, int] = {}

    def _ensure(self, meeting_id: int) -> None:
        if meeting_id not in self._following:
            self._following[meeting_id] = int(next_number(self.session, meeting_id))

    def take(self, meeting_id: int) -> str:
        """The next free number in ``meeting_id`` (and count it as used)."""
        self._ensure(meeting_id)
        number = self._following[meeting_id]
        self._following[meeting_id] = number + 1
        return str(number)

    def saw(self, meeting_id: int, number: str) -> None:
        """``number`` is used in ``meeting_id``: later ones come after it."""
        self._ensure(meeting_id)
        head = item_head(number)
        if head is not None:
            self._following[meeting_id] = max(self._following[meeting_id], head + 1)


def _unique_ids(ids: Iterable[int], exclude: int | None = None) -> list[int]:
    seen: list[int] = []
    for person_id in ids:
        if person_id != exclude and person_id not in seen:
            seen.append(person_id)
    return seen


def _clean_tags(tags: Iterable[str]) -> list[str]:
    result: list[str] = []
    for tag in tags:
        cleaned = tag.strip()
        if cleaned and cleaned not in result:
            result.append(cleaned)
    return result


def add_assignment(
    session: Session,
    *,
    text: str,
    owner_id: int,
    actor: str,
    due: date | None = None,
    meeting_id: int | None = None,
    number: str | None = None,
    co_executor_ids: Sequence[int] = (),
    controller_id: int | None = None,
    author_id: int | None = None,
    tags: Sequence[str] = (),
    priority: str = Priority.NORMAL.value,
    recurrence: str | None = None,
    deadline_mode: str = "calendar",
    parent_id: int | None = None,
    standing: bool = False,
    control_level: str | None = None,
) -> Assignment:
    """Record a new assignment; without ``due`` the deadline rules of docs/product.md §1 apply.

    ``standing`` records it without a deadline («постоянно»): on control until closed.
    ``control_level``: a level's key, as :func:`taskboard.domain.control.parse_level` gives it.
    """
    _require_text(text, _("The assignment's text"))
    _check_choice(priority, Priority, _("The priority"))
    for person_id in (owner_id, controller_id, author_id, *co_executor_ids):
        _person_exists(session, person_id)
    meeting = get_meeting(session, meeting_id) if meeting_id is not None else None
    if recurrence:
        from taskboard.domain.recurrence import validate_rule

        validate_rule(recurrence)
    if number is not None:
        number = number.strip() or None
    if meeting is not None and number is None:
        number = next_number(session, meeting.id)  # type: ignore[arg-type]
    _check_number_free(session, meeting_id, number)
    if standing:
        due = None
    elif due is None:
        due = initial_deadline(meeting.date if meeting is not None else None, mode=deadline_mode)
    if author_id is None and meeting is not None:
        author_id = meeting.chair_id
    now = clock.now()
    assignment = Assignment(
        meeting_id=meeting_id,
        number=number,
        text=text,
        search_text=assignment_search_text(number, text),
        author_id=author_id,
        owner_id=owner_id,
        controller_id=controller_id,
        due=due,
        original_due=due,
        status=Status.OPEN.value,
        priority=priority,
        recurrence=recurrence or None,
        parent_id=parent_id,
        created_at=now,
        updated_at=now,
        control_level=(control_level or "").strip() or None,
    )
    session.add(assignment)
    session.flush()
    assert assignment.id is not None
    for position, person_id in enumerate(_unique_ids(co_executor_ids, exclude=owner_id)):
        session.add(CoExecutor(assignment_id=assignment.id, person_id=person_id, position=position))
    for tag in _clean_tags(tags):
        session.add(Tag(assignment_id=assignment.id, tag=tag))
    record_event(
        session,
        kind=EventKind.CREATED,
        actor=actor,
        assignment_id=assignment.id,
        meeting_id=meeting_id,
        new=text,
    )
    session.flush()
    return assignment


def co_executors_of(session: Session, assignment_id: int) -> list[int]:
    """The co-executors' person ids, in the order they were named."""
    return list(
        session.exec(
            select(CoExecutor.person_id)
            .where(CoExecutor.assignment_id == assignment_id)
            .order_by(col(CoExecutor.position))
        )
    )


def tags_of(session: Session, assignment_id: int) -> list[str]:
    """The assignment's tags."""
    return list(
        session.exec(select(Tag.tag).where(Tag.assignment_id == assignment_id).order_by(Tag.tag))
    )


class AssignmentUpdate(SQLModel):
    """The fields of an assignment to change, resolved: only the fields *set* are changed.

    Built with the fields given (``AssignmentUpdate(due=d)``); ``model_dump(exclude_unset=True)``
    tells "not given" from "cleared" (``controller_id=None`` removes the controller).
    """

    text: str | None = None
    owner_id: int | None = None
    due: date | None = None
    co_executor_ids: list[int] | None = None
    controller_id: int | None = None
    tags: list[str] | None = None
    priority: str | None = None
    number: str | None = None
    meeting_id: int | None = None
    recurrence: str | None = None
    control_level: str | None = None
    """A control level's key (:func:`taskboard.domain.control.parse_level`); None clears it."""
    reason: str | None = None
    """Why the deadline changes: required when ``due`` changes it (a deadline correction)."""


def correction_needs_reason() -> str:
    """Why a new deadline given through an edit without a reason is refused (one wording for
    the command line, the form and the services)."""
    return _(
        "A change of the deadline needs a reason: it is recorded as a deadline correction and "
        "counted in reports. To move a deadline later, extend it: that is the normal way."
    )


def edit_assignment(
    session: Session,
    *,
    assignment_id: int,
    changes: AssignmentUpdate,
    actor: str,
    expected_version: int | None = None,
    kind: EventKind = EventKind.EDITED,
) -> Assignment:
    """Change the fields set in ``changes``; one history event per field that really changed
    (``kind`` ``undone`` when an undo puts the fields back), and the version up by one when
    anything did (nothing is written when nothing did: no event, the same version).

    A new deadline is a *deadline correction*, never a silent edit: ``changes.reason`` is
    required, and the event is ``corrected`` with the old date, the new one and the reason
    (reports count it apart from extensions). The original deadline is left as it was, so that
    a correction never hides how late an assignment is against the date first set.
    """
    given = changes.model_dump(exclude_unset=True)
    meeting_id, number = given.get("meeting_id"), given.get("number")
    owner_id, controller_id = given.get("owner_id"), given.get("controller_id")
    due, priority, recurrence = given.get("due"), given.get("priority"), given.get("recurrence")
    co_executor_ids, tags = given.get("co_executor_ids") or [], given.get("tags") or []
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    changed = False

    def change(field: str, old: Any, new: Any) -> None:
        nonlocal changed
        changed = True
        record_event(
            session,
            kind=kind,
            actor=actor,
            assignment_id=assignment_id,
            field=field,
            old=old,
            new=new,
        )

    # One saved change, one version: the queries below (co-executors, tags, a free number)
    # must not flush the fields changed so far, or each flush would bump the version again.
    with session.no_autoflush:
        text = given.get("text")
        if "text" in given and text != assignment.text:
            checked_text = _require_text(text, _("The assignment's text"))
            change("text", assignment.text, checked_text)
            assignment.text = checked_text
        if "meeting_id" in given and meeting_id != assignment.meeting_id:
            if meeting_id is not None:
                get_meeting(session, meeting_id)
            change("meeting_id", assignment.meeting_id, meeting_id)
            assignment.meeting_id = meeting_id
        if "number" in given:
            number = (number or "").strip() or None
            if number != assignment.number:
                change("number", assignment.number, number)
                assignment.number = number
        if "number" in given or "meeting_id" in given:
            _check_number_free(session, assignment.meeting_id, assignment.number, assignment.id)
        assignment.search_text = assignment_search_text(assignment.number, assignment.text)
        if "owner_id" in given and owner_id != assignment.owner_id:
            if owner_id is None:
                raise InvalidInput(_("An assignment must have an owner."))
            _person_exists(session, owner_id)
            change("owner_id", assignment.owner_id, owner_id)
            assignment.owner_id = owner_id
        if "controller_id" in given and controller_id != assignment.controller_id:
            _person_exists(session, controller_id)
            change("controller_id", assignment.controller_id, controller_id)
            assignment.controller_id = controller_id
        level = (given.get("control_level") or "").strip() or None
        if "control_level" in given and level != assignment.control_level:
            change("control_level", assignment.control_level, level)
            assignment.control_level = level
        if "due" in given and due != assignment.due:
            # None makes it a standing assignment («постоянно»); intake asks for it in words.
            if kind == EventKind.EDITED:
                reason = (given.get("reason") or "").strip()
                if not reason:
                    raise InvalidInput(correction_needs_reason())
                changed = True
                record_event(
                    session,
                    kind=EventKind.CORRECTED,
                    actor=actor,
                    assignment_id=assignment_id,
                    field="due",
                    old=assignment.due,
                    new=due,
                    reason=reason,
                )
            else:
                change("due", assignment.due, due)  # an undo of an edit from before schema 0004
            assignment.due = due
        if "priority" in given and priority != assignment.priority:
            checked = _check_choice(priority or "", Priority, _("The priority"))
            change("priority", assignment.priority, checked)
            assignment.priority = checked
        if "recurrence" in given and (recurrence or None) != assignment.recurrence:
            if recurrence:
                from taskboard.domain.recurrence import validate_rule

                validate_rule(recurrence)
            change("recurrence", assignment.recurrence, recurrence or None)
            assignment.recurrence = recurrence or None
        if "co_executor_ids" in given:
            old_ids = co_executors_of(session, assignment_id)
            new_ids = _unique_ids(co_executor_ids, exclude=assignment.owner_id)
            for person_id in new_ids:
                _person_exists(session, person_id)
            if new_ids != old_ids:
                change("co_executors", old_ids, new_ids)
                kept = part_dues(session, assignment_id)
                for person_id, part_due in kept.items():
                    if person_id not in new_ids and part_due is not None:
                        # A co-executor who leaves takes their sub-deadline along; the event
                        # lets an undo of this edit give it back.
                        record_event(
                            session,
                            kind=kind,
                            actor=actor,
                            assignment_id=assignment_id,
                            person_id=person_id,
                            field=PART_DUE_FIELD,
                            old=part_due,
                            new=None,
                        )
                session.exec(
                    delete(CoExecutor).where(col(CoExecutor.assignment_id) == assignment_id)
                )
                for position, person_id in enumerate(new_ids):
                    session.add(
                        CoExecutor(
                            assignment_id=assignment_id,
                            person_id=person_id,
                            position=position,
                            due=kept.get(person_id),
                        )
                    )
        if "tags" in given:
            old_tags = tags_of(session, assignment_id)
            new_tags = sorted(_clean_tags(tags))
            if new_tags != sorted(old_tags):  # the database's collation may order otherwise
                change("tags", old_tags, new_tags)
                session.exec(delete(Tag).where(col(Tag.assignment_id) == assignment_id))
                for tag in new_tags:
                    session.add(Tag(assignment_id=assignment_id, tag=tag))
    if changed:
        if "due" in given:
            clamp_parts(session, assignment, actor=actor, kind=kind)
        _touch(assignment)
        session.flush()
    return assignment


PART_DUE_FIELD = "part_due"
"""The ``field`` of a history event that changes a co-executor's sub-deadline (its
``person_id`` names the co-executor; see :mod:`taskboard.domain.parts`)."""


def part_dues(session: Session, assignment_id: int) -> dict[int, date | None]:
    """Each co-executor's sub-deadline (None: the assignment's deadline holds), in order."""
    rows = session.exec(
        select(CoExecutor)
        .where(CoExecutor.assignment_id == assignment_id)
        .order_by(col(CoExecutor.position))
    )
    return {row.person_id: row.due for row in rows}


def clamp_parts(
    session: Session, assignment: Assignment, *, actor: str, kind: EventKind = EventKind.EDITED
) -> None:
    """Bring every sub-deadline after the assignment's (new) deadline back to it, each with an
    event of its own: the owner's deadline moved earlier never leaves a part due after it."""
    if assignment.due is None:
        return
    # No autoflush: flushing the assignment's pending change here would bump its version a
    # second time in this one change (its caller touches and flushes it).
    with session.no_autoflush:
        later = session.exec(
            select(CoExecutor).where(
                CoExecutor.assignment_id == assignment.id,
                col(CoExecutor.due).is_not(None),
                col(CoExecutor.due) > assignment.due,
            )
        ).all()
    for part in sorted(later, key=lambda p: p.position):
        record_event(
            session,
            kind=kind,
            actor=actor,
            assignment_id=assignment.id,
            person_id=part.person_id,
            field=PART_DUE_FIELD,
            old=part.due,
            new=assignment.due,
        )
        part.due = assignment.due
        session.add(part)


def _set_status(
    session: Session,
    assignment: Assignment,
    new: Status,
    *,
    actor: str,
    allowed_from: Sequence[Status],
    refusal: str,
    kind: EventKind = EventKind.STATUS,
    reason: str | None = None,
) -> None:
    current = Status(assignment.status)
    if current not in allowed_from:
        raise InvalidTransition(refusal.format(id=assignment.id, status=status_label(current)))
    record_event(
        session,
        kind=kind,
        actor=actor,
        assignment_id=assignment.id,
        field="status",
        old=current.value,
        new=new.value,
        reason=reason,
    )
    assignment.status = new.value
    assignment.closed_on = clock.today() if new.closed else None
    _touch(assignment)
    if new.closed:
        _answer_pending_request(session, assignment, new, actor=actor)


def _answer_pending_request(
    session: Session, assignment: Assignment, status: Status, *, actor: str
) -> None:
    """A request to move the deadline of what is now closed is answered, not left pending:
    refused, saying why (``undo`` of the close makes it pending again)."""
    from taskboard.domain import requests

    assert assignment.id is not None
    if requests.pending_request(session, assignment.id) is None:
        return
    session.flush()
    requests.refuse(
        session,
        assignment_id=assignment.id,
        actor=actor,
        reason=_("the assignment was closed ({status})").format(status=status_label(status)),
    )


def _transition(
    session: Session,
    *,
    assignment_id: int,
    actor: str,
    expected_version: int | None,
    new: Status,
    allowed_from: Sequence[Status],
    refusal: str,
) -> Assignment:
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    _set_status(session, assignment, new, actor=actor, allowed_from=allowed_from, refusal=refusal)
    session.flush()
    return assignment


def start(
    session: Session, *, assignment_id: int, actor: str, expected_version: int | None = None
) -> Assignment:
    """Take an open assignment into work (open → in progress)."""
    return _transition(
        session,
        assignment_id=assignment_id,
        actor=actor,
        expected_version=expected_version,
        new=Status.IN_PROGRESS,
        allowed_from=(Status.OPEN,),
        refusal=_("Assignment {id} is {status}; only an open one can be started."),
    )


def _new_note(session: Session, *, assignment_id: int, text: str, actor: str) -> Note:
    note = Note(assignment_id=assignment_id, created_at=clock.now(), actor=actor, text=text)
    session.add(note)
    return note


def add_note(
    session: Session,
    *,
    assignment_id: int,
    text: str,
    actor: str,
    expected_version: int | None = None,
) -> Note:
    """Add a dated progress note (ход исполнения)."""
    _require_text(text, _("The note"))
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    note = _new_note(session, assignment_id=assignment_id, text=text, actor=actor)
    record_event(session, kind=EventKind.NOTE, actor=actor, assignment_id=assignment_id, new=text)
    _touch(assignment)
    session.flush()
    return note


def _closing_note(session: Session, assignment_id: int, note: str | None, actor: str) -> None:
    """A closing note (``done``, ``accept``), when one is given: the note and its event."""
    if note is not None and note.strip():
        _new_note(session, assignment_id=assignment_id, text=note, actor=actor)
        record_event(
            session, kind=EventKind.NOTE, actor=actor, assignment_id=assignment_id, new=note
        )


def done(
    session: Session,
    *,
    assignment_id: int,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Mark done (with an optional closing note); a recurring one spawns its next occurrence.

    The direct path, from any status on control (a report under review included): the done
    date is today. :func:`accept` closes one under review with its report's date instead.
    """
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    _closing_note(session, assignment_id, note, actor)
    _set_status(
        session,
        assignment,
        Status.DONE,
        actor=actor,
        allowed_from=OPEN_STATUSES,
        refusal=_("Assignment {id} is already {status}."),
    )
    session.flush()
    if assignment.recurrence:
        _spawn_next(session, assignment, actor=actor)
    return assignment


def _spawn_next(session: Session, assignment: Assignment, *, actor: str) -> Assignment | None:
    from taskboard.domain import dates
    from taskboard.domain.recurrence import next_occurrence

    assert assignment.id is not None
    if assignment.due is None:
        return None  # a standing assignment has no dates to repeat
    already = session.exec(select(Assignment.id).where(Assignment.parent_id == assignment.id))
    if already.first() is not None:
        return None  # done → reopen → done must not create a second copy
    # The finished occurrence's deadline may itself have been moved back from the rule's
    # date (the 5th a Saturday → the 4th): step until the shifted date is really later.
    cursor, due = assignment.due, None
    for _step in range(24):
        following = next_occurrence(assignment.recurrence or "", after=cursor)
        if following is None:
            return None
        candidate = dates.previous_working_day(following)
        if candidate > assignment.due:
            due = candidate
            break
        cursor = following
    if due is None:
        return None
    number = None
    if assignment.meeting_id is not None:
        number = next_number(session, assignment.meeting_id)
    return add_assignment(
        session,
        text=assignment.text,
        owner_id=assignment.owner_id,
        actor=actor,
        due=due,
        meeting_id=assignment.meeting_id,
        number=number,
        co_executor_ids=co_executors_of(session, assignment.id),
        controller_id=assignment.controller_id,
        author_id=assignment.author_id,
        tags=tags_of(session, assignment.id),
        priority=assignment.priority,
        recurrence=assignment.recurrence,
        parent_id=assignment.id,
    )


def reopen(
    session: Session, *, assignment_id: int, actor: str, expected_version: int | None = None
) -> Assignment:
    """Bring a done or cancelled assignment back to open."""
    return _transition(
        session,
        assignment_id=assignment_id,
        actor=actor,
        expected_version=expected_version,
        new=Status.OPEN,
        allowed_from=(Status.DONE, Status.CANCELLED),
        refusal=_("Assignment {id} is {status}; only a done or cancelled one can be reopened."),
    )


def restore_status(session: Session, *, assignment_id: int, status: Status, actor: str) -> None:
    """Put an assignment back to ``status`` whatever the workflow allows (undo's way back;
    the event is ``undone``)."""
    assignment = for_change(session, assignment_id)
    _set_status(
        session,
        assignment,
        status,
        actor=actor,
        allowed_from=(Status(assignment.status),),
        refusal="",
        kind=EventKind.UNDONE,
    )
    session.flush()


def cancel(
    session: Session,
    *,
    assignment_id: int,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> Assignment:
    """Take an assignment off control (снять с контроля), with a mandatory reason."""
    _require_text(reason, _("The reason"))
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    _new_note(
        session,
        assignment_id=assignment_id,
        text=cancel_note(reason),
        actor=actor,
    )
    _set_status(
        session,
        assignment,
        Status.CANCELLED,
        actor=actor,
        allowed_from=OPEN_STATUSES,
        refusal=_("Assignment {id} is already {status}."),
    )
    record_event(
        session,
        kind=EventKind.NOTE,
        actor=actor,
        assignment_id=assignment_id,
        field="reason",
        new=reason,
    )
    session.flush()
    return assignment


def take_back_extension(
    session: Session, *, assignment_id: int, extended_to: date, restored: date, actor: str
) -> None:
    """Undo an extension: the deadline back to ``restored``, the extension record removed.

    The history keeps both: the extension's own event, and an ``undone`` one with the date it
    went to and its reason (the record is the register's count of extensions, which an
    extension taken back must leave).
    """
    assignment = for_change(session, assignment_id)
    extension = session.exec(
        select(Extension)
        .where(Extension.assignment_id == assignment_id, Extension.new_due == extended_to)
        .order_by(col(Extension.id).desc())
    ).first()
    record_event(
        session,
        kind=EventKind.UNDONE,
        actor=actor,
        assignment_id=assignment_id,
        field="extension",
        old=json.dumps(
            {"due": _value(assignment.due), "reason": extension.reason if extension else ""},
            ensure_ascii=False,
        ),
        new=restored,
    )
    assignment.due = restored
    if extension is not None:
        session.delete(extension)
    clamp_parts(session, assignment, actor=actor, kind=EventKind.UNDONE)
    _touch(assignment)
    session.flush()


def take_back_correction(
    session: Session, *, assignment_id: int, corrected: Event, actor: str
) -> None:
    """Undo a deadline correction: the deadline back to the one before ``corrected``.

    The ``corrected`` event stays (the history is append-only); the ``undone`` event keeps the
    date the correction went to, its reason and the id of the event it takes back, so that
    reports leave a correction taken back out of their count.
    """
    assignment = for_change(session, assignment_id)
    restored = date.fromisoformat(corrected.old_value) if corrected.old_value else None
    record_event(
        session,
        kind=EventKind.UNDONE,
        actor=actor,
        assignment_id=assignment_id,
        field="correction",
        old=json.dumps(
            {
                "due": _value(assignment.due),
                "reason": corrected.reason or "",
                "event": corrected.id,
            },
            ensure_ascii=False,
        ),
        new=restored,
    )
    assignment.due = restored
    clamp_parts(session, assignment, actor=actor, kind=EventKind.UNDONE)
    _touch(assignment)
    session.flush()


def check_extension(current: date, new_due: date) -> None:
    """An extension moves the deadline later: refuse ``new_due`` unless it is after ``current``."""
    if new_due <= current:
        raise InvalidInput(
            _(
                "The new deadline {new} must be after the current one {old}; "
                "to correct a wrong date use edit --due with a --reason."
            ).format(new=format_date(new_due), old=format_date(current))
        )


def extend(
    session: Session,
    *,
    assignment_id: int,
    new_due: date,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> Extension:
    """Move the deadline later (перенос срока): the reason is mandatory, the original is kept."""
    _require_text(reason, _("The reason"))
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    if Status(assignment.status).closed:
        raise InvalidTransition(
            _("Assignment {id} is {status}; reopen it before extending.").format(
                id=assignment.id, status=status_label(assignment.status)
            )
        )
    _check_extendable(assignment, new_due)
    return _extend(session, assignment, new_due=new_due, reason=reason, actor=actor)


def check_extendable(assignment: Assignment, new_due: date) -> None:
    """Refuse a new deadline ``assignment`` cannot take: a standing one, or no later a date."""
    _check_extendable(assignment, new_due)


def _check_extendable(assignment: Assignment, new_due: date) -> None:
    """Refuse moving a standing assignment's deadline, or moving one to no later a date."""
    if assignment.due is None:
        raise InvalidTransition(
            _(
                "Assignment {id} is a standing one (постоянно): it has no deadline to move; "
                "give it one with edit --due and a --reason."
            ).format(id=assignment.id)
        )
    check_extension(assignment.due, new_due)


def _extend(
    session: Session, assignment: Assignment, *, new_due: date, reason: str, actor: str
) -> Extension:
    """Write an extension already checked: its record, its event, the new deadline."""
    assert assignment.id is not None and assignment.due is not None
    assignment_id = assignment.id
    extension = Extension(
        assignment_id=assignment_id,
        created_at=clock.now(),
        actor=actor,
        old_due=assignment.due,
        new_due=new_due,
        reason=reason,
    )
    session.add(extension)
    record_event(
        session,
        kind=EventKind.EXTENDED,
        actor=actor,
        assignment_id=assignment_id,
        field="due",
        old=assignment.due,
        new=new_due,
    )
    assignment.due = new_due
    _touch(assignment)
    session.flush()
    return extension


def _shown_status(assignment: Assignment) -> str:
    return status_label(assignment.status)


def submit(
    session: Session,
    *,
    assignment_id: int,
    text: str,
    actor: str,
    reported_on: date | None = None,
    document: str | None = None,
    expected_version: int | None = None,
) -> Report:
    """The owner's report on execution comes in: recorded, and the assignment under review.

    ``reported_on``: the report's own date (today when not given; never a day to come) — the
    done date when it is accepted. ``document``: a reference to the document or file holding
    it. Refused on a closed assignment and on one already under review.
    """
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    if assignment.status == Status.REVIEW.value:
        raise InvalidTransition(
            _(
                "Assignment {id} is already under review: accept its report or return it "
                "for rework first."
            ).format(id=assignment.id)
        )
    report = record_report(
        session, assignment, text=text, actor=actor, reported_on=reported_on, document=document
    )
    _set_status(
        session,
        assignment,
        Status.REVIEW,
        actor=actor,
        allowed_from=(Status.OPEN, Status.IN_PROGRESS, Status.REWORK),
        refusal="",
    )
    session.flush()
    return report


def record_report(
    session: Session,
    assignment: Assignment,
    *,
    text: str,
    actor: str,
    reported_on: date | None = None,
    document: str | None = None,
    person_id: int | None = None,
) -> Report:
    """A report on ``assignment`` recorded with its ``reported`` event; the status untouched.

    The one place a report is taken, for the owner's (:func:`submit`) and a co-executor's
    (``person_id``, :func:`taskboard.domain.parts.submit_part`): refused on a closed
    assignment, on empty text and on a day to come.
    """
    assert assignment.id is not None
    if Status(assignment.status).closed:
        raise InvalidTransition(
            _(
                "Assignment {id} is {status}: a report is not taken on a closed assignment "
                "(reopen it first)."
            ).format(id=assignment.id, status=_shown_status(assignment))
        )
    _require_text(text, _("The report"))
    day = check_report_day(reported_on)
    report = Report(
        assignment_id=assignment.id,
        created_at=clock.now(),
        actor=actor,
        text=text,
        reported_on=day,
        document=(document or "").strip() or None,
        person_id=person_id,
    )
    session.add(report)
    record_event(
        session,
        kind=EventKind.REPORTED,
        actor=actor,
        assignment_id=assignment.id,
        person_id=person_id,
        new=text,
    )
    return report


def check_report_day(reported_on: date | None) -> date:
    """A report's date: today when not given; a day to come is refused."""
    today = clock.today()
    day = reported_on or today
    if day > today:
        raise InvalidInput(
            _("The report's date {date} is after today; a report is dated when it is made.").format(
                date=format_date(day)
            )
        )
    return day


def _check_under_review(assignment: Assignment, what: str) -> None:
    if assignment.status != Status.REVIEW.value:
        raise InvalidTransition(what.format(id=assignment.id, status=_shown_status(assignment)))


def latest_report(session: Session, assignment_id: int) -> Report | None:
    """The assignment's last owner's report (the one under review while it is), or None;
    co-executors' reports on their parts are never it."""
    return session.exec(
        select(Report)
        .where(Report.assignment_id == assignment_id, col(Report.person_id).is_(None))
        .order_by(col(Report.id).desc())
    ).first()


def accept(
    session: Session,
    *,
    assignment_id: int,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Accept the report under review: the assignment is done (снято с контроля как
    исполненное) as of the report's date, so on-time is judged by when the work was reported.

    ``note``: the controller's closing note. Refused unless the assignment is under review; a
    recurring one spawns its next occurrence, as with :func:`done`.
    """
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    _check_under_review(
        assignment,
        _(
            "Assignment {id} is {status}; only one under review can be accepted "
            "(the owner's report comes in with submit)."
        ),
    )
    _closing_note(session, assignment_id, note, actor)
    _set_status(
        session,
        assignment,
        Status.DONE,
        actor=actor,
        allowed_from=(Status.REVIEW,),
        refusal="",
    )
    report = latest_report(session, assignment_id)
    if report is not None:
        assignment.closed_on = report.reported_on
    session.flush()
    if assignment.recurrence:
        _spawn_next(session, assignment, actor=actor)
    return assignment


def accept_in_part(
    session: Session,
    *,
    assignment_id: int,
    part: str,
    rest_due: date,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Accept the report under review in part («в части …»): the assignment is done as with
    :func:`accept`, and the rest stays on control as a new assignment linked to it
    (``parent_id``), with the same text, people, tags and meeting and its own deadline
    ``rest_due``. Returns that new assignment.

    ``part``: what is accepted (mandatory), recorded on the accepted one. Refused, with
    nothing written, unless the assignment is under review.
    """
    _require_text(part, _("The accepted part"))
    accepted = accept(
        session,
        assignment_id=assignment_id,
        actor=actor,
        note=note,
        expected_version=expected_version,
    )
    rest = add_assignment(
        session,
        text=accepted.text,
        owner_id=accepted.owner_id,
        actor=actor,
        due=rest_due,
        meeting_id=accepted.meeting_id,
        co_executor_ids=co_executors_of(session, assignment_id),
        controller_id=accepted.controller_id,
        author_id=accepted.author_id,
        tags=tags_of(session, assignment_id),
        priority=accepted.priority,
        parent_id=assignment_id,
    )
    assert rest.id is not None
    _new_note(
        session,
        assignment_id=assignment_id,
        text=_("Accepted in part: {part}; the rest stays on control as assignment {id}.").format(
            part=part, id=rest.id
        ),
        actor=actor,
    )
    record_event(
        session,
        kind=EventKind.NOTE,
        actor=actor,
        assignment_id=assignment_id,
        field="partial",
        new=part,
    )
    _new_note(
        session,
        assignment_id=rest.id,
        text=_("The rest of assignment {id}, accepted in part: {part}").format(
            id=assignment_id, part=part
        ),
        actor=actor,
    )
    session.flush()
    return rest


def return_for_rework(
    session: Session,
    *,
    assignment_id: int,
    comment: str,
    actor: str,
    new_due: date | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Return the report under review for rework (на доработку) with the controller's comment.

    The comment is mandatory and is the status event's reason. ``new_due``: a new deadline,
    recorded as an extension with the comment as its reason (later than the current one, as
    every extension). Refused unless the assignment is under review.
    """
    assignment = for_change(session, assignment_id)
    _check_version(assignment, expected_version)
    _check_under_review(
        assignment,
        _("Assignment {id} is {status}; only one under review can be returned for rework."),
    )
    _require_text(comment, _("The comment"))
    if new_due is not None:
        _check_extendable(assignment, new_due)
    _set_status(
        session,
        assignment,
        Status.REWORK,
        actor=actor,
        allowed_from=(Status.REVIEW,),
        refusal="",
        reason=comment,
    )
    if new_due is not None:
        _extend(session, assignment, new_due=new_due, reason=comment, actor=actor)
    session.flush()
    return assignment


def take_back_report(session: Session, *, assignment_id: int, actor: str) -> None:
    """Undo a report: its record removed (the history keeps its text in an ``undone`` event).

    The status goes back separately (:func:`restore_status`), as after any status change.
    """
    assignment = for_change(session, assignment_id)
    report = latest_report(session, assignment_id)
    record_event(
        session,
        kind=EventKind.UNDONE,
        actor=actor,
        assignment_id=assignment_id,
        field="report",
        old=report.text if report is not None else None,
    )
    if report is not None:
        session.delete(report)
    _touch(assignment)
    session.flush()
