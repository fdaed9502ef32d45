"""Several real processes change one assignment at once on PostgreSQL: no plain command is refused.

A command that names no version is run again when another writer's commit got between its
read and its write (the stale-version check of the row); with ``--if-version`` a stale
version is still refused at once. ``TASKBOARD_TEST_CONTENTION=N`` runs N notes and N edits
per process instead of the quick default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.e2e.chain import assert_chain_holds

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WORKER = Path(__file__).with_name("cli_worker.py")
ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
COUNT = int(os.environ.get("TASKBOARD_TEST_CONTENTION", "5"))


def test_processes_hammering_one_assignment_on_postgresql_are_never_refused(
    cli, pg_url: str
) -> None:
    def run(*args: str) -> Result:
        return cli(*args, db=pg_url)

    assert run("person", "add", "Сандалов Михаил").code == 0
    assert run("add", "Общее поручение", "--owner", "1", "--due", "01.12.2026").code == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), pg_url, f"w{n}", str(COUNT)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(PROCESSES)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCESSES, outputs
    refusals = [r for out, _err in outputs for r in json.loads(out)]
    assert refusals == []
    shown = json.loads(run("show", "1", "--format", "json").out)
    notes = sorted(n["text"] for n in shown["notes"])
    assert notes == sorted(f"w{n}: запись {i}" for n in range(PROCESSES) for i in range(COUNT))
    # Every note and every edit is one version: none lost, none counted twice.
    assert shown["version"] == 1 + PROCESSES * COUNT * 2
    assert_chain_holds(pg_url)  # the writers queued for the chain's head, none broke it

    stale = run("edit", "1", "--text", "Старая копия", "--if-version", "1")
    assert stale.code != 0
    assert "changed by someone else meanwhile" in stale.err
    assert json.loads(run("show", "1", "--format", "json").out)["version"] == shown["version"]
