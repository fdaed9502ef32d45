"""The bulk path of a table import: rows checked by the intake, then written as plain rows.

A spreadsheet of 100,000 rows through ``add`` one by one took ten minutes (issue 12): every
row flushed the ORM five times. Here every row is still resolved and checked by
:class:`taskboard.domain.intake.Intake` (people, dates, priorities: the domain's rules), and
the rows are then written at once: assignments, co-executors, tags, the notes a cancellation
leaves, and the history events ``add``, ``start``, ``done`` and ``cancel`` would have written
(the same kinds, fields and values), sealed into the history chain with
:class:`taskboard.domain.audit.Sealer`. On SQLite the rows go straight to the driver's
``executemany`` (:class:`_Sink`); docs/development.md («The bulk import») has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, String, Table, func, insert, select

from taskboard.domain import audit, clock, services
from taskboard.domain.intake import AssignmentInput, Intake, IntakeProblems, NewAssignment
from taskboard.domain.models import (
    ASSIGNMENT_TABLE,
    CHAIN_FIELDS,
    CO_EXECUTOR_TABLE,
    EVENT_TABLE,
    MEETING_TABLE,
    TAG_TABLE,
    EventKind,
    Note,
    Status,
    chain_moment,
    table_of,
)
from taskboard.domain.search import assignment_search_text
from taskboard.errors import TaskboardError
from taskboard.i18n import domain
from taskboard.importers.drafts import Draft, ImportProblems, Planned, parse_status
from taskboard.presentation import status_label
from taskboard.progress import OnProgress, Ticker
from taskboard.storage.direct import refuse_nul

if TYPE_CHECKING:
    from sqlmodel import Session

    from taskboard.domain.control import ControlSettings

_, ngettext = domain("importers")

BATCH = 5_000
"""Rows per executemany: bounded memory for the statement's parameters."""

NOTE_TABLE = table_of(Note)


@dataclass(slots=True)
class _Row:
    draft: Draft
    new: NewAssignment
    status: Status
    due: Any


def _meeting_of(draft: Draft, meeting_id: int | None) -> tuple[int | None, str | None]:
    """The row's meeting id (``--meeting`` first), or the problem with what it says."""
    if meeting_id is not None or not draft.meeting.strip():
        return meeting_id, None
    raw = draft.meeting.strip()
    if raw.endswith(".0"):
        raw = raw[:-2]  # a spreadsheet's number cell
    if raw.isdigit():
        return int(raw), None
    return None, _("«{value}» is not a meeting id (a whole number)").format(value=draft.meeting)


def _taken_numbers(session: Session, meeting_ids: set[int]) -> set[tuple[int, str]]:
    """The item numbers the register's meetings ``meeting_ids`` already hold (one query)."""
    if not meeting_ids:
        return set()
    table = ASSIGNMENT_TABLE
    rows = session.connection().execute(
        select(table.c.meeting_id, table.c.number).where(
            table.c.meeting_id.in_(sorted(meeting_ids)), table.c.number.is_not(None)
        )
    )
    return {(m, n) for m, n in rows}


def check_rows(
    session: Session,
    drafts: list[Draft],
    *,
    today: date,
    deadline_mode: str,
    meeting_id: int | None,
    ticker: Ticker,
    control: ControlSettings | None = None,
) -> list[_Row]:
    """Resolve every draft with the intake, or raise :class:`ImportProblems` naming each row
    (``control``: the configured control levels, None: the built-in three)."""
    intake = Intake(session, today=today, deadline_mode=deadline_mode, control=control)
    problems: list[str] = []
    rows: list[_Row] = []
    statuses: dict[str, Status | str] = {}  # each distinct word read once: a status or why not
    first_deadlines: dict[date | None, date] = {}
    # Each row's input is a copy of one validated model with the row's own text put in: a
    # draft's fields already have the input's types (strings, lists of strings), and
    # validating them again took a tenth of the checking.
    blank = AssignmentInput(text="", owner="")
    for draft in drafts:
        ticker.add()
        row_problems: list[str] = []
        mid, problem = _meeting_of(draft, meeting_id)
        if problem is not None:
            row_problems.append(problem)
        status: Status | None = None
        read = statuses.get(draft.status)
        if read is None:
            try:
                read = statuses[draft.status] = parse_status(draft.status)
            except TaskboardError as exc:
                read = statuses[draft.status] = exc.message
        if isinstance(read, Status):
            status = read
        else:
            row_problems.append(read)
        data = blank.model_copy(
            update={
                "text": draft.text,
                "owner": draft.owner,
                "due": draft.due,
                "meeting_id": mid,
                "number": draft.number,
                "co_executors": draft.co_executors,
                "controller": draft.controller,
                "author": draft.author,
                "tags": draft.tags,
                "priority": draft.priority,
                "recurrence": draft.recurrence or None,
                "control_level": draft.control_level or None,
            }
        )
        try:
            new = intake.new_assignment(data, loose=draft.loose_names)
        except IntakeProblems as exc:
            row_problems.extend(p.message for p in exc.problems)
        if row_problems:
            problems.extend(f"{draft.where}: {message}" for message in row_problems)
            continue
        assert status is not None
        if new.standing:
            due = None
        elif new.due is None:
            meeting = intake.meeting(mid) if mid is not None else None
            held = meeting.date if meeting else None
            due = first_deadlines.get(held)
            if due is None:
                due = first_deadlines[held] = services.initial_deadline(held, mode=deadline_mode)
        else:
            due = new.due
        rows.append(_Row(draft, new, status, due))
    taken = _taken_numbers(session, {r.new.meeting_id for r in rows if r.new.meeting_id})
    for row in rows:
        key = (row.new.meeting_id, row.new.number)
        if key[0] is None or key[1] is None:
            continue
        if key in taken:
            problems.append(f"{row.draft.where}: {services.number_taken(key[0], key[1]).message}")
        taken.add((key[0], key[1]))
    if problems:
        raise ImportProblems(problems)
    return rows


ASSIGNMENT_COLUMNS = (
    "meeting_id",
    "number",
    "text",
    "search_text",
    "author_id",
    "owner_id",
    "controller_id",
    "due",
    "original_due",
    "status",
    "priority",
    "recurrence",
    "parent_id",
    "created_at",
    "updated_at",
    "closed_on",
    "version",
    "control_level",
)
"""The columns of an assignment row, in the order :func:`write_rows` builds its tuples."""
EVENT_COLUMNS = (*CHAIN_FIELDS, "chain_seq", "chain_hash")
"""An event row: the fields its hash covers (:class:`audit.Sealer`), then its seal."""
_AT = CHAIN_FIELDS.index("at")


def _holds_text(column: Column[Any]) -> bool:
    """Whether ``column`` stores text (a string type, or a type decorating one)."""
    kind = column.type
    return isinstance(getattr(kind, "impl", kind), String)


class _Sink:
    """Plain rows (tuples in a table's column order) into the tables of one transaction.

    On SQLite the rows go to the driver's ``executemany`` on the transaction's own connection,
    and the new assignments' ids are given out here (one past the largest, what SQLite itself
    would give a table without AUTOINCREMENT): SQLAlchemy's compiling, its per-row parameter
    dictionaries and ``RETURNING`` cost more than the inserting. Values are converted to what
    SQLAlchemy's column types would bind (:meth:`day`, :meth:`moment`), and a text holding
    NUL is refused as the engine's hook refuses it. Other backends take Core inserts.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.raw: Any = None
        if self.dialect.name == "sqlite":
            self.raw = connection.connection.driver_connection
        self._next_id: int | None = None
        self._days: dict[date, Any] = {}
        date_type = ASSIGNMENT_TABLE.c.due.type.dialect_impl(self.dialect)
        moment_type = ASSIGNMENT_TABLE.c.created_at.type.dialect_impl(self.dialect)
        self._bind_day = date_type.bind_processor(self.dialect) if self.raw else None
        self._bind_moment = moment_type.bind_processor(self.dialect) if self.raw else None

    def day(self, value: date | None) -> Any:
        """A date as this backend's column binds it."""
        if value is None or self._bind_day is None:
            return value
        bound = self._days.get(value)
        if bound is None:
            bound = self._days[value] = self._bind_day(value)
        return bound

    def moment(self, value: datetime) -> Any:
        """A timestamp as this backend's column binds it."""
        return value if self._bind_moment is None else self._bind_moment(value)

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (values in ``columns`` order) into ``table``."""
        if not rows:
            return
        if self.raw is None:
            self.connection.execute(
                insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
            )
            return
        texts = [_holds_text(table.c[name]) for name in columns]
        # The text columns, each joined in C (filter drops None): one look for NUL apiece.
        for is_text, column in zip(texts, zip(*rows, strict=True), strict=True):
            if is_text and "\x00" in "".join(filter(None, column)):
                refuse_nul(rows)
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        self.raw.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)

    def insert_assignments(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Insert assignment rows (:data:`ASSIGNMENT_COLUMNS`); their new ids, in order."""
        table = ASSIGNMENT_TABLE
        if self.raw is None:
            result = self.connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [dict(zip(ASSIGNMENT_COLUMNS, r, strict=True)) for r in rows],
            )
            return list(result.scalars().all())
        if self._next_id is None:
            # Inside the write transaction (BEGIN IMMEDIATE): no other writer can take one.
            largest = self.connection.execute(select(func.max(table.c.id))).scalar()
            self._next_id = (largest or 0) + 1
        first = self._next_id
        ids = list(range(first, first + len(rows)))
        self._next_id = first + len(rows)
        self.insert(
            table, ("id", *ASSIGNMENT_COLUMNS), [(i, *r) for i, r in zip(ids, rows, strict=True)]
        )
        return ids


def write_rows(
    session: Session, rows: list[_Row], *, actor: str, source: str, ticker: Ticker | None = None
) -> list[Planned]:
    """Insert the checked rows and their history in the caller's transaction (``ticker``
    counts the assignments written)."""
    connection = session.connection()
    sink = _Sink(connection)
    now = sink.moment(clock.now())
    # Sealed as `audit verify` reads the moment back, stored as the column binds it.
    moment = services.event_moment(session)
    at = chain_moment(moment)
    closed_on = sink.day(clock.today())
    chairs: dict[int, int | None] = {}
    meeting_ids = {r.new.meeting_id for r in rows if r.new.meeting_id is not None}
    if meeting_ids:
        found = connection.execute(
            select(MEETING_TABLE.c.id, MEETING_TABLE.c.chair_id).where(
                MEETING_TABLE.c.id.in_(sorted(meeting_ids))
            )
        )
        chairs = {mid: chair for mid, chair in found}
    reason = _("Imported with the status «{status}»").format(status=status_label(Status.CANCELLED))
    cancelled_note = services.cancel_note(reason)
    planned: list[Planned] = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        values = []
        for row in batch:
            new = row.new
            author = new.author_id
            if author is None and new.meeting_id is not None:
                author = chairs.get(new.meeting_id)
            due = sink.day(row.due)
            values.append(
                (
                    new.meeting_id,
                    new.number,
                    new.text,
                    assignment_search_text(new.number, new.text),
                    author,
                    new.owner_id,
                    new.controller_id,
                    due,
                    due,
                    row.status.value,
                    new.priority,
                    new.recurrence or None,
                    None,
                    now,
                    now,
                    closed_on if row.status.closed else None,
                    1 if row.status is Status.OPEN else 2,
                    new.control_level,
                )
            )
        ids = sink.insert_assignments(values)
        del values
        co_rows: list[tuple[int, int, int]] = []
        tag_rows: list[tuple[int, str]] = []
        note_rows: list[tuple[int, Any, str, str]] = []
        for row, new_id in zip(batch, ids, strict=True):
            new = row.new
            for position, person_id in enumerate(
                services.unique_co_executors(new.co_executor_ids, new.owner_id)
            ):
                co_rows.append((new_id, person_id, position))
            for tag in services.clean_tags(new.tags):
                tag_rows.append((new_id, tag))
            if row.status is Status.CANCELLED:
                note_rows.append((new_id, now, actor, cancelled_note))
            planned.append(
                Planned(
                    where=row.draft.where,
                    id=new_id,
                    number=new.number,
                    text=new.text,
                    owner=new.owner_name,
                    due=row.due,
                    meeting_id=new.meeting_id,
                    status=row.status.value,
                    co_executors=new.co_executor_names,
                    tags=new.tags,
                    recurrence=new.recurrence,
                    control_level=new.control_level,
                )
            )
        sink.insert(CO_EXECUTOR_TABLE, ("assignment_id", "person_id", "position"), co_rows)
        sink.insert(TAG_TABLE, ("assignment_id", "tag"), tag_rows)
        sink.insert(NOTE_TABLE, ("assignment_id", "created_at", "actor", "text"), note_rows)
        if ticker is not None:
            ticker.add(len(batch))
    # Last: the chain's head stays locked (PostgreSQL) only until the commit. The events are
    # made batch by batch from the rows again, not held for the whole file.
    sealer = audit.Sealer(connection)
    bound = sink.moment(moment)
    for start in range(0, len(rows), BATCH):
        events = _history(
            rows[start : start + BATCH], planned[start : start + BATCH], actor, source, at, reason
        )
        sealer.seal(events)
        for event in events:
            event[_AT] = bound
        sink.insert(EVENT_TABLE, EVENT_COLUMNS, events)
    sealer.finish()
    return planned


def _history(
    rows: list[_Row], planned: list[Planned], actor: str, source: str, at: Any, reason: str
) -> list[list[Any]]:
    """The events of ``rows`` (their ids in ``planned``): what `add`, the import's own event
    and the status change write, in their order; each a list of the :data:`CHAIN_FIELDS`
    values in that order (at, actor, kind, assignment_id, meeting_id, person_id, field,
    old_value, new_value, reason), ``at`` as the chain reads it."""
    created, imported = EventKind.CREATED.value, EventKind.IMPORTED.value
    status_kind, note_kind = EventKind.STATUS.value, EventKind.NOTE.value
    events: list[list[Any]] = []
    for row, made in zip(rows, planned, strict=True):
        new_id, mid = made.id, row.new.meeting_id
        events.append([at, actor, created, new_id, mid, None, None, None, row.new.text, None])
        events.append([at, actor, imported, new_id, mid, None, None, None, source, None])
        if row.status is not Status.OPEN:
            value = row.status.value
            events.append(
                [at, actor, status_kind, new_id, None, None, "status", "open", value, None]
            )
            if row.status is Status.CANCELLED:
                events.append(
                    [at, actor, note_kind, new_id, None, None, "reason", None, reason, None]
                )
    return events


def import_rows(
    session: Session,
    drafts: list[Draft],
    *,
    actor: str,
    source: str,
    today: date,
    deadline_mode: str = "calendar",
    meeting_id: int | None = None,
    on_progress: OnProgress | None = None,
    control: ControlSettings | None = None,
) -> list[Planned]:
    """Check every row, then write them all; :class:`ImportProblems` and nothing written
    when any row is wrong. ``on_progress`` is told rows: the first half of the bar is the
    checking, the second half the writing; ``control``: the configured control levels."""
    halves = None
    if on_progress is not None:
        told = on_progress

        def halves(done: int, total: int) -> None:
            told(done // 2, total // 2)

    ticker = Ticker(halves, 2 * len(drafts))
    rows = check_rows(
        session,
        drafts,
        today=today,
        deadline_mode=deadline_mode,
        meeting_id=meeting_id,
        ticker=ticker,
        control=control,
    )
    planned = write_rows(session, rows, actor=actor, source=source, ticker=ticker)
    ticker.finish()
    return planned


__all__ = ["import_rows"]
