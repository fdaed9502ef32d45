"""Helpers shared by commands: the person a filter names, output format checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskboard.errors import InvalidInput
from taskboard.i18n import _

if TYPE_CHECKING:
    from sqlmodel import Session


def person_id(session: Session, ref: str | None) -> int | None:
    """The id of the person a filter (``--owner``) names; None stays None."""
    if ref is None:
        return None
    from taskboard.domain.people import resolve_person

    person = resolve_person(session, ref)
    assert person.id is not None
    return person.id


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """Refuse an unknown ``--format``."""
    if fmt not in allowed:
        raise InvalidInput(
            _("Unknown format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(allowed)
            )
        )
    return fmt
