"""One assignment in full — reports, returns, notes, extensions, requests, history — in SQL.

``taskboard show`` and the TUI's details pane; the row itself comes from the listing's SQL
for exactly this id (:func:`taskboard.domain.listing.rows`), so show and list never disagree.
Runs on a :class:`~taskboard.storage.direct.Reader`, with no SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from taskboard.domain import listing
from taskboard.domain.ids import MAX_ID
from taskboard.domain.kinds import Status
from taskboard.domain.listing import AssignmentRow, Params
from taskboard.errors import NotFound
from taskboard.i18n import _
from taskboard.storage.direct import Reader

if TYPE_CHECKING:
    from taskboard.domain.control import AtRiskRule


def moment(value: Any) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite keeps naive UTC text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass
class NoteItem:
    """A progress note (ход исполнения)."""

    created_at: datetime
    actor: str
    text: str


@dataclass
class ExtensionItem:
    """A deadline moved: from, to, why, by whom, when."""

    created_at: datetime
    actor: str
    old_due: date
    new_due: date
    reason: str


@dataclass
class ReportItem:
    """An owner's report on execution: its date, what it says, where the document is."""

    created_at: datetime
    actor: str
    text: str
    reported_on: date
    document: str | None


@dataclass
class ReturnItem:
    """A report returned for rework: when, by whom, with what comment."""

    at: datetime
    actor: str
    comment: str


@dataclass
class RequestItem:
    """An extension request: the date asked for, why, and what was decided."""

    created_at: datetime
    actor: str
    requested_due: date
    reason: str
    state: str
    """``pending``, ``granted`` or ``refused``."""
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None
    """A refusal's reason, or a grant's note."""


@dataclass
class HistoryItem:
    """One history event, ready to show."""

    at: datetime
    actor: str
    kind: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None = None
    """Why (a deadline correction's reason, a return's comment); None for other events."""
    person_id: int | None = None
    """The person the event is about (the co-executor of a part's event, a reminder's
    recipient); None for most."""


@dataclass
class PartItem:
    """A co-executor's part: their sub-deadline and whether their report is in."""

    person_id: int
    name: str
    due: date | None
    """Their own sub-deadline; None: the assignment's deadline holds."""
    reported_on: date | None
    """The date of their latest report on their part; None: not in yet."""
    report: str | None
    """What that report says."""
    overdue: bool
    """Not in, the assignment still open, and the part's deadline (its own, else the
    assignment's) before today."""


@dataclass
class AssignmentDetail:
    """Everything about one assignment: ``taskboard show`` and the TUI's details pane."""

    row: AssignmentRow
    author: str | None
    meeting_date: date | None
    recurrence: str | None
    created_at: datetime
    notes: list[NoteItem] = field(default_factory=list)
    extensions: list[ExtensionItem] = field(default_factory=list)
    reports: list[ReportItem] = field(default_factory=list)
    returns: list[ReturnItem] = field(default_factory=list)
    requests: list[RequestItem] = field(default_factory=list)
    parts: list[PartItem] = field(default_factory=list)
    """The co-executors' parts, in the order they were named."""
    history: list[HistoryItem] = field(default_factory=list)
    people: dict[int, str] = field(default_factory=dict)
    """Names of the people the history refers to by id (owners, controllers, co-executors)."""

    def to_json(self) -> dict[str, Any]:
        """The assignment with reports, returns, notes, extensions and history, as JSON."""
        data = self.row.to_json()
        data.update(
            {
                "author": self.author,
                "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
                "recurrence": self.recurrence,
                "created_at": self.created_at.isoformat(),
                "notes": [
                    {"at": n.created_at.isoformat(), "actor": n.actor, "text": n.text}
                    for n in self.notes
                ],
                "extension_list": [
                    {
                        "at": e.created_at.isoformat(),
                        "actor": e.actor,
                        "old_due": e.old_due.isoformat(),
                        "new_due": e.new_due.isoformat(),
                        "reason": e.reason,
                    }
                    for e in self.extensions
                ],
                "reports": [
                    {
                        "at": r.created_at.isoformat(),
                        "actor": r.actor,
                        "date": r.reported_on.isoformat(),
                        "text": r.text,
                        "document": r.document,
                    }
                    for r in self.reports
                ],
                "parts": [
                    {
                        "person_id": p.person_id,
                        "co_executor": p.name,
                        "due": p.due.isoformat() if p.due else None,
                        "reported_on": p.reported_on.isoformat() if p.reported_on else None,
                        "report": p.report,
                        "overdue": p.overdue,
                    }
                    for p in self.parts
                ],
                "returns": [
                    {"at": r.at.isoformat(), "actor": r.actor, "comment": r.comment}
                    for r in self.returns
                ],
                "extension_requests": [
                    {
                        "at": r.created_at.isoformat(),
                        "actor": r.actor,
                        "requested_due": r.requested_due.isoformat(),
                        "reason": r.reason,
                        "state": r.state,
                        "decided_at": r.decided_at.isoformat() if r.decided_at else None,
                        "decided_by": r.decided_by,
                        "decision_reason": r.decision_reason,
                    }
                    for r in self.requests
                ],
                "history": [
                    {
                        "at": h.at.isoformat(),
                        "actor": h.actor,
                        "kind": h.kind,
                        "field": h.field,
                        "old": h.old_value,
                        "new": h.new_value,
                        "reason": h.reason,
                        "person_id": h.person_id,
                    }
                    for h in self.history
                ],
            }
        )
        return data


def of(
    reader: Reader,
    assignment_id: int,
    *,
    today: date,
    due_soon_days: int = 3,
    risk: AtRiskRule | None = None,
) -> AssignmentDetail:
    """One assignment in full, or :class:`NotFound` (``risk``: the at-risk rule, as in
    :func:`taskboard.domain.listing.rows`)."""
    found = (
        reader.rows(
            "SELECT a.recurrence, a.created_at, author.full_name, m.date FROM assignment AS a"
            " LEFT OUTER JOIN person AS author ON author.id = a.author_id"
            " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id WHERE a.id = :id",
            {"id": assignment_id},
        )
        if 0 <= assignment_id <= MAX_ID
        else []
    )
    if not found:
        raise NotFound(_("No assignment with id {id}.").format(id=assignment_id))
    recurrence, created_at, author, meeting_date = found[0]
    flt = listing.AssignmentFilter(status="all", ids=[assignment_id])
    rows = listing.rows(reader, flt, today=today, due_soon_days=due_soon_days, risk=risk)
    key = {"id": assignment_id}
    notes = [
        NoteItem(moment(at), actor, text)
        for at, actor, text in reader.rows(
            "SELECT created_at, actor, text FROM note WHERE assignment_id = :id"
            " ORDER BY created_at, id",
            key,
        )
    ]
    extensions = [
        ExtensionItem(moment(at), actor, reader.day(old), reader.day(new), reason)  # type: ignore[arg-type]
        for at, actor, old, new, reason in reader.rows(
            "SELECT created_at, actor, old_due, new_due, reason FROM extension"
            " WHERE assignment_id = :id ORDER BY created_at, id",
            key,
        )
    ]
    reports = [
        ReportItem(moment(at), actor, text, reader.day(day), document)  # type: ignore[arg-type]
        for at, actor, text, day, document in reader.rows(
            "SELECT created_at, actor, text, reported_on, document FROM report"
            " WHERE assignment_id = :id AND person_id IS NULL ORDER BY created_at, id",
            key,
        )
    ]
    requests = [
        RequestItem(
            moment(at),
            actor,
            reader.day(asked),  # type: ignore[arg-type]
            reason,
            state,
            moment(decided_at) if decided_at is not None else None,
            decided_by,
            decision_reason,
        )
        for at, actor, asked, reason, state, decided_at, decided_by, decision_reason in (
            reader.rows(
                "SELECT created_at, actor, requested_due, reason, state, decided_at, decided_by,"
                " decision_reason FROM extension_request WHERE assignment_id = :id"
                " ORDER BY created_at, id",
                key,
            )
        )
    ]
    history = [
        HistoryItem(moment(at), actor, kind, name, old, new, reason, person_id)
        for at, actor, kind, name, old, new, reason, person_id in reader.rows(
            "SELECT at, actor, kind, field, old_value, new_value, reason, person_id FROM event"
            " WHERE assignment_id = :id ORDER BY at, id",
            key,
        )
    ]
    row = rows[0]
    return AssignmentDetail(
        people=_history_people(reader, history),
        parts=_parts(reader, assignment_id, row, today=today),
        row=row,
        author=author,
        meeting_date=reader.day(meeting_date),
        recurrence=recurrence,
        created_at=moment(created_at),
        notes=notes,
        extensions=extensions,
        reports=reports,
        returns=[
            ReturnItem(h.at, h.actor, h.reason or "")
            for h in history
            if h.kind == "status" and h.new_value == "rework"
        ],
        requests=requests,
        history=history,
    )


def _parts(
    reader: Reader, assignment_id: int, row: AssignmentRow, *, today: date
) -> list[PartItem]:
    """The co-executors' parts of one assignment, with their latest reports."""
    reports: dict[int, tuple[date, str]] = {}
    for person_id, day, text in reader.rows(
        "SELECT person_id, reported_on, text FROM report"
        " WHERE assignment_id = :id AND person_id IS NOT NULL ORDER BY created_at, id",
        {"id": assignment_id},
    ):
        reported_on = reader.day(day)
        assert reported_on is not None
        reports[person_id] = (reported_on, text)
    is_open = not Status(row.status).closed
    found: list[PartItem] = []
    for person_id, name, due in reader.rows(
        "SELECT c.person_id, p.full_name, c.due FROM assignment_co_executor AS c"
        " JOIN person AS p ON p.id = c.person_id WHERE c.assignment_id = :id"
        " ORDER BY c.position",
        {"id": assignment_id},
    ):
        part_due = reader.day(due)
        reported = reports.get(person_id)
        deadline = part_due or row.due
        found.append(
            PartItem(
                person_id=person_id,
                name=name,
                due=part_due,
                reported_on=reported[0] if reported else None,
                report=reported[1] if reported else None,
                overdue=is_open and reported is None and deadline is not None and deadline < today,
            )
        )
    return found


def _history_people(reader: Reader, history: Sequence[HistoryItem]) -> dict[int, str]:
    """Names of every person a history refers to by id."""
    ids: set[int] = set()
    for item in history:
        if item.person_id is not None:
            ids.add(item.person_id)
        for raw in (item.old_value, item.new_value):
            if not raw:
                continue
            if item.field in ("owner_id", "controller_id") and raw.isdigit():
                ids.add(int(raw))
            elif item.field == "co_executors":
                try:
                    ids.update(int(i) for i in json.loads(raw))
                except (ValueError, TypeError):
                    continue
    if not ids:
        return {}
    params = Params()
    sql = f"SELECT id, full_name FROM person WHERE id IN ({params.bind_all(sorted(ids))})"
    return {pid: name for pid, name in reader.rows(sql, params)}
