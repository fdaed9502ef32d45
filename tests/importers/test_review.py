"""Reviewing a document before import: proposals checked one by one, fixed, some accepted."""

from __future__ import annotations

from pathlib import Path

from taskboard.importers import review
from tests.conftest import TODAY

PRESS = Path(__file__).parents[2] / "examples" / "press-release-belarus.txt"

PROTOCOL = """ПРОТОКОЛ
оперативного совещания у Губернатора Кировской области
20.11.2026                                                  № 15

1. Председателю Правительства Кировской области Сандалову М.А. проработать все вопросы
совместных проектов с Республикой Беларусь.
Срок – до 15 декабря 2026 г.
2. Министерству культуры Кировской области обеспечить участие в выставке.
3. Генеральному директору АО «ОМЗ» Волоскову С.А. в двухнедельный срок представить
предложения по поставкам направляющих.
"""


def _count(where: Path | str, table: str) -> int:
    from taskboard.storage.database import open_database

    database = open_database(where)
    try:
        with database.engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
    finally:
        database.dispose()


def test_each_proposal_is_checked_on_its_own_and_nothing_is_written(demo: Path) -> None:
    from taskboard.storage.database import open_database

    db = open_database(demo)
    before = (_count(demo, "assignment"), _count(demo, "meeting"), _count(demo, "person"))
    found = review.propose(db, PROTOCOL, actor="t", today=TODAY)
    assert [p.draft.number for p in found.proposals] == ["1", "2", "3"]
    first, second, third = found.proposals
    assert first.planned is not None and first.planned.owner == "Сандалов Михаил"
    assert second.planned is None and "Who is the owner" in second.problems[0]
    assert third.planned is not None and third.planned.due.isoformat() == "2026-12-04"
    assert found.meeting is not None and found.meeting.created and found.meeting.number == "15"
    assert (_count(demo, "assignment"), _count(demo, "meeting"), _count(demo, "person")) == before
    db.dispose()


def test_a_fixed_owner_and_two_of_three_accepted_are_written_together(demo: Path) -> None:
    from taskboard.storage.database import open_database

    db = open_database(demo)
    found = review.propose(db, PROTOCOL, actor="t", today=TODAY)
    review.edit(found.proposals[1], owner="волосков")
    review.reassess(db, found, actor="t", today=TODAY)
    assert found.proposals[1].planned is not None
    assert found.proposals[1].planned.owner == "Волосков Сергей Александрович"
    outcome = review.accept(db, found, [0, 1], actor="t", today=TODAY)
    assert [p.number for p in outcome.created] == ["1", "2"]
    assert outcome.meeting is not None and outcome.meeting.created
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT number FROM assignment WHERE meeting_id = {int(outcome.meeting.id or 0)} "
            "ORDER BY number"
        ).fetchall()
    assert [tuple(row) for row in rows] == [("1",), ("2",)]
    db.dispose()


def test_press_release_candidates_wait_for_a_person_to_choose_them(demo: Path) -> None:
    from taskboard.storage.database import open_database

    db = open_database(demo)
    found = review.propose(
        db, PRESS.read_text(encoding="utf-8"), actor="t", today=TODAY, meeting_date="19.10.2026"
    )
    assert len(found.proposals) >= 4
    assert not any(p.accepted for p in found.proposals)
    sentences = " ".join(p.source for p in found.proposals)
    assert "Брестскую крепость" in sentences and "Сандалову" in sentences
    sandalov = next(p for p in found.proposals if "Сандалову" in p.source)
    assert sandalov.planned is not None and sandalov.planned.owner == "Сандалов Михаил"
    db.dispose()


def test_accepting_nothing_writes_nothing_not_even_the_meeting(demo: Path) -> None:
    import pytest

    from taskboard.errors import InvalidInput
    from taskboard.storage.database import open_database

    db = open_database(demo)
    meetings = _count(demo, "meeting")
    found = review.propose(db, PROTOCOL, actor="t", today=TODAY)
    with pytest.raises(InvalidInput, match="no proposal is accepted"):
        review.accept(db, found, [], actor="t", today=TODAY)
    assert _count(demo, "meeting") == meetings
    db.dispose()
