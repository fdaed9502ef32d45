"""Helpers shared by commands: the person a filter names, output format checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskboard.errors import InvalidInput
from taskboard.i18n import _

if TYPE_CHECKING:
    from sqlmodel import Session

    from taskboard.storage.direct import Reader


def person_id(reader: Reader, ref: str | None) -> int | None:
    """The id of the person a filter (``--owner``) names; None stays None."""
    if ref is None:
        return None
    from taskboard.domain import naming

    return naming.resolve(reader, ref).id


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """Refuse an unknown ``--format``."""
    if fmt not in allowed:
        raise InvalidInput(
            _("Unknown format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(allowed)
            )
        )
    return fmt


def assignment_label_of(session: Session, assignment_id: int) -> str:
    """«Поручение 3 (совещание 19.10.2026)»: the assignment as staff see it."""
    from taskboard.domain import services
    from taskboard.presentation import assignment_label

    assignment = services.get_assignment(session, assignment_id)
    held = (
        services.get_meeting(session, assignment.meeting_id).date
        if assignment.meeting_id is not None
        else None
    )
    return assignment_label(assignment.number, assignment.id, held)
