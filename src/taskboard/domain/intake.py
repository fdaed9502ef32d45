"""One intake path: what a person typed (a command, a form, a row of a file) → the services.

Every face hands over the raw strings it was given — names, dates, priorities, rules — in
an input model (:class:`AssignmentInput`, :class:`AssignmentChanges`, :class:`MeetingInput`,
:class:`PersonInput`); :class:`Intake` resolves them with the one set of domain rules
(people through :mod:`taskboard.domain.people`, dates through :mod:`taskboard.domain.dates`,
recurrence through :mod:`taskboard.domain.recurrence`) and collects *every* problem as a
:class:`Problem` before anything is written, so a form can mark each field, a command can
say it in one line and an import can name each row. None of the faces parses or resolves on
its own.

Changes follow the SQLModel template's update models: only the fields *set* on
:class:`AssignmentChanges` are changed (``model_dump(exclude_unset=True)``), so "not given"
and "cleared" are told apart without sentinel values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session, SQLModel

from taskboard.domain import dates, services
from taskboard.domain.models import Assignment, Meeting, Person, Priority
from taskboard.domain.people import Found, PersonResolver
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput, TaskboardError
from taskboard.i18n import _

if TYPE_CHECKING:
    from taskboard.domain.control import ControlSettings

T = TypeVar("T")
K = TypeVar("K")

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
"""Priority words accepted anywhere (folded), English and Russian."""

NO_RULE_WORDS = ("none", "нет", "")
"""What removes a recurrence rule (``edit --repeat none``) or a control level (``edit --level
none``)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: which field, and what to do about it."""

    field: str
    """The input field (``owner``, ``due``, ``co_executors``…) the problem is in."""
    message: str
    """One translated line for the user."""


class IntakeProblems(InvalidInput):
    """The input has problems: nothing was written. ``problems`` holds every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def split_names(value: str | None) -> list[str]:
    """The names (or tags) in one typed field, separated by «;» or «,»."""
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


def parse_priority(value: str | None) -> str:
    """A priority word (English or Russian) as stored; empty means normal."""
    key = fold(value or "").strip()
    if not key:
        return Priority.NORMAL.value
    found = PRIORITY_WORDS.get(key)
    if found is None:
        raise InvalidInput(
            _(
                "unknown priority «{value}»; use high, normal or low (высокий, обычный, низкий)"
            ).format(value=(value or "").strip())
        )
    return found.value


class AssignmentInput(SQLModel):
    """A new assignment as typed: names, dates and rules still text."""

    text: str
    owner: str
    """Full name, unique prefix, id, or (with ``loose``) «Сандалов М.А.»."""
    due: str | None = None
    """Any form the date parser takes; empty: the one-month rule from the meeting's date;
    «постоянно»: a standing assignment, on control without a deadline."""
    meeting_id: int | None = None
    number: str | None = None
    """The protocol item; empty: the meeting's next free number."""
    co_executors: list[str] = []
    controller: str | None = None
    author: str | None = None
    """Who gave it; empty: the meeting's chair."""
    tags: list[str] = []
    priority: str | None = None
    recurrence: str | None = None
    """A rule in words («ежемесячно до 5 числа») or an RRULE."""
    control_level: str | None = None
    """A control level's key or label (:func:`taskboard.domain.control.parse_level`)."""


class AssignmentChanges(SQLModel):
    """Changes to an assignment as typed: only the fields *set* are changed."""

    text: str | None = None
    owner: str | None = None
    due: str | None = None
    co_executors: list[str] | None = None
    controller: str | None = None
    """None (set explicitly) removes the controller."""
    tags: list[str] | None = None
    priority: str | None = None
    number: str | None = None
    meeting_id: int | None = None
    recurrence: str | None = None
    """A rule; «none»/«нет» removes it."""
    control_level: str | None = None
    """A control level's key or label; empty or «none»/«нет» removes it."""
    reason: str | None = None
    """Why the deadline changes: required when ``due`` changes it (a deadline correction)."""


class MeetingInput(SQLModel):
    """A new meeting as typed."""

    title: str
    date: str
    """A meeting's date is a fact: the nearest such day, never moved to a working day."""
    kind: str | None = None
    place: str | None = None
    chair: str | None = None
    protocol_no: str | None = None
    notes: str | None = None
    source_text: str | None = None


class PersonInput(SQLModel):
    """A new person as typed."""

    full_name: str
    position: str | None = None
    organisation: str | None = None
    email: str | None = None
    supervisor: str | None = None
    language: str | None = None
    """The language of their e-mail reminders (ru, en); empty: the configured one."""
    namesake: bool = False
    """Add them even if someone of the same full name is already in the directory."""


class PersonChanges(SQLModel):
    """Changes to a person as typed: only the fields *set* are changed (empty clears one)."""

    position: str | None = None
    organisation: str | None = None
    email: str | None = None
    supervisor: str | None = None
    """Name, surname or id; empty: no supervisor."""
    language: str | None = None
    """ru, en; empty: the configured one."""


class MeetingChanges(SQLModel):
    """Changes to a meeting as typed: only the fields *set* are changed."""

    title: str | None = None
    date: str | None = None
    """Read as a meeting's date is: the nearest such day, never moved to a working day."""
    kind: str | None = None
    place: str | None = None
    chair: str | None = None
    """Name, surname or id; empty: no chair."""
    protocol_no: str | None = None
    notes: str | None = None


@dataclass(slots=True)
class NewAssignment:
    """An :class:`AssignmentInput` resolved: the arguments of ``services.add_assignment``."""

    text: str
    owner_id: int
    owner_name: str
    due: date | None
    meeting_id: int | None
    number: str | None
    co_executor_ids: list[int] = field(default_factory=list)
    co_executor_names: list[str] = field(default_factory=list)
    controller_id: int | None = None
    author_id: int | None = None
    tags: list[str] = field(default_factory=list)
    priority: str = Priority.NORMAL.value
    recurrence: str | None = None
    deadline_mode: str = dates.CALENDAR
    """How the default deadline counts days, when ``due`` is None."""
    standing: bool = False
    """«Постоянно»: on control without a deadline (``due`` stays None)."""
    control_level: str | None = None
    """The control level's key."""


def _remembered(cache: dict[K, Any], key: K, compute: Callable[[], T]) -> T:
    """``compute()``'s value or error for ``key``, worked out once (the error raised again)."""
    try:
        found = cache[key]
    except KeyError:
        try:
            found = compute()
        except TaskboardError as exc:
            found = exc
        cache[key] = found
    if isinstance(found, TaskboardError):
        raise found.with_traceback(None)
    return found  # type: ignore[no-any-return,unused-ignore]


class Intake:
    """Resolves typed input with the domain's rules, collecting every problem.

    One instance per transaction: it caches people and meetings, and hands out item
    numbers locally, so an import of 10,000 rows asks for each person once.
    """

    def __init__(
        self,
        session: Session,
        *,
        today: date,
        deadline_mode: str = dates.CALENDAR,
        control: ControlSettings | None = None,
    ) -> None:
        self.session = session
        self.today = today
        self.deadline_mode = deadline_mode
        self.control = control
        """The configured control levels (None: the built-in three)."""
        self.people = PersonResolver(session)
        self.numbers = services.ItemNumbers(session)
        self._meetings: dict[int, Meeting | TaskboardError] = {}
        self._problems: list[Problem] = []
        # What the rules gave for each distinct text (a file repeats its dates and words):
        # the parsers are pure for one `today` and deadline mode.
        self._deadlines: dict[tuple[str, date | None], date | TaskboardError] = {}
        self._priorities: dict[str | None, str | TaskboardError] = {}
        self._rules: dict[str, str | TaskboardError] = {}
        self._levels: dict[str, str | TaskboardError] = {}
        self._standing: dict[str, bool] = {}

    # --- collecting ------------------------------------------------------------------------

    def _try(
        self, field_name: str, action: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T | None:
        try:
            return action(*args, **kwargs)
        except TaskboardError as exc:
            self._problems.append(Problem(field_name, exc.message))
            return None

    def _raise_problems(self) -> None:
        problems, self._problems = self._problems, []
        if problems:
            raise IntakeProblems(problems)

    # --- single values ---------------------------------------------------------------------

    def meeting(self, meeting_id: int) -> Meeting:
        """The meeting ``meeting_id`` (cached), or :class:`NotFound`."""
        found = self._meetings.get(meeting_id)
        if found is None:
            try:
                found = services.get_meeting(self.session, meeting_id)
            except TaskboardError as exc:
                found = exc
            self._meetings[meeting_id] = found
        if isinstance(found, TaskboardError):
            raise found
        return found

    def person_id(self, ref: str | None, *, loose: bool = False) -> int | None:
        """The id of the person ``ref`` names (empty stays None), or the resolution error."""
        if ref is None or not ref.strip():
            return None
        return self.people.resolve(ref, loose=loose).id

    def deadline(self, text: str, *, meeting_date: date | None = None) -> date:
        """A deadline typed by the user; rule words («срочно») count from ``meeting_date``."""
        return _remembered(
            self._deadlines,
            (text, meeting_date),
            lambda: dates.parse_date(
                text, today=self.today, base=meeting_date, mode=self.deadline_mode
            ),
        )

    def priority(self, text: str | None) -> str:
        """A priority word as stored (:func:`parse_priority`); empty means normal."""
        return _remembered(self._priorities, text, lambda: parse_priority(text))

    def control_level(self, text: str | None) -> str | None:
        """A control level's key (:func:`taskboard.domain.control.parse_level`); empty or
        «none»/«нет» is no level."""
        from taskboard.domain.control import parse_level

        if text is None or text.strip().lower() in NO_RULE_WORDS:
            return None
        return _remembered(self._levels, text, lambda: parse_level(text, self.control))

    def is_standing(self, text: str) -> bool:
        """Whether ``text`` marks a standing assignment (:func:`dates.is_standing`)."""
        found = self._standing.get(text)
        if found is None:
            found = self._standing[text] = dates.is_standing(text)
        return found

    def meeting_date(self, text: str) -> date:
        """A meeting's date: the nearest such day, past or coming, never shifted."""
        return dates.parse_date(text, today=self.today, shift=False, past=True)

    def report_date(self, text: str) -> date:
        """A report's date: a day that has been (the nearest such day, past or coming; the
        services refuse one to come), never shifted."""
        return dates.parse_date(text, today=self.today, shift=False, past=True)

    def recurrence(self, text: str | None) -> str | None:
        """A recurrence rule from words or an RRULE; «none»/«нет»/empty removes it."""
        from taskboard.domain.recurrence import parse_rule

        if text is None or text.strip().lower() in NO_RULE_WORDS:
            return None
        return _remembered(self._rules, text, lambda: parse_rule(text))

    def _first_deadline(self, rule: str, start: date | None) -> date | None:
        """A recurring assignment's first deadline: the rule's first day from the meeting."""
        from taskboard.domain.recurrence import first_occurrence

        first = first_occurrence(rule, after=start or self.today)
        return dates.previous_working_day(first) if first is not None else None

    def _people(self, field_name: str, refs: Iterable[str], *, loose: bool) -> list[Found]:
        people: list[Found] = []
        for ref in refs:
            if ref.strip():
                found = self._try(field_name, self.people.resolve, ref, loose=loose)
                if found is not None and found not in people:
                    people.append(found)
        return people

    # --- whole inputs ----------------------------------------------------------------------

    def new_assignment(self, data: AssignmentInput, *, loose: bool = False) -> NewAssignment:
        """Resolve a new assignment, or raise :class:`IntakeProblems` with every problem."""
        text = data.text.strip()
        if not text:
            self._problems.append(Problem("text", _("The assignment's text must not be empty.")))
        owner = None
        if not data.owner.strip():
            self._problems.append(
                Problem("owner", _("An owner (ответственный исполнитель) is required."))
            )
        else:
            owner = self._try("owner", self.people.resolve, data.owner, loose=loose)
        co = (
            self._people("co_executors", data.co_executors, loose=loose)
            if data.co_executors
            else []
        )
        # Empty fields (most of a file's) name nobody: no resolving to try.
        controller = (
            self._try("controller", self.person_id, data.controller, loose=loose)
            if data.controller
            else None
        )
        author = (
            self._try("author", self.person_id, data.author, loose=loose) if data.author else None
        )
        meeting = (
            self._try("meeting", self.meeting, data.meeting_id)
            if data.meeting_id is not None
            else None
        )
        due = None
        standing = data.due is not None and self.is_standing(data.due)
        if data.due is not None and data.due.strip() and not standing:
            due = self._try(
                "due", self.deadline, data.due, meeting_date=meeting.date if meeting else None
            )
        priority = self._try("priority", self.priority, data.priority)
        recurrence = (
            self._try("recurrence", self.recurrence, data.recurrence)
            if data.recurrence is not None
            else None
        )
        if recurrence and standing:
            self._problems.append(
                Problem(
                    "recurrence", _("A standing assignment (постоянно) has no dates to repeat.")
                )
            )
        if recurrence and due is None and not (data.due or "").strip():
            due = self._first_deadline(recurrence, meeting.date if meeting else None)
        level = (
            self._try("control_level", self.control_level, data.control_level)
            if data.control_level is not None
            else None
        )
        self._raise_problems()
        assert owner is not None and priority is not None
        number = (data.number or "").strip() or None
        if data.meeting_id is not None:
            if number is None:
                number = self.numbers.take(data.meeting_id)
            else:
                self.numbers.saw(data.meeting_id, number)
        return NewAssignment(
            text=text,
            owner_id=owner.id,
            owner_name=owner.full_name,
            due=due,
            meeting_id=data.meeting_id,
            number=number,
            co_executor_ids=[p.id for p in co if p.id != owner.id],
            co_executor_names=[p.full_name for p in co if p.id != owner.id],
            controller_id=controller,
            author_id=author,
            tags=list(data.tags),
            priority=priority,
            recurrence=recurrence,
            deadline_mode=self.deadline_mode,
            standing=standing,
            control_level=level,
        )

    def changes(
        self, data: AssignmentChanges, current: Assignment | None = None
    ) -> services.AssignmentUpdate:
        """Resolve the fields set on ``data``, or raise :class:`IntakeProblems`.

        ``current``: the assignment as stored. A deadline that differs from its one is a
        deadline correction, refused on the ``reason`` field while no reason is given (extending
        is the normal way to move a deadline); a reason with no new deadline is refused too.
        """
        given = data.model_dump(exclude_unset=True)
        if not given:
            raise InvalidInput(_("Nothing to change: give at least one option (see --help)."))
        update: dict[str, Any] = {}
        if "text" in given:
            update["text"] = given["text"]
        if "owner" in given:
            if not (given["owner"] or "").strip():
                self._problems.append(Problem("owner", _("An assignment must have an owner.")))
            else:
                update["owner_id"] = self._try("owner", self.person_id, given["owner"])
        if "controller" in given:
            update["controller_id"] = self._try("controller", self.person_id, given["controller"])
        if "co_executors" in given:
            update["co_executor_ids"] = [
                p.id for p in self._people("co_executors", given["co_executors"] or [], loose=False)
            ]
        reason = (given.get("reason") or "").strip()
        if "due" in given:
            resolved = True
            if not (given["due"] or "").strip():
                self._problems.append(Problem("due", _("An assignment must have a deadline.")))
                resolved = False
            elif dates.is_standing(given["due"]):
                update["due"] = None  # «постоянно»: on control without a deadline
            else:
                # A correction made today: rule words count from today.
                problems = len(self._problems)
                update["due"] = self._try("due", self.deadline, given["due"])
                resolved = len(self._problems) == problems
            if resolved and current is not None and update["due"] != current.due:
                if reason:
                    update["reason"] = reason
                else:
                    self._problems.append(Problem("reason", services.correction_needs_reason()))
        elif reason:
            self._problems.append(
                Problem(
                    "reason",
                    _("A reason is recorded only with a new deadline (--due); none was given."),
                )
            )
        if "tags" in given:
            update["tags"] = list(given["tags"] or [])
        if "priority" in given:
            update["priority"] = self._try("priority", parse_priority, given["priority"])
        if "number" in given:
            update["number"] = given["number"]
        if "meeting_id" in given:
            update["meeting_id"] = given["meeting_id"]
        if "recurrence" in given:
            update["recurrence"] = self._try("recurrence", self.recurrence, given["recurrence"])
        if "control_level" in given:
            problems = len(self._problems)
            level = self._try("control_level", self.control_level, given["control_level"])
            if len(self._problems) == problems:
                update["control_level"] = level
        self._raise_problems()
        return services.AssignmentUpdate(**update)


def add_assignment(
    session: Session,
    data: AssignmentInput,
    *,
    actor: str,
    today: date,
    deadline_mode: str = dates.CALENDAR,
    intake: Intake | None = None,
    loose: bool = False,
    control: ControlSettings | None = None,
) -> Assignment:
    """Record a new assignment from typed input (the path of ``add``, the form, an import);
    ``control``: the configured control levels."""
    intake = intake or Intake(session, today=today, deadline_mode=deadline_mode, control=control)
    return record(session, intake.new_assignment(data, loose=loose), actor=actor)


def record(session: Session, new: NewAssignment, *, actor: str) -> Assignment:
    """Write a resolved assignment through the services (its history event included)."""
    return services.add_assignment(
        session,
        text=new.text,
        owner_id=new.owner_id,
        actor=actor,
        due=new.due,
        meeting_id=new.meeting_id,
        number=new.number,
        co_executor_ids=new.co_executor_ids,
        controller_id=new.controller_id,
        author_id=new.author_id,
        tags=new.tags,
        priority=new.priority,
        recurrence=new.recurrence,
        deadline_mode=new.deadline_mode,
        standing=new.standing,
        control_level=new.control_level,
    )


def edit_assignment(
    session: Session,
    assignment_id: int,
    data: AssignmentChanges,
    *,
    actor: str,
    today: date,
    deadline_mode: str = dates.CALENDAR,
    expected_version: int | None = None,
    control: ControlSettings | None = None,
) -> Assignment:
    """Change an assignment from typed input (the path of ``edit`` and the edit form); a new
    deadline is a deadline correction and needs ``data.reason``; ``control``: the configured
    control levels."""
    intake = Intake(session, today=today, deadline_mode=deadline_mode, control=control)
    current = services.get_assignment(session, assignment_id)
    return services.edit_assignment(
        session,
        assignment_id=assignment_id,
        changes=intake.changes(data, current),
        actor=actor,
        expected_version=expected_version,
    )


def add_meeting(session: Session, data: MeetingInput, *, actor: str, today: date) -> Meeting:
    """Record a meeting from typed input (``meeting add`` and the meeting form)."""
    intake = Intake(session, today=today)
    held = intake._try("date", intake.meeting_date, data.date)
    chair = intake._try("chair", intake.person_id, data.chair)
    intake._raise_problems()
    assert held is not None
    return services.add_meeting(
        session,
        title=data.title,
        date=held,
        actor=actor,
        kind=data.kind or services.MeetingKind.OPERATIONAL.value,
        place=data.place or None,
        chair_id=chair,
        protocol_no=data.protocol_no or None,
        notes=data.notes or None,
        source_text=data.source_text,
    )


def edit_meeting(
    session: Session, meeting_id: int, data: MeetingChanges, *, actor: str, today: date
) -> Meeting:
    """Change a meeting from typed input (the meeting form in edit mode)."""
    intake = Intake(session, today=today)
    given = data.model_dump(exclude_unset=True)
    update: dict[str, Any] = {
        k: v for k, v in given.items() if k in ("title", "kind", "place", "protocol_no", "notes")
    }
    if "date" in given:
        update["date"] = intake._try("date", intake.meeting_date, given["date"] or "")
    if "chair" in given:
        update["chair_id"] = intake._try("chair", intake.person_id, given["chair"])
    intake._raise_problems()
    return services.edit_meeting(
        session, meeting_id=meeting_id, changes=services.MeetingUpdate(**update), actor=actor
    )


def add_person(session: Session, data: PersonInput, *, actor: str, today: date) -> Person:
    """Add a person from typed input (``person add``, the person form)."""
    intake = Intake(session, today=today)
    supervisor = intake._try("supervisor", intake.person_id, data.supervisor)
    intake._raise_problems()
    return services.add_person(
        session,
        full_name=data.full_name,
        actor=actor,
        position=(data.position or "").strip() or None,
        organisation=(data.organisation or "").strip() or None,
        email=(data.email or "").strip() or None,
        supervisor_id=supervisor,
        language=(data.language or "").strip() or None,
        allow_namesake=data.namesake,
    )


def edit_person(
    session: Session, person_id: int, data: PersonChanges, *, actor: str, today: date
) -> Person:
    """Change a person from typed input (the person form in edit mode)."""
    intake = Intake(session, today=today)
    given = data.model_dump(exclude_unset=True)
    update: dict[str, Any] = {
        k: v for k, v in given.items() if k in ("position", "organisation", "email", "language")
    }
    if "supervisor" in given:
        update["supervisor_id"] = intake._try("supervisor", intake.person_id, given["supervisor"])
    intake._raise_problems()
    return services.edit_person(
        session, person_id=person_id, changes=services.PersonUpdate(**update), actor=actor
    )


__all__ = [
    "AssignmentChanges",
    "AssignmentInput",
    "Intake",
    "IntakeProblems",
    "MeetingChanges",
    "MeetingInput",
    "NewAssignment",
    "PersonChanges",
    "PersonInput",
    "Problem",
    "add_assignment",
    "add_meeting",
    "add_person",
    "edit_assignment",
    "edit_meeting",
    "edit_person",
    "parse_priority",
    "record",
    "split_names",
]
