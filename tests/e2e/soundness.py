"""Is this register sound? One check for every suite that hammers or kills taskboard.

:func:`assert_register_sound` reads a register (an SQLite file or any database URL) without
writing to it and fails with every problem it finds: the file's own integrity, foreign keys,
and the bookkeeping that must agree whatever the program was doing when it stopped — each
assignment's version against its history, notes and extensions against their events, the
status against the last status change, and the history's hash chain (whole, every event in
it). The stress and crash suites (``test_mixed_load.py``, ``test_kill_loops.py``) call it
after every run and every kill.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from taskboard.storage.database import resolve_url

CHANGE_KINDS = ("edited", "status", "extended", "corrected", "note", "undone")
"""Events that record a change of an assignment (each saved change bumps its version once)."""

_ORPHANS = {
    # child table, its column → the parent table
    ("assignment", "owner_id"): "person",
    ("assignment", "controller_id"): "person",
    ("assignment", "author_id"): "person",
    ("assignment", "meeting_id"): "meeting",
    ("assignment", "parent_id"): "assignment",
    ("assignment_co_executor", "assignment_id"): "assignment",
    ("assignment_co_executor", "person_id"): "person",
    ("assignment_tag", "assignment_id"): "assignment",
    ("note", "assignment_id"): "assignment",
    ("extension", "assignment_id"): "assignment",
    ("event", "assignment_id"): "assignment",
    ("reminder", "assignment_id"): "assignment",
    ("reminder", "person_id"): "person",
}


def _url(url_or_path: str | os.PathLike[str]) -> str:
    value = os.fspath(url_or_path)
    return value if "://" in value else resolve_url(value)


def _sqlite_file_checks(path: Path) -> list[str]:
    """SQLite's own checks of the file: pages, indexes, foreign keys."""
    problems = []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {integrity[:10]}")
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"PRAGMA foreign_key_check: {len(broken)} rows, first {broken[:5]}")
    finally:
        con.close()
    return problems


def _has_schema(conn: Connection) -> bool:
    if conn.dialect.name == "sqlite":
        found = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'assignment'")
        ).scalar_one()
    else:
        found = conn.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_name = 'assignment'")
        ).scalar_one()
    return bool(found)


def _rows(conn: Connection, sql: str) -> list[Any]:
    return list(conn.execute(text(sql)))


def _orphans(conn: Connection) -> list[str]:
    """Rows naming a parent that does not exist (PostgreSQL enforces it; SQLite may not)."""
    problems = []
    for (table, column), parent in _ORPHANS.items():
        count = conn.execute(
            text(
                f"SELECT count(*) FROM {table} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {parent} p WHERE p.id = c.{column})"
            )
        ).scalar_one()
        if count:
            problems.append(f"{count} {table} rows name a missing {parent} ({column})")
    return problems


def _bookkeeping(conn: Connection) -> list[str]:
    """Versions, notes, extensions and statuses against the history."""
    problems: list[str] = []
    assignments = {row.id: row for row in _rows(conn, "SELECT id, version, status FROM assignment")}
    created_at: dict[int, Any] = {}
    moments: dict[int, set[Any]] = defaultdict(set)
    status_at_creation: Counter[int] = Counter()
    note_events: Counter[int] = Counter()
    extended: Counter[int] = Counter()
    last_status: dict[int, tuple[int, str]] = {}
    events = _rows(
        conn,
        "SELECT id, assignment_id, at, kind, field, new_value FROM event "
        "WHERE assignment_id IS NOT NULL ORDER BY id",
    )
    for e in events:
        if e.kind == "created":
            created_at.setdefault(e.assignment_id, e.at)
    for e in events:
        aid = e.assignment_id
        if e.kind in CHANGE_KINDS:
            if e.at == created_at.get(aid):
                # Changed in its creating transaction (an import with a status): one flush
                # per status change, all at the creation's moment.
                if e.field == "status":
                    status_at_creation[aid] += 1
            else:
                moments[aid].add(e.at)
        if e.kind == "note":
            note_events[aid] += 1
        if e.kind == "extended":
            extended[aid] += 1
        if e.kind == "undone" and e.field == "extension":
            extended[aid] -= 1
        if e.field == "status" and e.kind in ("status", "undone"):
            last_status[aid] = (e.id, e.new_value)
    notes = Counter(
        {r[0]: r[1] for r in _rows(conn, "SELECT assignment_id, count(*) FROM note GROUP BY 1")}
    )
    extensions = Counter(
        {
            r[0]: r[1]
            for r in _rows(conn, "SELECT assignment_id, count(*) FROM extension GROUP BY 1")
        }
    )
    for aid, row in sorted(assignments.items()):
        if aid not in created_at:
            problems.append(f"assignment {aid}: no «created» event")
            continue
        # One saved change, one version, one moment shared by all the events it wrote.
        expected = 1 + len(moments[aid]) + status_at_creation[aid]
        if row.version != expected:
            problems.append(
                f"assignment {aid}: version {row.version}, but its history holds "
                f"{expected - 1} changes"
            )
        if notes[aid] != note_events[aid]:
            problems.append(f"assignment {aid}: {notes[aid]} notes, {note_events[aid]} note events")
        if extensions[aid] != extended[aid]:
            problems.append(
                f"assignment {aid}: {extensions[aid]} extensions, but its history holds "
                f"{extended[aid]} not taken back"
            )
        status = last_status.get(aid, (0, "open"))[1]
        if row.status != status:
            problems.append(
                f"assignment {aid}: status {row.status}, last status change to {status}"
            )
    duplicates = _rows(
        conn,
        "SELECT assignment_id, person_id, tier, occasion, count(*) FROM reminder "
        "GROUP BY 1, 2, 3, 4 HAVING count(*) > 1",
    )
    if duplicates:
        problems.append(f"reminders recorded twice: {duplicates[:5]}")
    return problems


def register_problems(url_or_path: str | os.PathLike[str]) -> list[str]:
    """Every problem :func:`assert_register_sound` would report (empty: sound)."""
    url = _url(url_or_path)
    problems: list[str] = []
    path = None
    if url.startswith("sqlite"):
        path = Path(url.split(":///", 1)[1].split("?", 1)[0])
        if not path.exists():
            return [f"{path} does not exist"]
        problems += _sqlite_file_checks(path)
        if any(p.startswith("PRAGMA integrity_check") for p in problems):
            return problems  # a damaged file: the rest would only repeat it
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not _has_schema(conn):
                return problems  # an empty file or database: nothing to disagree
            problems += _orphans(conn)
            problems += _bookkeeping(conn)
            problems += _chain(conn)
    finally:
        engine.dispose()
    return problems


def _chain(conn: Connection) -> list[str]:
    """The history chain (``taskboard audit verify``): whole, and every event in it."""
    from taskboard.domain import audit

    verdict = audit.verify(conn)
    problems = []
    if verdict.finding is not None:
        f = verdict.finding
        problems.append(f"history chain broken: {f.problem} at event {f.event_id}, place {f.seq}")
    total = conn.execute(text("SELECT count(*) FROM event")).scalar_one()
    if verdict.ok and verdict.events != total:
        problems.append(f"history chain holds {verdict.events} of {total} events")
    return problems


def assert_register_sound(url_or_path: str | os.PathLike[str]) -> None:
    """Fail unless the register is sound: integrity, foreign keys, versions against events.

    An SQLite file is opened read-only (its WAL is still replayed by SQLite as any reader
    does); a PostgreSQL URL is read in one connection. A file or database without taskboard's
    tables is sound (nothing in it can disagree); a missing file is not.
    """
    problems = register_problems(url_or_path)
    assert not problems, "the register is not sound:\n" + "\n".join(problems)
