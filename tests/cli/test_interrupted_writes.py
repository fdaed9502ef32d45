"""A backup or export cut short leaves nothing behind, or the next run of it removes what was left.

Real processes, really killed: ``taskboard backup`` of a register of about 18 MB, slowed down
with ``TASKBOARD_TEST_COPY_PAUSE`` so that the kill lands in the middle of the copy.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taskboard.files import temp_prefix
from tests.conftest import run_process

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("umask_022")]

FILLER_ROWS = 200_000


@pytest.fixture
def large_register(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A register with a large extra table: a copy of it takes a while."""
    assert cli("init").code == 0
    with sqlite3.connect(db_path) as con:
        con.execute("CREATE TABLE filler (x TEXT)")
        con.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO filler SELECT hex(randomblob(40)) FROM n",
            (FILLER_ROWS,),
        )
    con.close()
    return db_path


def _start_backup(db: Path, target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "taskboard", "--db", str(db), "backup", str(target)],
        env={**os.environ, "TASKBOARD_TEST_COPY_PAUSE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _partial_copy(folder: Path, process: subprocess.Popen[bytes]) -> Path:
    """The backup's temporary file, once the copy has written part of it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for temp in folder.glob(".taskboard-backup-*.tmp"):
            if temp.stat().st_size > 0:
                return temp
        assert process.poll() is None, "the backup ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("the backup never started writing")


def _mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def test_a_backup_killed_mid_copy_leaves_a_private_leftover_that_the_next_backup_removes(
    large_register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "copy.db"
    process = _start_backup(large_register, target)
    partial = _partial_copy(folder, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert partial.exists() and not target.exists()
    assert _mode(partial) == 0o600  # even the half-written copy is the owner's alone

    again = run_process("--db", str(large_register), "backup", str(target))
    assert again.code == 0, again.err
    assert sorted(p.name for p in folder.iterdir()) == ["copy.db"]
    assert _mode(target) == 0o600
    with sqlite3.connect(target) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM filler").fetchone() == (FILLER_ROWS,)
    con.close()


def test_ctrl_c_during_a_backup_removes_its_temporary_file_at_once(
    large_register: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    process = _start_backup(large_register, target)
    _partial_copy(tmp_path, process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert not list(tmp_path.glob(".taskboard-*")) and not target.exists()


def _leftover(folder: Path, kind: str, pid: int, *, age_s: float = 0) -> Path:
    path = folder / f"{temp_prefix(kind, pid)}{'old' if age_s else 'new'}1234.tmp"
    path.write_bytes(b"half a copy")
    if age_s:
        then = time.time() - age_s
        os.utime(path, (then, then))
    return path


def test_the_next_run_removes_leftovers_of_dead_or_long_silent_writers_only(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _leftover(folder, "backup", finished.pid)
        concurrent = _leftover(folder, "backup", running.pid)
        silent = _leftover(folder, "backup", running.pid, age_s=3600)
        other_kind = _leftover(folder, "export", finished.pid)
        assert cli("backup", str(folder / "copy.db")).code == 0
        assert not dead.exists() and not silent.exists()
        assert concurrent.exists(), "a concurrent backup's file must be left alone"
        assert other_kind.exists(), "a backup removes only backups' leftovers"
        assert cli("export", "--output", str(folder / "export.json")).code == 0
        assert not other_kind.exists()
        assert concurrent.exists()
    finally:
        running.kill()
        running.wait()


def test_a_register_interrupted_while_it_is_made_leaves_no_empty_file(
    cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new register appears whole or not at all: a run killed while the schema was being
    built left an empty file, which the next run refused as «this file is empty»."""
    from taskboard.storage import database

    built = database.upgrade

    def interrupted(engine: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "upgrade", interrupted)
    with pytest.raises(KeyboardInterrupt):
        database.open_database(db_path)
    assert sorted(p.name for p in db_path.parent.iterdir()) == []
    monkeypatch.setattr(database, "upgrade", built)
    added = cli("person", "add", "Сандалов Михаил")
    assert added.code == 0, added.err
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_the_leftover_of_a_killed_creator_is_removed_by_the_next(cli, db_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = db_path.parent / f"{temp_prefix('new', dead.pid)}x.tmp"
    leftover.write_bytes(b"half a schema")
    added = cli("person", "add", "Сандалов Михаил")
    assert added.code == 0, added.err
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_creator_that_comes_second_keeps_the_register_already_there(cli, db_path: Path) -> None:
    """Two processes making the same new register at once: the second one's link fails and
    the first one's register, with what was written into it meanwhile, stays."""
    from taskboard.files import OWNER_ONLY
    from taskboard.storage import database

    assert cli("person", "add", "Сандалов Михаил").code == 0
    database._create_register(db_path, OWNER_ONLY)  # the late creator
    listed = cli("person", "list", "--format", "json")
    assert [p["full_name"] for p in json.loads(listed.out)] == ["Сандалов Михаил"]
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
