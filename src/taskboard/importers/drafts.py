"""Turning imported rows and protocol items into assignments, through the domain services.

Every source (CSV, XLSX, a protocol's text) is first read into :class:`Draft` objects that
hold the raw strings the user wrote. :func:`create_assignments` hands each to the one
intake path (:mod:`taskboard.domain.intake`: people, meetings, dates, priorities resolved as
for ``taskboard add``), adds the file's own columns (status, a spreadsheet's meeting id) and
records each assignment, collecting every problem instead of stopping at the first, so that
a user fixes the whole file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from taskboard.domain import services
from taskboard.domain.intake import AssignmentInput, Intake, IntakeProblems, record
from taskboard.domain.models import EventKind, Status
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput, TaskboardError
from taskboard.i18n import domain
from taskboard.presentation import status_label

_, ngettext = domain("importers")

MAX_SHOWN_PROBLEMS = 20
"""How many problems an import lists before «… and N more»."""

STATUS_WORDS: dict[str, Status] = {
    "open": Status.OPEN,
    "на исполнении": Status.OPEN,
    "in_progress": Status.IN_PROGRESS,
    "in progress": Status.IN_PROGRESS,
    "в работе": Status.IN_PROGRESS,
    "done": Status.DONE,
    "исполнено": Status.DONE,
    "выполнено": Status.DONE,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "снято с контроля": Status.CANCELLED,
    "снято": Status.CANCELLED,
}
"""Status words accepted in files (folded): the stored values and the labels staff read."""


@dataclass
class Draft:
    """One assignment as a file gives it: raw strings, nothing resolved yet."""

    where: str
    """Where it comes from, for messages: «row 5», «item 2.1»."""
    text: str
    owner: str
    number: str = ""
    co_executors: list[str] = field(default_factory=list)
    due: str = ""
    controller: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    priority: str = ""
    meeting: str = ""
    """The meeting id as written (``--meeting`` overrides it)."""
    status: str = ""
    loose_names: bool = False
    """Names as protocols write them («Сандалов М.А.»): try the full string, then each word."""


@dataclass
class Planned:
    """An assignment an import created (or, in a dry run, would create)."""

    where: str
    id: int
    number: str | None
    text: str
    owner: str
    due: date
    meeting_id: int | None
    status: str


class ImportProblems(InvalidInput):
    """The file has problems: nothing was written. ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "")
        self.problems = problems

    def lines(self) -> list[str]:
        """The problems to show, at most :data:`MAX_SHOWN_PROBLEMS`, then «… and N more»."""
        shown = self.problems[:MAX_SHOWN_PROBLEMS]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(ngettext("… and {n} more", "… and {n} more", rest).format(n=rest))
        return shown


def parse_status(value: str) -> Status:
    """A status word (stored value or label, English or Russian); empty means open."""
    key = " ".join(fold(value).split())
    if not key:
        return Status.OPEN
    found = STATUS_WORDS.get(key)
    if found is None:
        raise InvalidInput(
            _(
                "unknown status «{value}»; use open, in_progress, done or cancelled "
                "(на исполнении, в работе, исполнено, снято с контроля)"
            ).format(value=value.strip())
        )
    return found


def create_assignments(
    session: Session,
    drafts: list[Draft],
    *,
    actor: str,
    source: str,
    today: date,
    deadline_mode: str = "calendar",
    meeting_id: int | None = None,
) -> list[Planned]:
    """Record every draft, or raise :class:`ImportProblems` listing what is wrong with which.

    The caller's transaction holds everything: on problems it must be rolled back (the
    ``db.write()`` block does so when the exception leaves it).
    """
    intake = Intake(session, today=today, deadline_mode=deadline_mode)
    problems: list[str] = []
    created: list[Planned] = []
    cancel_reason = _("Imported with the status «{status}»").format(
        status=status_label(Status.CANCELLED)
    )
    for draft in drafts:
        row_problems: list[str] = []
        mid = meeting_id
        if mid is None and draft.meeting.strip():
            raw = draft.meeting.strip()
            if raw.endswith(".0"):
                raw = raw[:-2]  # a spreadsheet's number cell
            if raw.isdigit():
                mid = int(raw)
            else:
                row_problems.append(
                    _("«{value}» is not a meeting id (a whole number)").format(value=draft.meeting)
                )
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
        )
        try:
            new = intake.new_assignment(data, loose=draft.loose_names)
        except IntakeProblems as exc:
            row_problems.extend(p.message for p in exc.problems)
        if row_problems:
            problems.extend(f"{draft.where}: {message}" for message in row_problems)
            continue
        assert status is not None
        try:
            assignment = record(session, new, actor=actor)
            assert assignment.id is not None
            new_id = assignment.id
            services.record_event(
                session,
                kind=EventKind.IMPORTED,
                actor=actor,
                assignment_id=new_id,
                meeting_id=mid,
                new=source,
            )
            if status is Status.IN_PROGRESS:
                services.start(session, assignment_id=new_id, actor=actor)
            elif status is Status.DONE:
                services.done(session, assignment_id=new_id, actor=actor)
            elif status is Status.CANCELLED:
                services.cancel(session, assignment_id=new_id, actor=actor, reason=cancel_reason)
            created.append(
                Planned(
                    where=draft.where,
                    id=new_id,
                    number=assignment.number,
                    text=new.text,
                    owner=new.owner_name,
                    due=assignment.due,
                    meeting_id=mid,
                    status=status.value,
                )
            )
        except TaskboardError as exc:
            problems.append(f"{draft.where}: {exc.message}")
            continue
    if problems:
        raise ImportProblems(problems)
    session.flush()
    return created
