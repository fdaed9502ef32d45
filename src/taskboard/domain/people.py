"""Finding people: by id, full name, or a unique case-insensitive prefix of a name or surname.

Protocols name people loosely («Сандалов М.А.», «Председатель Правительства Сандалов М.А.»):
``resolve_person(..., loose=True)`` then tries the surname and each capitalised word, and
picks among namesakes by the initials. :class:`PersonResolver` adds a cache for a file that
names the same few people thousands of times. This is the only place names are matched.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from sqlalchemy import or_
from sqlmodel import Session, col, select

from taskboard.domain.ids import MAX_ID, looks_like_id, parse_id
from taskboard.domain.models import Person
from taskboard.domain.search import fold, like_pattern
from taskboard.errors import AmbiguousName, NotFound, TaskboardError
from taskboard.i18n import _


def _prefix(word: str) -> str:
    return like_pattern(word)[1:]  # drop the leading "%": anchored at the start


def candidates(session: Session, ref: str, *, limit: int = 20) -> list[Person]:
    """People whose full name, or any word of it, starts with ``ref`` (folded)."""
    key = fold(ref).strip()
    if not key:
        return []
    statement = (
        select(Person)
        .where(
            or_(
                col(Person.name_folded).like(_prefix(key), escape="\\"),
                col(Person.name_folded).like("% " + _prefix(key), escape="\\"),
            )
        )
        .order_by(col(Person.name_folded))
        .limit(limit)
    )
    return list(session.exec(statement))


def namesakes(session: Session, full_name: str, *, exclude_id: int | None = None) -> list[Person]:
    """People already listed under exactly this full name (folded, «ё» = «е»)."""
    statement = select(Person).where(Person.name_folded == fold(full_name.strip()))
    if exclude_id is not None:
        statement = statement.where(Person.id != exclude_id)
    return list(session.exec(statement.order_by(col(Person.id))))


def close_matches(session: Session, ref: str, *, limit: int = 5) -> list[str]:
    """Names that look like ``ref``, for "did you mean" lists."""
    key = fold(ref)
    names = list(session.exec(select(Person.full_name, Person.name_folded)))
    by_folded = {folded: name for name, folded in names}
    found = difflib.get_close_matches(key, list(by_folded), n=limit, cutoff=0.5)
    if not found:
        surnames = {folded.split()[0]: folded for _n, folded in names if folded.split()}
        found = [surnames[s] for s in difflib.get_close_matches(key, list(surnames), n=limit)]
    return [by_folded[f] for f in found]


def resolve_person(session: Session, ref: str, *, loose: bool = False) -> Person:
    """The one person ``ref`` names: an id, a full name, or a unique prefix («сандалов»).

    With ``loose``, a name as protocols write it («Сандалов М.А.») is also tried word by
    word, and namesakes are told apart by the initials.
    """
    try:
        return _resolve_exactly(session, ref)
    except TaskboardError as first:
        if not loose:
            raise
        return _resolve_loosely(session, ref, first)


def _resolve_loosely(session: Session, ref: str, first: TaskboardError) -> Person:
    # «Сандалов М.А.»: the register may hold «Сандалов Михаил»; try the surname, then each
    # other word («Председатель Правительства Сандалов М.А.»).
    words = [w.strip(".,;:()«»\"'") for w in ref.split()]
    words = [w for w in words if len(w) > 1 and w[0].isupper()]
    problem: TaskboardError = first
    for word in words:
        if word == ref.strip():
            continue
        try:
            person = _resolve_exactly(session, word)
        except AmbiguousName as exc:
            by_initials = _by_initials(session, word, ref)
            if by_initials is not None:
                return by_initials
            if not isinstance(problem, AmbiguousName):
                problem = exc  # «several Сандалов» says more than «no such person»
            continue
        except TaskboardError:
            continue
        if _fits(person, word, ref):
            return person
    raise problem from None


def _fits(person: Person, word: str, ref: str) -> bool:
    """Whether ``person``, found by the prefix ``word``, is the one «Иванов И.И.» names.

    With initials in ``ref`` the word is a whole surname and the initials must fit:
    «Иванов И.И.» is neither «Ивановский Игорь» nor «Иванов Пётр».
    """
    initials = re.findall(r"(?<![^\s.])(\w)\.", ref.replace(word, ""))
    return not initials or fits_initials(person.full_name, word, "".join(initials))


def _by_initials(session: Session, surname: str, ref: str) -> Person | None:
    """Among namesakes, the one whose first name and patronymic fit «М.А.» in ``ref``."""
    initials = [fold(i) for i in re.findall(r"(?<![^\s.])(\w)\.", ref.replace(surname, ""))]
    if not initials:
        return None
    fitting = []
    for person in candidates(session, surname):
        words = fold(person.full_name).split()
        if not words or words[0] != fold(surname):
            continue
        rest = words[1:]
        # «Сандалов Михаил» fits «М.А.»: a missing patronymic does not contradict it.
        if rest and all(w.startswith(i) for w, i in zip(rest, initials, strict=False)):
            fitting.append(person)
    return fitting[0] if len(fitting) == 1 else None


def _resolve_exactly(session: Session, ref: str) -> Person:
    text = ref.strip()
    if not text:
        raise NotFound(_("A person's name is empty; give a full name, a surname or an id."))
    if looks_like_id(text):
        if text.isascii() and int(text) > MAX_ID:
            raise NotFound(_("No person with id {id}.").format(id=text))
        person = session.get(Person, parse_id(text))
        if person is None:
            raise NotFound(_("No person with id {id}.").format(id=text))
        return person
    key = fold(text)
    exact = list(session.exec(select(Person).where(Person.name_folded == key)))
    if len(exact) == 1:
        return exact[0]
    found = exact or candidates(session, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = [p.full_name for p in found[:8]]
        raise AmbiguousName(
            _("«{ref}» matches several people: {names}; give more of the name or an id.").format(
                ref=text,
                names="; ".join(f"{n} (id {p.id})" for n, p in zip(names, found, strict=False)),
            ),
            names,
        )
    close = close_matches(session, text)
    if close:
        raise NotFound(
            _("No person «{ref}». Did you mean: {names}?").format(ref=text, names="; ".join(close))
        )
    raise NotFound(
        _('No person «{ref}»; add them with: taskboard person add "{ref}"').format(ref=text)
    )


class Found(NamedTuple):
    """A person a name resolved to."""

    id: int
    full_name: str


class PersonResolver:
    """:func:`resolve_person` with a cache: a 10,000-row file names the same few people."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, bool], Found | TaskboardError] = {}
        self._given: dict[tuple[str, bool], Found | TaskboardError] = {}
        self._loaded: list[Person] = []
        # Held so that the session's (weak) identity map keeps them: the services'
        # existence checks then cost no query.

    def resolve(self, ref: str, *, loose: bool = False) -> Found:
        """The person ``ref`` names, or the error :func:`resolve_person` raises."""
        found = self._given.get((ref, loose))
        if found is None:
            # By the text as given first: a file names the same people in the same words.
            found = self._given[(ref, loose)] = self._resolve(ref, loose)
        if isinstance(found, TaskboardError):
            raise found.with_traceback(None)
        return found

    def _resolve(self, ref: str, loose: bool) -> Found | TaskboardError:
        key = (fold(ref).strip(), loose)
        found = self._cache.get(key)
        if found is None:
            try:
                person = resolve_person(self.session, ref, loose=loose)
                assert person.id is not None
                self._loaded.append(person)
                found = Found(person.id, person.full_name)
            except TaskboardError as exc:
                found = exc
            self._cache[key] = found
        return found


class NameMatch(NamedTuple):
    """How a surname with initials («Иванов И.И.») fits the directory."""

    person: Person | None
    """The one person who fits, if exactly one does."""
    fitting: list[Person]
    """Everyone who fits (several: ambiguous)."""
    namesakes: list[Person]
    """People with the same surname whose names contradict the initials (near matches)."""


def fits_initials(full_name: str, surname: str, initials: str) -> bool:
    """Whether «Иванов Иван Ильич» (or «Иванов И.И.») can be the «Иванов И.И.» of a protocol.

    The surname must be the same («ё» = «е»); each initial given must start the matching
    word; a name with fewer words (no patronymic) does not contradict more initials.
    """
    words = fold(full_name).replace(".", ". ").split()
    if not words or words[0] != fold(surname):
        return False
    letters = [fold(c) for c in re.findall(r"\w", initials)]
    rest = [w for w in words[1:] if w]
    return all(w.startswith(i) for w, i in zip(rest, letters, strict=False))


def match_initials(session: Session, surname: str, initials: str) -> NameMatch:
    """The directory's people who can be ``surname`` with ``initials``, and the near misses."""
    same_surname = [
        p
        for p in candidates(session, surname, limit=50)
        if fold(p.full_name).split()[0] == fold(surname)
    ]
    fitting = [p for p in same_surname if fits_initials(p.full_name, surname, initials)]
    namesakes = [p for p in same_surname if p not in fitting]
    return NameMatch(fitting[0] if len(fitting) == 1 else None, fitting, namesakes)


def by_organisation(session: Session, organisation: str) -> list[Person]:
    """People whose organisation is the body a protocol names (folded, «ё» = «е»)."""
    key = fold(organisation).strip()
    if not key:
        return []
    found = list(session.exec(select(Person).where(col(Person.organisation).is_not(None))))
    exact = [p for p in found if p.organisation and _body(p.organisation) == _body(key)]
    if exact:
        return exact
    # «Министерство образования» for «Министерство образования Кировской области»: a name
    # cut short at a word boundary still means the same body.
    return [
        p
        for p in found
        if p.organisation
        and (
            _body(p.organisation).startswith(_body(key) + " ")
            or _body(key).startswith(_body(p.organisation) + " ")
        )
    ]


def _body(name: str) -> str:
    return " ".join(re.sub(r"[«»\"]", "", fold(name)).split())
