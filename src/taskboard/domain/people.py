"""Finding people on a session: :mod:`taskboard.domain.naming`'s rules, as ORM objects.

The matching itself (id, full name, unique prefix, protocols' «Сандалов М.А.») lives in
:mod:`~taskboard.domain.naming`, which runs on a plain DB-API connection; here it runs on the
session's own connection and hands back :class:`Person` objects. :class:`PersonResolver` adds
a cache for a file that names the same few people thousands of times.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sqlmodel import Session, col, select

from taskboard.domain import naming
from taskboard.domain.models import Person
from taskboard.domain.naming import Found, fits_initials
from taskboard.domain.queries import reader_of
from taskboard.domain.search import fold
from taskboard.errors import TaskboardError

__all__ = [
    "Found",
    "NameMatch",
    "PersonResolver",
    "by_organisation",
    "candidates",
    "close_matches",
    "fits_initials",
    "match_initials",
    "namesakes",
    "resolve_person",
]


def _people(session: Session, found: list[Found]) -> list[Person]:
    """The :class:`Person` objects of ``found``, in that order, in one query."""
    if not found:
        return []
    by_id = {
        p.id: p
        for p in session.exec(select(Person).where(col(Person.id).in_([f.id for f in found])))
    }
    return [by_id[f.id] for f in found if f.id in by_id]


def candidates(session: Session, ref: str, *, limit: int = 20) -> list[Person]:
    """People whose full name, or any word of it, starts with ``ref`` (folded)."""
    return _people(session, naming.candidates(reader_of(session), ref, limit=limit))


def namesakes(session: Session, full_name: str, *, exclude_id: int | None = None) -> list[Person]:
    """People already listed under exactly this full name (folded, «ё» = «е»)."""
    statement = select(Person).where(Person.name_folded == fold(full_name.strip()))
    if exclude_id is not None:
        statement = statement.where(Person.id != exclude_id)
    return list(session.exec(statement.order_by(col(Person.id))))


def close_matches(session: Session, ref: str, *, limit: int = 5) -> list[str]:
    """Names that look like ``ref``, for "did you mean" lists."""
    return naming.close_matches(reader_of(session), ref, limit=limit)


def resolve_person(session: Session, ref: str, *, loose: bool = False) -> Person:
    """The one person ``ref`` names (:func:`taskboard.domain.naming.resolve`'s rules)."""
    found = naming.resolve(reader_of(session), ref, loose=loose)
    person = session.get(Person, found.id)
    assert person is not None  # found in this transaction a moment ago
    return person


class PersonResolver:
    """:func:`resolve_person` with a cache: a 10,000-row file names the same few people."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, bool], Found | TaskboardError] = {}
        self._loaded: list[Person] = []
        # Held so that the session's (weak) identity map keeps them: the services'
        # existence checks then cost no query.

    def resolve(self, ref: str, *, loose: bool = False) -> Found:
        """The person ``ref`` names, or the error :func:`resolve_person` raises."""
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
        if isinstance(found, TaskboardError):
            raise found
        return found


class NameMatch(NamedTuple):
    """How a surname with initials («Иванов И.И.») fits the directory."""

    person: Person | None
    """The one person who fits, if exactly one does."""
    fitting: list[Person]
    """Everyone who fits (several: ambiguous)."""
    namesakes: list[Person]
    """People with the same surname whose names contradict the initials (near matches)."""


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
