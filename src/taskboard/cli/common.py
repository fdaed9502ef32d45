"""Helpers shared by commands: dates, people, ids, output format checks."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from taskboard.cli.context import AppContext
from taskboard.errors import InvalidInput
from taskboard.i18n import _


def parse_date(app: AppContext, text: str, *, base: date | None = None) -> date:
    """A date typed by the user, through the one parser the whole program uses."""
    from taskboard.domain import dates

    return dates.parse_date(text, today=app.today, base=base, mode=app.deadline_mode)


def person_id(session: Session, ref: str | None) -> int | None:
    """The id of the person ``ref`` names (None stays None)."""
    if ref is None:
        return None
    from taskboard.domain.people import resolve_person

    person = resolve_person(session, ref)
    assert person.id is not None
    return person.id


def person_ids(session: Session, refs: list[str] | None) -> list[int]:
    """The ids of several people, in the order given."""
    return [pid for ref in refs or [] if (pid := person_id(session, ref)) is not None]


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """Refuse an unknown ``--format``."""
    if fmt not in allowed:
        raise InvalidInput(
            _("Unknown format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(allowed)
            )
        )
    return fmt
