"""A writer process for the mixed-load test: random changes through the library, each logged.

``python mixed_worker.py URL NAME OPS SEED SHARED`` runs OPS operations chosen with the seeded
random generator (``SHARED``: the comma-separated ids every worker aims at most), each one
through :meth:`Database.transact`, the command line's retrying write path, as actor NAME.
After each operation one JSON line goes to stdout (flushed), with how many times
:meth:`Database.transact` ran it (more than once: it met a concurrent writer's commit and was
run again on fresh data): the accepted ones with what they
wrote per assignment — the version they left, how many events, notes and extensions, and the
fields afterwards, read in their own transaction — the refused ones with the refusal's type.
Every text an operation writes carries its marker (``NAME#i``), so that the test can tell
that a refused one left no trace.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from datetime import timedelta
from typing import Any

from sqlmodel import Session, func, select

from taskboard.domain import clock, services
from taskboard.domain.models import Assignment, Event, Extension, Note, Person
from taskboard.domain.undo import undo_last
from taskboard.errors import TaskboardError
from taskboard.storage.database import open_database

KINDS = Counter(
    add=12,
    edit=20,
    edit_if_version=6,
    note=18,
    extend=10,
    start=6,
    done=8,
    cancel=6,
    reopen=8,
    undo=6,
)
"""The operations and how often each is chosen."""


def snapshot(session: Session, assignment_id: int) -> dict[str, Any]:
    """The fields the test compares, as this transaction sees them."""
    a = session.get(Assignment, assignment_id, populate_existing=True)
    assert a is not None
    return {
        "text": a.text,
        "owner_id": a.owner_id,
        "status": a.status,
        "due": a.due.isoformat() if a.due else None,
        "tags": sorted(services.tags_of(session, assignment_id)),
        "version": a.version,
    }


def effect(
    session: Session, assignment_id: int, *, events: int, notes: int = 0, extensions: int = 0
) -> dict[str, Any]:
    """What one accepted operation wrote on one assignment."""
    session.flush()
    return {
        "events": events,
        "notes": notes,
        "extensions": extensions,
        **snapshot(session, assignment_id),
    }


def _mine(session: Session, model: Any, actor: str) -> Counter[int]:
    rows = session.exec(
        select(model.assignment_id, func.count())
        .where(model.actor == actor)
        .group_by(model.assignment_id)
    )
    return Counter({aid: n for aid, n in rows})


class Worker:
    """One process's operations."""

    def __init__(self, url: str, name: str, seed: int, shared: list[int]) -> None:
        self.db = open_database(url)
        self.name = name
        self.rng = random.Random(seed)
        self.shared = shared
        self.own: list[int] = []
        self.loaded: int | None = None
        """The version an ``edit_if_version`` read before its write."""
        with self.db.read() as s:
            self.people = [p for p in s.exec(select(Person.id)) if p is not None]

    def target(self) -> int:
        """An assignment to change: mostly a shared one, else one of ours or anyone's."""
        roll = self.rng.random()
        if roll < 0.5 or (roll < 0.8 and not self.own):
            return self.rng.choice(self.shared)
        if roll < 0.8:
            return self.rng.choice(self.own)
        with self.db.read() as s:
            ids = list(s.exec(select(Assignment.id)))
        return int(self.rng.choice(ids))  # type: ignore[arg-type]

    def run(self, i: int, kind: str, aid: int | None = None) -> dict[str, Any]:
        """Run operation ``i`` of ``kind`` (on ``aid``, else on a target chosen here)."""
        marker = f"{self.name}#{i}"
        line: dict[str, Any] = {"op": i, "kind": kind, "marker": marker}
        job = getattr(self, f"_{kind}")
        if aid is None and kind not in ("add", "undo"):
            aid = self.target()
        line["target"] = aid
        attempts = []

        def attempt(session: Session) -> dict[int, Any]:
            attempts.append(1)
            return job(session, aid, marker)

        try:
            effects = self.db.transact(attempt)
        except TaskboardError as exc:
            line.update(ok=False, refusal=type(exc).__name__, message=str(exc))
            return line
        finally:
            line["attempts"] = len(attempts)
        line.update(ok=True, effects={str(k): v for k, v in effects.items()})
        if kind == "add":
            self.own.append(int(next(iter(effects))))
        return line

    def _add(self, session: Session, _aid: None, marker: str) -> dict[int, Any]:
        tags = [marker] if self.rng.random() < 0.5 else []
        a = services.add_assignment(
            session,
            text=f"Поручение {marker}",
            owner_id=self.rng.choice(self.people),
            due=clock.today() + timedelta(days=self.rng.randint(1, 60)),
            tags=tags,
            actor=self.name,
        )
        assert a.id is not None
        return {a.id: effect(session, a.id, events=1)}

    def _edit(
        self, session: Session, aid: int, marker: str, expected: int | None = None
    ) -> dict[int, Any]:
        current = services.for_change(session, aid)
        fields = [f for f in ("text", "owner_id", "tags") if self.rng.random() < 0.5] or ["text"]
        changes: dict[str, Any] = {}
        if "text" in fields:
            changes["text"] = f"Текст {marker}"
        if "owner_id" in fields:
            others = [p for p in self.people if p != current.owner_id]
            changes["owner_id"] = self.rng.choice(others)
        if "tags" in fields:
            changes["tags"] = [marker, f"общая-{self.rng.randint(1, 3)}"]
        services.edit_assignment(
            session,
            assignment_id=aid,
            changes=services.AssignmentUpdate(**changes),
            actor=self.name,
            expected_version=expected,
        )
        return {aid: effect(session, aid, events=len(fields))}

    def _edit_if_version(self, session: Session, aid: int, marker: str) -> dict[int, Any]:
        # The version a form loaded a moment ago: another writer may have moved it since.
        return self._edit(session, aid, marker, expected=self.loaded)

    def _note(self, session: Session, aid: int, marker: str) -> dict[int, Any]:
        services.add_note(session, assignment_id=aid, text=f"Запись {marker}", actor=self.name)
        return {aid: effect(session, aid, events=1, notes=1)}

    def _extend(self, session: Session, aid: int, marker: str) -> dict[int, Any]:
        current = services.for_change(session, aid)
        base = current.due or clock.today()
        # Now and then a date that is not later: refused, and nothing written.
        days = self.rng.randint(1, 30) if self.rng.random() < 0.85 else 0
        services.extend(
            session,
            assignment_id=aid,
            new_due=base + timedelta(days=days),
            reason=f"Причина {marker}",
            actor=self.name,
        )
        return {aid: effect(session, aid, events=1, extensions=1)}

    def _start(self, session: Session, aid: int, _marker: str) -> dict[int, Any]:
        services.start(session, assignment_id=aid, actor=self.name)
        return {aid: effect(session, aid, events=1)}

    def _done(self, session: Session, aid: int, marker: str) -> dict[int, Any]:
        note = f"Исполнено {marker}" if self.rng.random() < 0.5 else None
        services.done(session, assignment_id=aid, note=note, actor=self.name)
        n = 1 if note else 0
        return {aid: effect(session, aid, events=1 + n, notes=n)}

    def _cancel(self, session: Session, aid: int, marker: str) -> dict[int, Any]:
        services.cancel(session, assignment_id=aid, reason=f"Снято {marker}", actor=self.name)
        return {aid: effect(session, aid, events=2, notes=1)}

    def _reopen(self, session: Session, aid: int, _marker: str) -> dict[int, Any]:
        services.reopen(session, assignment_id=aid, actor=self.name)
        return {aid: effect(session, aid, events=1)}

    def _undo(self, session: Session, _aid: None, _marker: str) -> dict[int, Any]:
        # What an undo writes depends on what it takes back: counted in its own transaction
        # (only this process writes as this actor, so the difference is this undo's alone).
        before = [_mine(session, m, self.name) for m in (Event, Note, Extension)]
        undone = undo_last(session, actor=self.name)
        session.flush()
        after = [_mine(session, m, self.name) for m in (Event, Note, Extension)]
        result = {}
        for aid in undone.assignment_ids:
            events, notes, extensions = (
                a[aid] - b[aid] for a, b in zip(after, before, strict=True)
            )
            result[aid] = {
                "events": events,
                "notes": notes,
                "extensions": extensions,
                **snapshot(session, aid),
            }
        return result

    def operate(self, count: int) -> None:
        """Run ``count`` operations, one log line each."""
        kinds, weights = list(KINDS), list(KINDS.values())
        for i in range(count):
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "edit_if_version":
                # Read first (as a form does), then save with that version.
                aid = self.target()
                with self.db.read() as s:
                    self.loaded = services.get_assignment(s, aid).version
                line = self.run(i, kind, aid)
            else:
                line = self.run(i, kind)
            print(json.dumps(line, ensure_ascii=False), flush=True)
        self.db.dispose()


def main() -> None:
    """``python mixed_worker.py URL NAME OPS SEED SHARED``."""
    url, name, count, seed, shared = sys.argv[1:6]
    ids = [int(x) for x in shared.split(",")]
    Worker(url, name, int(seed), ids).operate(int(count))


if __name__ == "__main__":
    main()


__all__ = ["KINDS", "Worker"]
