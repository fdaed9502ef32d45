"""Turning imported rows and protocol items into assignments, through the domain services.

Every source (CSV, XLSX, a protocol's text) is first read into :class:`Draft` objects that
hold the raw strings the user wrote. :func:`create_assignments` resolves people, meetings,
dates, priorities and statuses with the one set of domain rules and records each assignment
with :func:`taskboard.domain.services.add_assignment`, collecting every problem instead of
stopping at the first, so that a user fixes the whole file in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from taskboard.domain import services
from taskboard.domain.history import status_label
from taskboard.domain.models import EventKind, Person, Priority, Status
from taskboard.domain.search import fold
from taskboard.errors import AmbiguousName, InvalidInput, TaskboardError
from taskboard.i18n import domain

_, ngettext = domain("importers")

MAX_SHOWN_PROBLEMS = 20
"""How many problems an import lists before «… and N more»."""

PRIORITY_WORDS: dict[str, Priority] = {
    "high": Priority.HIGH,
    "высокий": Priority.HIGH,
    "высокая": Priority.HIGH,
    "высокое": Priority.HIGH,
    "normal": Priority.NORMAL,
    "обычный": Priority.NORMAL,
    "обычная": Priority.NORMAL,
    "обычное": Priority.NORMAL,
    "средний": Priority.NORMAL,
    "low": Priority.LOW,
    "низкий": Priority.LOW,
    "низкая": Priority.LOW,
    "низкое": Priority.LOW,
}
"""Priority words accepted in files (folded), English and Russian."""

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


def split_list(value: str) -> list[str]:
    """Names or tags separated by «;» (as ``list --format csv`` writes them)."""
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_priority(value: str) -> str:
    """A priority word (English or Russian) as stored; empty means normal."""
    key = fold(value).strip()
    if not key:
        return Priority.NORMAL.value
    found = PRIORITY_WORDS.get(key)
    if found is None:
        raise InvalidInput(
            _(
                "unknown priority «{value}»; use high, normal or low (высокий, обычный, низкий)"
            ).format(value=value.strip())
        )
    return found.value


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


class _People:
    """Person resolution with a cache: a 10,000-row file names the same few people."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[str, bool], tuple[int, str] | TaskboardError] = {}
        self.loaded: list[object] = []
        """The people found, held so that the session's (weak) identity map keeps them:
        the services' existence checks then cost no query."""

    def resolve(self, ref: str, *, loose: bool) -> tuple[int, str]:
        key = (fold(ref).strip(), loose)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self._lookup(ref, loose=loose)
            except TaskboardError as exc:
                found = exc
            self.cache[key] = found
        if isinstance(found, TaskboardError):
            raise found
        return found

    def _lookup(self, ref: str, *, loose: bool) -> tuple[int, str]:
        from taskboard.domain.people import resolve_person

        try:
            person = resolve_person(self.session, ref)
        except TaskboardError as first:
            if not loose:
                raise
            # «Сандалов М.А.»: the register may hold «Сандалов Михаил»; try the surname, then
            # each other word («Председатель Правительства Сандалов М.А.»).
            words = [w.strip(".,;:()«»\"'") for w in ref.split()]
            words = [w for w in words if len(w) > 1 and w[0].isupper()]
            problem: TaskboardError = first
            for index, word in enumerate(words):
                if word == ref.strip():
                    continue
                try:
                    person = resolve_person(self.session, word)
                    break
                except AmbiguousName as exc:
                    by_initials = self._by_initials(word, ref) if index == 0 else None
                    if by_initials is not None:
                        person = by_initials
                        break
                    if index == 0:
                        problem = exc
                except TaskboardError:
                    continue
            else:
                raise problem from None
        assert person.id is not None
        self.loaded.append(person)
        return person.id, person.full_name

    def _by_initials(self, surname: str, ref: str) -> Person | None:
        """Among namesakes, the one whose first name and patronymic fit «М.А.» in ``ref``."""
        from taskboard.domain.people import candidates

        initials = [fold(i) for i in re.findall(r"(?<![^\s.])(\w)\.", ref.replace(surname, ""))]
        if not initials:
            return None
        fitting = []
        for person in candidates(self.session, surname):
            words = fold(person.full_name).split()
            if not words or words[0] != fold(surname):
                continue
            rest = words[1:]
            # «Сандалов Михаил» fits «М.А.»: a missing patronymic does not contradict it.
            if rest and all(w.startswith(i) for w, i in zip(rest, initials, strict=False)):
                fitting.append(person)
        return fitting[0] if len(fitting) == 1 else None


@dataclass
class _Numbers:
    """The next free item number per meeting, kept locally instead of one scan per row."""

    session: Session
    following: dict[int, int] = field(default_factory=dict)

    def _ensure(self, meeting_id: int) -> None:
        if meeting_id not in self.following:
            self.following[meeting_id] = int(services.next_number(self.session, meeting_id))

    def take(self, meeting_id: int) -> str:
        self._ensure(meeting_id)
        number = self.following[meeting_id]
        self.following[meeting_id] = number + 1
        return str(number)

    def saw(self, meeting_id: int, number: str) -> None:
        self._ensure(meeting_id)
        head = number.split(".")[0]
        if head.isdigit():
            self.following[meeting_id] = max(self.following[meeting_id], int(head) + 1)


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
    from taskboard.domain import dates

    people = _People(session)
    numbers = _Numbers(session)
    meetings: dict[int, date | TaskboardError] = {}
    loaded: list[object] = []  # keeps the meetings in the identity map, as _People does
    problems: list[str] = []
    created: list[Planned] = []
    cancel_reason = _("Imported with the status «{status}»").format(
        status=status_label(Status.CANCELLED)
    )

    def meeting_date(mid: int) -> date:
        found = meetings.get(mid)
        if found is None:
            try:
                meeting = services.get_meeting(session, mid)
                loaded.append(meeting)
                found = meeting.date
            except TaskboardError as exc:
                found = exc
            meetings[mid] = found
        if isinstance(found, TaskboardError):
            raise found
        return found

    for draft in drafts:
        row_problems: list[str] = []

        def attempt(action, *args, **kwargs):
            try:
                return action(*args, **kwargs)
            except TaskboardError as exc:
                row_problems.append(exc.message)  # noqa: B023 - used within this iteration
                return None

        text = draft.text.strip()
        if not text:
            row_problems.append(_("the assignment's text is empty"))
        owner = None
        if not draft.owner.strip():
            row_problems.append(_("no owner (ответственный исполнитель) given"))
        else:
            owner = attempt(people.resolve, draft.owner, loose=draft.loose_names)
        co_ids = []
        for ref in draft.co_executors:
            found = attempt(people.resolve, ref, loose=draft.loose_names)
            if found is not None:
                co_ids.append(found[0])
        controller = (
            attempt(people.resolve, draft.controller, loose=draft.loose_names)
            if draft.controller.strip()
            else None
        )
        author = (
            attempt(people.resolve, draft.author, loose=draft.loose_names)
            if draft.author.strip()
            else None
        )
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
        base = attempt(meeting_date, mid) if mid is not None else None
        due = None
        if draft.due.strip():
            due = attempt(dates.parse_date, draft.due, today=today, base=base, mode=deadline_mode)
        priority = attempt(parse_priority, draft.priority)
        status = attempt(parse_status, draft.status)
        if row_problems:
            problems.extend(f"{draft.where}: {message}" for message in row_problems)
            continue
        assert owner is not None and status is not None and priority is not None
        number: str | None = draft.number.strip() or None
        if mid is not None:
            if number is None:
                number = numbers.take(mid)
            else:
                numbers.saw(mid, number)
        try:
            assignment = services.add_assignment(
                session,
                text=text,
                owner_id=owner[0],
                actor=actor,
                due=due,
                meeting_id=mid,
                number=number,
                co_executor_ids=co_ids,
                controller_id=controller[0] if controller else None,
                author_id=author[0] if author else None,
                tags=draft.tags,
                priority=priority,
                deadline_mode=deadline_mode,
            )
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
                    text=text,
                    owner=owner[1],
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
