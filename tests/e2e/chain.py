"""The check every multi-writer suite ends with: the history chain held under concurrency."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from taskboard.domain.models import Event
from taskboard.storage.database import open_database


def assert_chain_holds(url: Path | str) -> None:
    """Writers that committed at once still gave every event the next place: 1, 2, … N with
    no gap or duplicate, and the chain verifies from the first event to the head."""
    from taskboard.domain import audit

    db = open_database(url)
    try:
        with db.read() as s:
            places = [e.chain_seq for e in s.exec(select(Event).order_by(Event.id))]
            verdict = audit.verify(s.connection())
    finally:
        db.dispose()
    assert sorted(p for p in places if p is not None) == list(range(1, len(places) + 1))
    assert verdict.ok, verdict.finding
    assert verdict.events == len(places)
