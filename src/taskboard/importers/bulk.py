"""The bulk path of a table import: rows checked by the intake, written with Core inserts.

A spreadsheet of 100,000 rows through ``add`` one by one took ten minutes (issue 12): every
row flushed the ORM five times. Here every row is still resolved and checked by
:class:`taskboard.domain.intake.Intake` (people, dates, priorities: the domain's rules), and
the rows are then written at once: assignments, co-executors, tags, the notes a cancellation
leaves, and the history events ``add``, ``start``, ``done`` and ``cancel`` would have written
(the same kinds, fields and values), sealed into the history chain with
:func:`taskboard.domain.audit.seal_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from taskboard.domain import audit, clock, services
from taskboard.domain.intake import AssignmentInput, Intake, IntakeProblems, NewAssignment
from taskboard.domain.models import (
    ASSIGNMENT_TABLE,
    CO_EXECUTOR_TABLE,
    EVENT_TABLE,
    TAG_TABLE,
    EventKind,
    Note,
    Status,
    table_of,
)
from taskboard.domain.search import assignment_search_text
from taskboard.errors import TaskboardError
from taskboard.i18n import domain
from taskboard.importers.drafts import Draft, ImportProblems, Planned, parse_status
from taskboard.presentation import status_label
from taskboard.progress import OnProgress, Ticker

if TYPE_CHECKING:
    from sqlmodel import Session

_, ngettext = domain("importers")

BATCH = 5_000
"""Rows per executemany: bounded memory for the statement's parameters."""

NOTE_TABLE = table_of(Note)


@dataclass
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
) -> list[_Row]:
    """Resolve every draft with the intake, or raise :class:`ImportProblems` naming each row."""
    intake = Intake(session, today=today, deadline_mode=deadline_mode)
    problems: list[str] = []
    rows: list[_Row] = []
    for draft in drafts:
        ticker.add()
        row_problems: list[str] = []
        mid, problem = _meeting_of(draft, meeting_id)
        if problem is not None:
            row_problems.append(problem)
        status: Status | None = None
        try:
            status = parse_status(draft.status)
        except TaskboardError as exc:
            row_problems.append(exc.message)
        data = AssignmentInput(
            text=draft.text,
            owner=draft.owner,
            due=draft.due,
            meeting_id=mid,
            number=draft.number,
            co_executors=draft.co_executors,
            controller=draft.controller,
            author=draft.author,
            tags=draft.tags,
            priority=draft.priority,
            recurrence=draft.recurrence or None,
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
            due = services.initial_deadline(meeting.date if meeting else None, mode=deadline_mode)
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


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[start : start + BATCH] for start in range(0, len(rows), BATCH)]


def write_rows(
    session: Session, rows: list[_Row], *, actor: str, source: str, ticker: Ticker | None = None
) -> list[Planned]:
    """Insert the checked rows and their history in the caller's transaction (``ticker``
    counts the assignments written)."""
    connection = session.connection()
    now = clock.now()
    moment = services.event_moment(session)
    closed_on = clock.today()
    chairs: dict[int, int | None] = {}
    meeting_ids = {r.new.meeting_id for r in rows if r.new.meeting_id is not None}
    if meeting_ids:
        from taskboard.domain.models import MEETING_TABLE

        found = connection.execute(
            select(MEETING_TABLE.c.id, MEETING_TABLE.c.chair_id).where(
                MEETING_TABLE.c.id.in_(sorted(meeting_ids))
            )
        )
        chairs = {mid: chair for mid, chair in found}
    values = []
    for row in rows:
        new = row.new
        changed = row.status is not Status.OPEN
        author = new.author_id
        if author is None and new.meeting_id is not None:
            author = chairs.get(new.meeting_id)
        values.append(
            {
                "meeting_id": new.meeting_id,
                "number": new.number,
                "text": new.text,
                "search_text": assignment_search_text(new.number, new.text),
                "author_id": author,
                "owner_id": new.owner_id,
                "controller_id": new.controller_id,
                "due": row.due,
                "original_due": row.due,
                "status": row.status.value,
                "priority": new.priority,
                "recurrence": new.recurrence or None,
                "parent_id": None,
                "created_at": now,
                "updated_at": now,
                "closed_on": closed_on if row.status.closed else None,
                "version": 2 if changed else 1,
            }
        )
    table = ASSIGNMENT_TABLE
    ids: list[int] = []
    for chunk in _chunks(values):
        result = connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
        )
        ids.extend(result.scalars().all())
        if ticker is not None:
            ticker.add(len(chunk))
    del values
    co_rows: list[dict[str, Any]] = []
    tag_rows: list[dict[str, Any]] = []
    note_rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    reason = _("Imported with the status «{status}»").format(status=status_label(Status.CANCELLED))

    def event(assignment_id: int, kind: EventKind, **fields: Any) -> None:
        events.append(
            {
                "assignment_id": assignment_id,
                "meeting_id": fields.get("meeting_id"),
                "person_id": None,
                "at": moment,
                "actor": actor,
                "kind": kind.value,
                "field": fields.get("field"),
                "old_value": fields.get("old"),
                "new_value": fields.get("new"),
                "reason": None,
            }
        )

    planned: list[Planned] = []
    for row, new_id in zip(rows, ids, strict=True):
        new = row.new
        for position, person_id in enumerate(
            services.unique_co_executors(new.co_executor_ids, new.owner_id)
        ):
            co_rows.append({"assignment_id": new_id, "person_id": person_id, "position": position})
        for tag in services.clean_tags(new.tags):
            tag_rows.append({"assignment_id": new_id, "tag": tag})
        # What `add`, the import's own event and the status change write, in their order.
        event(new_id, EventKind.CREATED, meeting_id=new.meeting_id, new=new.text)
        event(new_id, EventKind.IMPORTED, meeting_id=new.meeting_id, new=source)
        if row.status is not Status.OPEN:
            if row.status is Status.CANCELLED:
                note_rows.append(
                    {
                        "assignment_id": new_id,
                        "created_at": now,
                        "actor": actor,
                        "text": services.cancel_note(reason),
                    }
                )
            event(new_id, EventKind.STATUS, field="status", old="open", new=row.status.value)
            if row.status is Status.CANCELLED:
                event(new_id, EventKind.NOTE, field="reason", new=reason)
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
            )
        )
    for target, data in (
        (CO_EXECUTOR_TABLE, co_rows),
        (TAG_TABLE, tag_rows),
        (NOTE_TABLE, note_rows),
    ):
        for chunk in _chunks(data):
            connection.execute(insert(target), chunk)
    # Last: the chain's head stays locked (PostgreSQL) only until the commit.
    audit.seal_rows(connection, events)
    for chunk in _chunks(events):
        connection.execute(insert(EVENT_TABLE), chunk)
    return planned


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
) -> list[Planned]:
    """Check every row, then write them all; :class:`ImportProblems` and nothing written
    when any row is wrong. ``on_progress`` is told rows: the first half of the bar is the
    checking, the second half the writing."""
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
    )
    planned = write_rows(session, rows, actor=actor, source=source, ticker=ticker)
    ticker.finish()
    return planned


__all__ = ["import_rows"]
