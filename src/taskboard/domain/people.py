"""Finding people: by id, full name, or a unique case-insensitive prefix of a name or surname."""

from __future__ import annotations

import difflib

from sqlalchemy import or_
from sqlmodel import Session, col, select

from taskboard.domain.models import Person
from taskboard.domain.search import fold, like_pattern
from taskboard.errors import AmbiguousName, NotFound
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


def resolve_person(session: Session, ref: str) -> Person:
    """The one person ``ref`` names: an id, a full name, or a unique prefix («сандалов»)."""
    text = ref.strip()
    if not text:
        raise NotFound(_("A person's name is empty; give a full name, a surname or an id."))
    if text.isdigit():
        person = session.get(Person, int(text))
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
