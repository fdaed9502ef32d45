"""Several real processes write one SQLite file at once: no error, no lost write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from taskboard.domain import services
from taskboard.domain.models import Assignment, Event, Note
from taskboard.storage.database import open_database
from tests.e2e.chain import assert_chain_holds

pytestmark = pytest.mark.slow  # several real processes writing at once

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).resolve().parents[2]


def test_parallel_writer_processes_lose_nothing(db_path: Path) -> None:
    db = open_database(db_path)
    with db.write() as s:
        services.add_person(s, full_name="Сандалов Михаил", actor="setup")
        services.add_assignment(
            s, text="Общее поручение", owner_id=1, due=date(2027, 1, 1), actor="setup"
        )
    db.dispose()
    workers, count = 4, 12
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path), f"w{n}", str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(workers)
    ]
    results = [(p.wait(timeout=240), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _err in results] == [0] * workers, results
    db = open_database(db_path)
    with db.read() as s:
        texts = {a.text for a in s.exec(select(Assignment))}
        notes = [n.text for n in s.exec(select(Note))]
        shared = s.get(Assignment, 1)
        edits = s.exec(select(Event).where(Event.assignment_id == 1, Event.kind == "edited"))
        edit_count = len(list(edits))
    db.dispose()
    expected = {f"w{n}: поручение {i}" for n in range(workers) for i in range(count)}
    assert expected <= texts
    assert len(texts) == workers * count + 1
    assert sorted(notes) == sorted(
        f"w{n}: запись {i}" for n in range(workers) for i in range(count)
    )
    # Every note and every edit bumped the shared row's version exactly once.
    assert shared.version == 1 + workers * count * 2
    assert edit_count == workers * count
    assert_chain_holds(db_path)


def test_parallel_cli_processes_lose_nothing(cli, db_path: Path) -> None:
    cli("person", "add", "Сандалов Михаил")
    aid = cli("add", "Общее", "--owner", "1", "--due", "01.12.2026").out.strip()
    procs = []
    for n in range(3):
        script = " && ".join(
            f"{sys.executable} -m taskboard --db {db_path} add 'cli{n}-{i}' --owner сандалов "
            f"--due 01.12.2026 >/dev/null && {sys.executable} -m taskboard --db {db_path} note "
            f"{aid} 'cli{n}-note{i}'"
            for i in range(3)
        )
        procs.append(subprocess.Popen(["bash", "-c", script], stderr=subprocess.PIPE, text=True))
    errors = [(p.wait(timeout=240), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in errors), errors
    rows = json.loads(cli("list", "--format", "json").out)
    assert len(rows) == 10
    shown = json.loads(cli("show", aid, "--format", "json").out)
    assert len(shown["notes"]) == 9
    assert_chain_holds(db_path)
