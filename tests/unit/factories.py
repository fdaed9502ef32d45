"""Small factories for domain tests: people, meetings and assignments with sensible defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from taskboard.domain import services

ACTOR = "Тестов Т.Т."


def person(session: Session, name: str = "Сандалов Михаил", **kwargs: Any) -> int:
    """Add a person; return the id."""
    created = services.add_person(session, full_name=name, actor=ACTOR, **kwargs)
    assert created.id is not None
    return created.id


def meeting(
    session: Session,
    title: str = "Оперативное совещание",
    held: date = date(2026, 11, 10),
    **kwargs: Any,
) -> int:
    """Add a meeting; return the id."""
    created = services.add_meeting(session, title=title, date=held, actor=ACTOR, **kwargs)
    assert created.id is not None
    return created.id


def assignment(
    session: Session,
    owner_id: int,
    text: str = "Проработать вопрос",
    due: date | None = date(2026, 12, 10),
    **kwargs: Any,
) -> int:
    """Add an assignment; return the id."""
    created = services.add_assignment(
        session, text=text, owner_id=owner_id, due=due, actor=ACTOR, **kwargs
    )
    assert created.id is not None
    return created.id
