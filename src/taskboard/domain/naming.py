"""Matching a name to a person: by id, full name, or a unique case-insensitive prefix.

Protocols name people loosely («Сандалов М.А.», «Председатель Правительства Сандалов М.А.»):
``resolve(..., loose=True)`` then tries the surname and each capitalised word, and picks among
namesakes by the initials. This is the only place names are matched. It runs its SQL on a
:class:`~taskboard.storage.direct.Reader` (no SQLAlchemy: ``list --owner`` takes the read path),
and :mod:`taskboard.domain.people` runs the same rules on a session's own connection.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from taskboard.domain.ids import MAX_ID, looks_like_id, parse_id
from taskboard.domain.search import fold, like_pattern
from taskboard.errors import AmbiguousName, NotFound, TaskboardError
from taskboard.i18n import _
from taskboard.storage.direct import Reader


class Found(NamedTuple):
    """A person a name resolved to."""

    id: int
    full_name: str


_INITIALS = re.compile(r"(?<![^\s.])(\w)\.")


def _prefix(word: str) -> str:
    return like_pattern(word)[1:]  # drop the leading "%": anchored at the start


def candidates(reader: Reader, ref: str, *, limit: int = 20) -> list[Found]:
    """People whose full name, or any word of it, starts with ``ref`` (folded)."""
    key = fold(ref).strip()
    if not key:
        return []
    rows = reader.rows(
        "SELECT id, full_name FROM person"
        " WHERE name_folded LIKE :start ESCAPE '\\' OR name_folded LIKE :word ESCAPE '\\'"
        " ORDER BY name_folded LIMIT :limit",
        {"start": _prefix(key), "word": "% " + _prefix(key), "limit": limit},
    )
    return [Found(int(pid), name) for pid, name in rows]


def close_matches(reader: Reader, ref: str, *, limit: int = 5) -> list[str]:
    """Names that look like ``ref``, for "did you mean" lists."""
    key = fold(ref)
    names = reader.rows("SELECT full_name, name_folded FROM person")
    by_folded = {folded: name for name, folded in names}
    found = difflib.get_close_matches(key, list(by_folded), n=limit, cutoff=0.5)
    if not found:
        surnames = {folded.split()[0]: folded for _n, folded in names if folded.split()}
        found = [surnames[s] for s in difflib.get_close_matches(key, list(surnames), n=limit)]
    return [by_folded[f] for f in found]


def resolve(reader: Reader, ref: str, *, loose: bool = False) -> Found:
    """The one person ``ref`` names: an id, a full name, or a unique prefix («сандалов»).

    With ``loose``, a name as protocols write it («Сандалов М.А.») is also tried word by
    word, and namesakes are told apart by the initials.
    """
    try:
        return _resolve_exactly(reader, ref)
    except TaskboardError as first:
        if not loose:
            raise
        return _resolve_loosely(reader, ref, first)


def _resolve_loosely(reader: Reader, ref: str, first: TaskboardError) -> Found:
    # «Сандалов М.А.»: the register may hold «Сандалов Михаил»; try the surname, then each
    # other word («Председатель Правительства Сандалов М.А.»).
    words = [w.strip(".,;:()«»\"'") for w in ref.split()]
    words = [w for w in words if len(w) > 1 and w[0].isupper()]
    problem: TaskboardError = first
    for word in words:
        if word == ref.strip():
            continue
        try:
            person = _resolve_exactly(reader, word)
        except AmbiguousName as exc:
            by_initials = _by_initials(reader, word, ref)
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


def _fits(person: Found, word: str, ref: str) -> bool:
    """Whether ``person``, found by the prefix ``word``, is the one «Иванов И.И.» names.

    With initials in ``ref`` the word is a whole surname and the initials must fit:
    «Иванов И.И.» is neither «Ивановский Игорь» nor «Иванов Пётр».
    """
    initials = _INITIALS.findall(ref.replace(word, ""))
    return not initials or fits_initials(person.full_name, word, "".join(initials))


def _by_initials(reader: Reader, surname: str, ref: str) -> Found | None:
    """Among namesakes, the one whose first name and patronymic fit «М.А.» in ``ref``."""
    initials = [fold(i) for i in _INITIALS.findall(ref.replace(surname, ""))]
    if not initials:
        return None
    fitting = []
    for person in candidates(reader, surname):
        words = fold(person.full_name).split()
        if not words or words[0] != fold(surname):
            continue
        rest = words[1:]
        # «Сандалов Михаил» fits «М.А.»: a missing patronymic does not contradict it.
        if rest and all(w.startswith(i) for w, i in zip(rest, initials, strict=False)):
            fitting.append(person)
    return fitting[0] if len(fitting) == 1 else None


def _resolve_exactly(reader: Reader, ref: str) -> Found:
    text = ref.strip()
    if not text:
        raise NotFound(_("A person's name is empty; give a full name, a surname or an id."))
    if looks_like_id(text):
        if text.isascii() and int(text) > MAX_ID:
            raise NotFound(_("No person with id {id}.").format(id=text))
        rows = reader.rows(
            "SELECT id, full_name FROM person WHERE id = :id", {"id": parse_id(text)}
        )
        if not rows:
            raise NotFound(_("No person with id {id}.").format(id=text))
        return Found(int(rows[0][0]), rows[0][1])
    exact = [
        Found(int(pid), name)
        for pid, name in reader.rows(
            "SELECT id, full_name FROM person WHERE name_folded = :key ORDER BY id",
            {"key": fold(text)},
        )
    ]
    if len(exact) == 1:
        return exact[0]
    found = exact or candidates(reader, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = [p.full_name for p in found[:8]]
        raise AmbiguousName(
            _("«{ref}» matches several people: {names}; give more of the name or an id.").format(
                ref=text,
                names="; ".join(f"{p.full_name} (id {p.id})" for p in found[:8]),
            ),
            names,
        )
    close = close_matches(reader, text)
    if close:
        raise NotFound(
            _("No person «{ref}». Did you mean: {names}?").format(ref=text, names="; ".join(close))
        )
    raise NotFound(
        _('No person «{ref}»; add them with: taskboard person add "{ref}"').format(ref=text)
    )


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
