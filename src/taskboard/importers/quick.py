"""Quick add: one line of plain Russian → an assignment, read the way protocols are read.

A quick line says whom, by when and what, in the protocol's own order::

    Сандалову до 1 июня подготовить предложения по бизнес-миссии #Беларусь
    Волоскову С.А. срочно представить справку о поставках
    Министерству культуры (Петрова Е.А.) в двухнедельный срок подготовить план
    Сандалову совместно с Волосковым С.А. к 15.12 проработать вопрос

:func:`read_line` takes the tags («#тег») out, then the deadline phrase
(:func:`taskboard.domain.dates.find_deadline`, read later by the one date parser), and cuts
the rest into the addressees and the action with
:func:`taskboard.importers.owners.split_addressees` (owners in the dative, co-executors after
«совместно с» in the instrumental, both put in the nominative). :func:`resolve` matches the
people to the directory with :class:`~taskboard.importers.drafts.PhraseResolver` (surname and
initials; nobody is added) and hands everything to the one intake path
(:mod:`taskboard.domain.intake`); :func:`save` records it. Nothing here parses a date or
matches a name on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from taskboard.domain import dates
from taskboard.domain.intake import (
    AssignmentInput,
    Intake,
    IntakeProblems,
    NewAssignment,
    Problem,
    record,
)
from taskboard.domain.models import Assignment
from taskboard.errors import DateParseError, InvalidInput, NotFound, TaskboardError
from taskboard.i18n import domain
from taskboard.importers.drafts import PhraseResolver
from taskboard.importers.owners import (
    PersonPhrase,
    is_infinitive,
    split_addressees,
    surname_nominative,
)
from taskboard.presentation import format_date

_, ngettext = domain("importers")

EXAMPLE = "Сандалову до 1 июня подготовить предложения по бизнес-миссии #Беларусь"
"""A quick line as staff write one (the modal's placeholder, the messages' example)."""

_TAG = re.compile(r"(?<![\w#])#(\w[\w-]*)")
_WORD = re.compile(r"[А-ЯЁа-яё-]+")
_ONE_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
_DATE_LEAD = re.compile(
    r"(?<![\w-])(?:до|к|не\s+позднее|не\s+позже)\s+"
    r"(?P<date>\d{1,2}\.\d{1,2}(?:\.\d{2,4})?|\d{1,2}\s+(?P<month>[а-яё]+)\.?(?:\s+\d{4})?)",
    re.IGNORECASE,
)
_SURNAME_ENDINGS = {
    "datv": (("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ыну", "ын"), ("ой", "а"), ("у", "")),
    "ablt": (("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ыным", "ын"), ("ой", "а")),
}
"""How a surname ends in the dative and the instrumental, for names the dictionary lacks."""


@dataclass
class QuickLine:
    """What a quick line says, in the nominative, before anything is matched or resolved."""

    source: str
    """The line as typed (spaces collapsed)."""
    text: str
    """The action from its infinitive on, capitalised: the assignment's text."""
    owner: PersonPhrase | None
    """Whom it is addressed to; None when the line starts with its action."""
    co_executors: list[PersonPhrase] = field(default_factory=list)
    """«совместно с …», and any further addressees («Сандалову, Волоскову …»)."""
    due: str = ""
    """The deadline phrase as written («до 1 июня», «срочно»), empty when there is none."""
    tags: list[str] = field(default_factory=list)
    """The «#тег» words, without the «#»."""


class QuickProblems(IntakeProblems):
    """The quick line cannot be recorded: every problem, and the line as far as it was read."""

    def __init__(self, problems: list[Problem], line: QuickLine | None) -> None:
        super().__init__(problems)
        self.line = line


def _tidy(text: str) -> str:
    flat = " ".join(text.split())
    flat = re.sub(r"\s+([,;:.])", r"\1", flat)
    return flat.strip(" ,;:—–-")


def _unreadable_date(text: str, *, today: date, mode: str) -> None:
    """Refuse a date the line clearly means but the parser cannot read («до 30 февраля»)."""
    for match in _DATE_LEAD.finditer(text):
        month = match["month"]
        if month is not None and dates.month_number(month) is None:
            continue  # «до 5 человек»: a number, not a date
        dates.parse_date(match.group(), today=today, mode=mode)  # raises the parser's reason


def read_line(line: str, *, today: date, mode: str = dates.CALENDAR) -> QuickLine:
    """Read a quick line into whom, what, by when and tags; :class:`InvalidInput` if it
    says nothing to do or names a date that does not exist."""
    source = " ".join(line.split())
    if not source:
        raise InvalidInput(
            _("The quick line is empty: write whom, by when and what, e.g. «{example}».").format(
                example=EXAMPLE
            )
        )
    tags: list[str] = []
    for match in _TAG.finditer(source):
        if match.group(1) not in tags:
            tags.append(match.group(1))
    rest = _TAG.sub(" ", source)
    due = dates.find_deadline(rest, today=today, mode=mode) or ""
    if due:
        at = rest.index(due)
        rest = rest[:at] + " " + rest[at + len(due) :]
    else:
        _unreadable_date(rest, today=today, mode=mode)
    rest = _tidy(rest)
    if not any(is_infinitive(word) for word in _WORD.findall(rest)):
        raise InvalidInput(
            _(
                "The quick line «{line}» says nothing to do: after whom and by when, write the "
                "action («подготовить …», «представить …»)."
            ).format(line=source)
        )
    addressed = split_addressees(rest)
    owner: PersonPhrase | None = None
    co: list[PersonPhrase] = []
    action = rest
    if addressed is not None:
        owner = addressed.owners[0]
        co = addressed.co_executors
        action = addressed.action
    text = _tidy(action)
    return QuickLine(
        source=source,
        text=text[:1].upper() + text[1:],
        owner=owner,
        co_executors=co,
        due=due,
        tags=tags,
    )


def _surname_forms(word: str, case: str) -> list[str]:
    """The nominatives a lone surname in ``case`` may have («Сандалову» → «Сандалов»)."""
    forms = [surname_nominative(word, case)]
    for ending, replacement in _SURNAME_ENDINGS.get(case, ()):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            forms.append(word[: -len(ending)] + replacement)
    forms.append(word)  # «Сидоренко»: the same in every case
    return list(dict.fromkeys(forms))


def _person_ref(
    resolver: PhraseResolver, phrase: PersonPhrase, *, case: str, owner: bool
) -> str | None:
    """The directory's id for ``phrase`` (a lone surname tried in each of its nominatives)."""
    where = _("the quick line")
    if phrase.surname is None and _ONE_NAME.fullmatch(phrase.source):
        # «Сандалову»: read as a body by the protocol rules, written by staff as a surname.
        first: TaskboardError | None = None
        for form in _surname_forms(phrase.source, case):
            try:
                return resolver.ref(
                    PersonPhrase(source=phrase.source, surname=form), where=where, owner=owner
                )
            except NotFound as exc:
                first = first or exc
        assert first is not None
        raise first
    return resolver.ref(phrase, where=where, owner=owner)


@dataclass
class QuickAdd:
    """A quick line resolved: what the intake path will record, and what it was read from."""

    line: QuickLine
    data: AssignmentInput
    """The input handed to the intake path (the line's values, options winning)."""
    new: NewAssignment
    """The assignment as intake resolved it: owner, deadline, tags, text."""
    base: date
    """What rule words and the default deadline count from: the meeting's date, or today."""
    due_text: str
    """The deadline as given (the line's phrase, or ``--due``); empty: the default."""
    owner_from_line: bool = True
    """False when ``--owner`` named the owner instead of the line."""


def resolve(
    session: Session,
    line: QuickLine,
    *,
    actor: str,
    today: date,
    mode: str = dates.CALENDAR,
    given: Mapping[str, Any] | None = None,
    intake: Intake | None = None,
) -> QuickAdd:
    """Match the line's people to the directory and resolve it through the intake path.

    ``given`` holds :class:`AssignmentInput` fields set otherwise (the command's options):
    they win over what the line says. Raises :class:`QuickProblems` with every problem.
    """
    options = dict(given or {})
    resolver = PhraseResolver(session, actor=actor, add_unknown=False)
    problems: list[Problem] = []
    answered: set[str] = set()
    owner_ref = options.pop("owner", None)
    if owner_ref is None:
        if line.owner is None:
            problems.append(
                Problem(
                    "owner",
                    _(
                        "Whom is it for? Start the line with the owner in the dative, then the "
                        "action: «{example}»."
                    ).format(example=EXAMPLE),
                )
            )
        else:
            try:
                owner_ref = _person_ref(resolver, line.owner, case="datv", owner=True)
            except TaskboardError as exc:
                problems.append(Problem("owner", exc.message))
        answered.add("owner")
    co_refs = options.pop("co_executors", None)
    if co_refs is None:
        co_refs = []
        for phrase in line.co_executors:
            try:
                ref = _co_ref(resolver, phrase)
            except TaskboardError as exc:
                problems.append(Problem("co_executors", exc.message))
                answered.add("co_executors")
                continue
            if ref is not None:
                co_refs.append(ref)
    due_text = options.pop("due", None)
    if due_text is None:
        due_text = line.due
    data = AssignmentInput(
        text=options.pop("text", line.text),
        owner=owner_ref or "",
        due=due_text or None,
        co_executors=co_refs,
        tags=options.pop("tags", None) or line.tags,
        **options,
    )
    reader = intake or Intake(session, today=today, deadline_mode=mode)
    new: NewAssignment | None = None
    try:
        new = reader.new_assignment(data)
    except IntakeProblems as exc:
        problems.extend(p for p in exc.problems if p.field not in answered)
    if problems:
        raise QuickProblems(_first_each(problems), line)
    assert new is not None
    base = reader.meeting(new.meeting_id).date if new.meeting_id is not None else today
    return QuickAdd(
        line=line,
        data=data,
        new=new,
        base=base,
        due_text=due_text or "",
        owner_from_line="owner" not in (given or {}),
    )


def _co_ref(resolver: PhraseResolver, phrase: PersonPhrase) -> str | None:
    """A co-executor's id: «совместно с Волосковым» (instrumental) or a further addressee."""
    try:
        return _person_ref(resolver, phrase, case="ablt", owner=False)
    except NotFound:
        return _person_ref(resolver, phrase, case="datv", owner=False)


def _first_each(problems: list[Problem]) -> list[Problem]:
    seen: list[Problem] = []
    for problem in problems:
        if problem not in seen:
            seen.append(problem)
    return seen


def prepare(
    session: Session,
    text: str,
    *,
    actor: str,
    today: date,
    mode: str = dates.CALENDAR,
    given: Mapping[str, Any] | None = None,
) -> QuickAdd:
    """Read and resolve a quick line (nothing is written): :func:`read_line` + :func:`resolve`."""
    try:
        line = read_line(text, today=today, mode=mode)
    except InvalidInput as exc:
        raise QuickProblems([Problem("text", exc.message)], None) from None
    return resolve(session, line, actor=actor, today=today, mode=mode, given=given)


def save(session: Session, quick: QuickAdd, *, actor: str) -> Assignment:
    """Record a resolved quick line through the intake path (its history event included)."""
    return record(session, quick.new, actor=actor)


@dataclass(frozen=True)
class Understood:
    """One thing the quick line was understood to say, for the command's stderr and the modal."""

    field: str
    """``owner``, ``co_executors``, ``due``, ``tags`` or ``text``."""
    label: str
    value: str
    ok: bool = True
    """False: a problem (the value says what is wrong)."""


def deadline_phrase(
    due: date | None, due_text: str, *, standing: bool, base: date, mode: str, meeting: bool
) -> str:
    """The deadline as understood: «01.06.2027 («до 1 июня»)», «27.11.2026 (срочно: 3 days)»."""
    if standing:
        return _("standing: on control without a deadline")
    if due is None:
        default = dates.default_deadline(base, mode=mode)
        if meeting:
            return _("{date} (one month from the meeting)").format(date=format_date(default))
        return _("{date} (one month from today)").format(date=format_date(default))
    shown = format_date(due)
    phrase = " ".join(due_text.split())
    if not phrase or phrase == shown:
        return shown
    rule = dates.describe_rule(phrase, mode=mode)
    return f"{shown} ({rule})" if rule else f"{shown} («{phrase}»)"


def understood(quick: QuickAdd, *, mode: str = dates.CALENDAR) -> list[Understood]:
    """What the line was understood to say: owner, co-executors, deadline, tags, text."""
    source = quick.line.owner.source if quick.line.owner and quick.owner_from_line else None
    return summary(
        quick.new, base=quick.base, due_text=quick.due_text, mode=mode, owner_source=source
    )


def summary(
    new: NewAssignment,
    *,
    base: date,
    due_text: str = "",
    mode: str = dates.CALENDAR,
    owner_source: str | None = None,
) -> list[Understood]:
    """A resolved new assignment as the lines staff check: owner (and the words it was read
    from), co-executors, deadline, tags, text."""
    owner = new.owner_name if owner_source is None else f"{new.owner_name} ← «{owner_source}»"
    found = [Understood("owner", _("Owner"), owner)]
    if new.co_executor_names:
        found.append(
            Understood("co_executors", _("Co-executors"), ", ".join(new.co_executor_names))
        )
    deadline = deadline_phrase(
        new.due,
        due_text,
        standing=new.standing,
        base=base,
        mode=mode,
        meeting=new.meeting_id is not None,
    )
    found.append(Understood("due", _("Deadline"), deadline))
    if new.tags:
        found.append(Understood("tags", _("Tags"), ", ".join(new.tags)))
    found.append(Understood("text", _("Text"), new.text))
    return found


def understood_so_far(
    line: QuickLine | None, problems: list[Problem], *, today: date, mode: str = dates.CALENDAR
) -> list[Understood]:
    """What a line that cannot be recorded yet was understood to say, its problems in place."""
    by_field: dict[str, str] = {}
    for problem in problems:
        by_field.setdefault(problem.field, problem.message)
    found: list[Understood] = []
    if line is None:
        return [Understood("text", _("Text"), by_field.get("text", ""), ok=False)]
    if "owner" in by_field:
        found.append(Understood("owner", _("Owner"), by_field["owner"], ok=False))
    elif line.owner is not None:
        found.append(Understood("owner", _("Owner"), line.owner.name or line.owner.source))
    if "co_executors" in by_field:
        found.append(
            Understood("co_executors", _("Co-executors"), by_field["co_executors"], ok=False)
        )
    if "due" in by_field:
        found.append(Understood("due", _("Deadline"), by_field["due"], ok=False))
    else:
        try:
            due = dates.parse_date(line.due, today=today, mode=mode) if line.due else None
        except DateParseError as exc:
            found.append(Understood("due", _("Deadline"), exc.message, ok=False))
        else:
            shown = deadline_phrase(
                due, line.due, standing=False, base=today, mode=mode, meeting=False
            )
            found.append(Understood("due", _("Deadline"), shown))
    if line.tags:
        found.append(Understood("tags", _("Tags"), ", ".join(line.tags)))
    found.append(Understood("text", _("Text"), line.text))
    for name, message in by_field.items():
        if name not in ("owner", "co_executors", "due", "text"):
            found.append(Understood(name, name, message, ok=False))
    return found


__all__ = [
    "EXAMPLE",
    "QuickAdd",
    "QuickLine",
    "QuickProblems",
    "Understood",
    "deadline_phrase",
    "prepare",
    "read_line",
    "resolve",
    "save",
    "summary",
    "understood",
    "understood_so_far",
]
