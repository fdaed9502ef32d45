"""Eight real processes make hundreds of mixed changes to one register; the result is exactly
what they were told was saved.

Each worker (``mixed_worker.py``) adds, edits (text, owner, tags; sometimes with the version it
read first), notes, extends, starts, finishes, cancels, reopens and undoes, on a few shared
assignments, its own, and anyone's, through :meth:`Database.transact` (the command line's
write path), and logs every operation as accepted or refused. The final register is then
checked against the log: every accepted change is there, in order (per assignment the
versions the accepted changes left are exactly 2, 3, … with none twice, and the fields are
those the last one left), every note and extension once, the history holds exactly what the
accepted operations wrote, a refused operation left no trace, and the register is sound.

Quick by default (8 × 40 operations). The full count, run before a release::

    TASKBOARD_STRESS_OPS=500 TASKBOARD_REQUIRE_PG=1 \\
        .venv/bin/python -m pytest tests/e2e/test_mixed_load.py -n 0 -s

(``TASKBOARD_STRESS_WORKERS`` changes the number of processes, 8 by default.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from taskboard.domain import services
from taskboard.domain.models import Assignment, Event, Extension, Note, Tag
from taskboard.storage.database import open_database
from tests.e2e.soundness import assert_register_sound

pytestmark = pytest.mark.slow  # eight processes, hundreds of transactions each

WORKER = Path(__file__).with_name("mixed_worker.py")
ROOT = Path(__file__).resolve().parents[2]
WORKERS = int(os.environ.get("TASKBOARD_STRESS_WORKERS", "8"))
OPS = int(os.environ.get("TASKBOARD_STRESS_OPS", "40"))
REFUSALS = {"InvalidTransition", "StaleVersion", "InvalidInput"}
"""The only ways the services refuse these operations; anything else is a failure."""
MARKER = re.compile(r"w\d+#\d+")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def register_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """An empty register on SQLite or PostgreSQL (a fresh database from ``pg_url``)."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_url"))


def _setup(url: str) -> tuple[list[int], dict[int, dict[str, Any]]]:
    """Six people and five shared assignments (one of them standing); their first state."""
    db = open_database(url)
    first: dict[int, dict[str, Any]] = {}
    try:
        with db.write() as s:
            people = [
                services.add_person(s, full_name=f"Исполнитель {n}", actor="setup").id
                for n in range(6)
            ]
            for n in range(5):
                a = services.add_assignment(
                    s,
                    text=f"Общее поручение {n}",
                    owner_id=people[n],  # type: ignore[arg-type]
                    due=date(2027, 1, 10 + n),
                    standing=n == 4,
                    actor="setup",
                )
                s.flush()
                assert a.id is not None
                first[a.id] = {
                    "events": 1,
                    "notes": 0,
                    "extensions": 0,
                    "text": a.text,
                    "owner_id": a.owner_id,
                    "status": a.status,
                    "due": a.due.isoformat() if a.due else None,
                    "tags": [],
                    "version": 1,
                }
    finally:
        db.dispose()
    return sorted(first), first


def _stored(url: str) -> dict[str, Any]:
    """What the register holds, per assignment, and every marked text in it."""
    db = open_database(url)
    try:
        with db.read() as s:
            rows = {a.id: a for a in s.exec(select(Assignment))}
            tags: dict[int, list[str]] = defaultdict(list)
            for t in s.exec(select(Tag)):
                tags[t.assignment_id].append(t.tag)

            def per(model: Any) -> Counter[int]:
                counted = s.exec(
                    select(model.assignment_id, func.count()).group_by(model.assignment_id)
                )
                return Counter({aid: n for aid, n in counted})

            notes = [n.text for n in s.exec(select(Note))]
            texts = [a.text for a in rows.values()] + notes
            texts += [t.tag for t in s.exec(select(Tag))]
            texts += [x.reason for x in s.exec(select(Extension))]
            for e in s.exec(select(Event)):
                texts += [e.old_value or "", e.new_value or "", e.reason or ""]
            return {
                "fields": {
                    aid: {
                        "text": a.text,
                        "owner_id": a.owner_id,
                        "status": a.status,
                        "due": a.due.isoformat() if a.due else None,
                        "tags": sorted(tags[aid]),  # type: ignore[index]
                        "version": a.version,
                    }
                    for aid, a in rows.items()
                },
                "events": per(Event),
                "notes": per(Note),
                "extensions": per(Extension),
                "note_texts": notes,
                "markers": {m for t in texts for m in MARKER.findall(t)},
            }
    finally:
        db.dispose()


def test_eight_processes_of_mixed_changes_leave_exactly_what_was_accepted(
    register_url: str,
) -> None:
    shared, first = _setup(register_url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                register_url,
                f"w{n}",
                str(OPS),
                str(1000 + n),
                ",".join(map(str, shared)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(WORKERS)
    ]
    outputs = [p.communicate(timeout=1800) for p in procs]
    runtime = time.monotonic() - started
    errors = [err for _out, err in outputs]
    assert [p.returncode for p in procs] == [0] * WORKERS, errors
    assert not [e for e in errors if "Traceback" in e], errors
    log = [json.loads(line) for out, _err in outputs for line in out.splitlines()]
    assert len(log) == WORKERS * OPS

    accepted = [line for line in log if line["ok"]]
    refused = [line for line in log if not line["ok"]]
    refusal_types = Counter(line["refusal"] for line in refused)
    assert set(refusal_types) <= REFUSALS, [r for r in refused if r["refusal"] not in REFUSALS]
    backend = "postgresql" if "://" in register_url else "sqlite"
    print(
        f"\nmixed load on {backend}: {WORKERS} processes × {OPS} operations: "
        f"{len(log)} attempted, {len(accepted)} accepted, {len(refused)} refused "
        f"{dict(refusal_types)}; by kind accepted {dict(Counter(a['kind'] for a in accepted))}; "
        f"run again after a conflict {sum(1 for line in log if line['attempts'] > 1)}; "
        f"tracebacks 0; {runtime:.1f} s"
    )

    # Per assignment, what the accepted operations say they left, oldest first.
    effects: dict[int, list[dict[str, Any]]] = {aid: [state] for aid, state in first.items()}
    for line in accepted:
        for aid, state in line["effects"].items():
            effects.setdefault(int(aid), []).append(state)
    stored = _stored(register_url)
    assert sorted(stored["fields"]) == sorted(effects), "an accepted add is missing, or extra"
    for aid, states in effects.items():
        versions = sorted(s["version"] for s in states)
        # No lost update, nothing applied twice: each accepted change took the next version.
        assert versions == list(range(1, len(states) + 1)), (aid, versions)
        last = max(states, key=lambda s: s["version"])
        expected = {k: last[k] for k in ("text", "owner_id", "status", "due", "tags", "version")}
        assert stored["fields"][aid] == expected, aid
        assert stored["events"][aid] == sum(s["events"] for s in states), aid
        assert stored["notes"][aid] == sum(s["notes"] for s in states), aid
        assert stored["extensions"][aid] == sum(s["extensions"] for s in states), aid

    # Every accepted note is there once; a refused operation's marker is nowhere.
    for line in accepted:
        if line["kind"] in ("note", "cancel") or (
            line["kind"] == "done" and next(iter(line["effects"].values()))["notes"]
        ):
            holding = [t for t in stored["note_texts"] if line["marker"] in MARKER.findall(t)]
            assert len(holding) == 1, (line, holding)
    left = stored["markers"] & {line["marker"] for line in refused}
    assert not left, f"refused operations left a trace: {sorted(left)[:10]}"
    assert stored["markers"] <= {line["marker"] for line in accepted}
    assert_register_sound(register_url)
