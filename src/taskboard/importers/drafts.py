"""Turning imported rows and protocol items into assignments, through the domain services.

Every source (CSV, XLSX, a protocol's text) is first read into :class:`Draft` objects that
hold the raw strings the user wrote. :func:`create_assignments` hands each to the one
intake path (:mod:`taskboard.domain.intake`: people, meetings, dates, priorities resolved as
for ``taskboard add``), adds the file's own columns (status, a spreadsheet's meeting id) and
records each assignment, collecting every problem instead of stopping at the first, so that
a user fixes the whole file in one pass.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from taskboard.domain import dates, services
from taskboard.domain.control import ControlSettings
from taskboard.domain.intake import AssignmentInput, Intake, IntakeProblems, record
from taskboard.domain.models import EventKind, Status
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput, NotFound, TaskboardError
from taskboard.i18n import domain
from taskboard.importers.owners import PersonPhrase
from taskboard.presentation import status_label
from taskboard.progress import OnProgress, Ticker

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

REPORT_STATUS_WORDS: dict[str, Status] = {
    "review": Status.REVIEW,
    "на приемке": Status.REVIEW,
    "rework": Status.REWORK,
    "на доработке": Status.REWORK,
}
"""Statuses a file cannot give: under review and in rework follow an owner's report, which a
row does not carry (refused with a word on ``taskboard submit``)."""


@dataclass(slots=True)
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
    control_level: str = ""
    """The control level as written: a key or a label («у Губернатора»); empty: none."""
    loose_names: bool = False
    """Names as protocols write them («Сандалов М.А.»): try the full string, then each word."""
    recurrence: str = ""
    """A recurrence rule as written («ежемесячно, до 5 числа»)."""
    due_in_text: bool = False
    """No labelled deadline: look for a deadline phrase in the text («в двухнедельный срок»)."""
    owner_phrase: PersonPhrase | None = None
    """The owner as a protocol names them (surname, initials, position, body), if it does."""
    co_phrases: list[PersonPhrase] = field(default_factory=list)


@dataclass(slots=True)
class Planned:
    """An assignment an import created (or, in a dry run, would create)."""

    where: str
    id: int
    number: str | None
    text: str
    owner: str
    due: date | None
    """None: a standing assignment («постоянно»)."""
    meeting_id: int | None
    status: str
    co_executors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    recurrence: str | None = None
    control_level: str | None = None
    """The control level's key (None: on no particular level)."""


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
    if key in REPORT_STATUS_WORDS:
        raise InvalidInput(
            _(
                "status «{value}» follows an owner's report, which a file does not carry; "
                "import the assignment as open or in progress and record the report with "
                "taskboard submit"
            ).format(value=value.strip())
        )
    if found is None:
        raise InvalidInput(
            _(
                "unknown status «{value}»; use open, in_progress, done or cancelled "
                "(на исполнении, в работе, исполнено, снято с контроля)"
            ).format(value=value.strip())
        )
    return found


@dataclass
class NewPerson:
    """Someone a document names whom the directory does not know: added by the import."""

    full_name: str
    position: str | None
    organisation: str | None
    where: str
    """The first item that names them."""


_BODIES = (
    "министерств", "управлени", "департамент", "комитет", "администраци", "агентств",
    "инспекци", "служб", "аппарат", "правительств", "ао ", "оао ", "пао ", "ооо ", "зао ",
    "ког", "фгбу", "муп ", "гуп ",
)  # fmt: skip
"""How the name of a body begins (folded): «Ответственный: министерство финансов» names a
body, whose head the directory must tell, not a person called so."""


def _names_a_body(text: str) -> bool:
    return fold(text).strip().startswith(_BODIES)


class PhraseResolver:
    """Turns the people a protocol names into references the intake path resolves.

    A surname with initials is matched to the directory by both (``people.match_initials``);
    one that the directory does not know becomes a new person (in the import's transaction,
    so a dry run adds nobody); a namesake with other initials is a problem to resolve, never
    a silent merge. A body named without its head owns an item only when exactly one person
    in the directory works there. With ``add_unknown=False`` (a quick line, typed by staff
    who know the directory) someone it does not know is an error, not a new person.
    """

    def __init__(self, session: Session, *, actor: str, add_unknown: bool = True) -> None:
        self.session = session
        self.actor = actor
        self.add_unknown = add_unknown
        self.new_people: list[NewPerson] = []
        self._created: dict[tuple[str, str], int] = {}

    def ref(self, phrase: PersonPhrase, *, where: str, owner: bool = True) -> str | None:
        """A reference for the intake path: a person's id, or the words to resolve loosely.

        A co-executing body nobody in the directory works for gives None: the item's text
        still names it, and the owner answers for the item.
        """
        from taskboard.domain.people import by_organisation, match_initials

        if phrase.surname is not None:
            match = match_initials(self.session, phrase.surname, phrase.initials)
            if match.person is not None:
                assert match.person.id is not None
                return str(match.person.id)
            if len(match.fitting) > 1:
                names = "; ".join(f"{p.full_name} (id {p.id})" for p in match.fitting)
                raise InvalidInput(
                    _("«{name}» fits several people: {names}; write the full name.").format(
                        name=phrase.name, names=names
                    )
                )
            if match.namesakes:
                names = "; ".join(p.full_name for p in match.namesakes)
                raise InvalidInput(
                    _(
                        "«{name}»: the directory has only {names}, whose initials differ; "
                        "correct the name, or add the person first (taskboard person add)."
                    ).format(name=phrase.name, names=names)
                )
            if not self.add_unknown:
                raise NotFound(
                    _(
                        "No one called «{name}» in the directory; check the name, or add "
                        'them first (taskboard person add "…").'
                    ).format(name=phrase.name)
                )
            return str(self._new_person(phrase, where))
        body = phrase.organisation or phrase.source
        staff = by_organisation(self.session, body)
        if len(staff) == 1:
            assert staff[0].id is not None
            return str(staff[0].id)
        if phrase.labelled and not staff and not _names_a_body(phrase.source):
            return phrase.source  # «Ответственный: Сандалов»: a name as typed, resolved loosely
        if not owner and not staff:
            return None
        if staff:
            raise InvalidInput(
                _("Who is the owner for «{body}»? Several people work there: {names}.").format(
                    body=body, names="; ".join(p.full_name for p in staff)
                )
            )
        raise InvalidInput(
            _(
                "Who is the owner for «{body}»? Nobody in the directory works there: name "
                "the head in the document («{body} (Иванов И.И.)») or add them with "
                "taskboard person add … --org."
            ).format(body=body)
        )

    def _new_person(self, phrase: PersonPhrase, where: str) -> int:
        from taskboard.domain import services

        assert phrase.name is not None and phrase.surname is not None
        key = (fold(phrase.surname), phrase.initials)
        found = self._created.get(key)
        if found is not None:
            return found
        person = services.add_person(
            self.session,
            full_name=phrase.name,
            actor=self.actor,
            position=phrase.position,
            organisation=phrase.organisation,
        )
        assert person.id is not None
        self._created[key] = person.id
        self.new_people.append(
            NewPerson(phrase.name, phrase.position, phrase.organisation, where=where)
        )
        return person.id


def _already_there(session: Session, meeting_id: int, draft: Draft) -> bool:
    """An item of this meeting with the same number and text: imported before."""
    from sqlmodel import select

    from taskboard.domain.models import Assignment

    number = draft.number.strip()
    if not number:
        return False
    found = session.exec(
        select(Assignment.text).where(
            Assignment.meeting_id == meeting_id, Assignment.number == number
        )
    ).first()
    return found is not None and " ".join(fold(found).split()) == " ".join(fold(draft.text).split())


def create_assignments(
    session: Session,
    drafts: list[Draft],
    *,
    actor: str,
    source: str,
    today: date,
    deadline_mode: str = "calendar",
    meeting_id: int | None = None,
    resolver: PhraseResolver | None = None,
    skipped: list[str] | None = None,
    on_progress: OnProgress | None = None,
    control: ControlSettings | None = None,
) -> list[Planned]:
    """Record every draft, or raise :class:`ImportProblems` listing what is wrong with which.

    The caller's transaction holds everything: on problems it must be rolled back (the
    ``db.write()`` block does so when the exception leaves it). ``on_progress`` is told the
    drafts handled so far; ``control``: the configured control levels (None: the built-in
    three).
    """
    intake = Intake(session, today=today, deadline_mode=deadline_mode, control=control)
    phrases = PhraseResolver(session, actor=actor) if resolver is None else resolver
    problems: list[str] = []
    created: list[Planned] = []
    cancel_reason = _("Imported with the status «{status}»").format(
        status=status_label(Status.CANCELLED)
    )
    ticker = Ticker(on_progress, len(drafts))
    for draft in ticker.counted(drafts):
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
        if skipped is not None and mid is not None and _already_there(session, mid, draft):
            skipped.append(draft.where)
            continue
        owner_ref, co_refs = draft.owner, draft.co_executors
        answered: set[str] = set()  # fields whose problem the protocol's names already gave
        if draft.owner_phrase is not None:
            try:
                owner_ref = phrases.ref(draft.owner_phrase, where=draft.where) or ""
            except TaskboardError as exc:
                row_problems.append(exc.message)
                answered.add("owner")
        if draft.co_phrases:
            co_refs = []
            for phrase in draft.co_phrases:
                try:
                    if (ref := phrases.ref(phrase, where=draft.where, owner=False)) is not None:
                        co_refs.append(ref)
                except TaskboardError as exc:
                    row_problems.append(exc.message)
                    answered.add("co_executors")
        due_text = draft.due
        if not due_text.strip() and draft.due_in_text:
            base = None
            if mid is not None:
                with contextlib.suppress(TaskboardError):
                    base = intake.meeting(mid).date
            due_text = (
                dates.find_deadline(draft.text, today=today, base=base, mode=deadline_mode) or ""
            )
        data = AssignmentInput(
            text=draft.text,
            owner=owner_ref,
            due=due_text,
            meeting_id=mid,
            number=draft.number,
            co_executors=co_refs,
            controller=draft.controller,
            author=draft.author,
            tags=draft.tags,
            priority=draft.priority,
            recurrence=draft.recurrence or None,
            control_level=draft.control_level or None,
        )
        try:
            new = intake.new_assignment(data, loose=draft.loose_names)
        except IntakeProblems as exc:
            row_problems.extend(p.message for p in exc.problems if p.field not in answered)
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
                    co_executors=new.co_executor_names,
                    tags=new.tags,
                    recurrence=new.recurrence,
                    control_level=assignment.control_level,
                )
            )
        except TaskboardError as exc:
            problems.append(f"{draft.where}: {exc.message}")
            continue
    if problems:
        raise ImportProblems(problems)
    session.flush()
    ticker.finish()
    return created
