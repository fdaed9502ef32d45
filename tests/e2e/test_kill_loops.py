"""Real ``taskboard`` processes killed with SIGKILL at random moments leave a sound register.

Five loops, one per kind of work, each killing its process at a moment drawn from a seeded
generator (``TASKBOARD_STRESS_SEED``, 11 by default) within the time a whole run takes:

- **import** of a CSV of 2,000 rows: after each kill the register holds none of them or all;
- **a stream of edits** (note, edit, extend, done, reopen, undo; ``edit_stream.py``): every
  command that returned 0 is there, none that was refused is, and the one cut short is there
  whole or not at all;
- **backup** over the previous one (``--force``): the copy is the old complete one or a new
  complete one, never half of one; the temporary file a kill leaves is removed by the next
  run;
- **restore** (``import`` of a JSON export into a new file): nothing or everything;
- **remind** against a real SMTP server (aiosmtpd), killed on a timer, during a message's DATA
  or just after the server kept one; after a run to completion every reminder of the day was
  delivered, every message of one reminder carries one Message-ID (a resend after a crash
  repeats it), and the distinct Message-IDs are exactly the recorded reminders.

After every kill the register passes :func:`tests.e2e.soundness.assert_register_sound`, and
no process printed a traceback. ``TASKBOARD_STRESS_KILLS`` kills per loop (3 by default);
the full count, run before a release::

    TASKBOARD_STRESS_KILLS=30 .venv/bin/python -m pytest tests/e2e/test_kill_loops.py -n 0 -s
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from taskboard.domain import services
from taskboard.storage.database import open_database
from tests.e2e.soundness import assert_register_sound
from tests.reminders.conftest import Handler, SmtpServer, free_port

pytestmark = pytest.mark.slow  # real processes killed in loops

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("TASKBOARD_STRESS_KILLS", "3"))
SEED = int(os.environ.get("TASKBOARD_STRESS_SEED", "11"))
ROWS = 2000
"""Rows of the CSV the import loop brings in."""
RECIPIENTS = 40
"""Owners with an overdue assignment in the remind loop: one message each, every day."""


@dataclass
class Run:
    """One process of a loop: killed or finished, and what it printed."""

    killed: bool
    code: int
    out: str
    err: str


@dataclass
class Tally:
    """What a loop did, for the summary line."""

    name: str
    killed: int = 0
    finished: int = 0
    figures: dict[str, int] = field(default_factory=dict)

    def add(self, run: Run) -> None:
        """Count a run; no run, killed or not, may print a traceback."""
        assert "Traceback" not in run.err, run.err
        if run.killed:
            self.killed += 1
        else:
            self.finished += 1

    def report(self) -> None:
        """One line for the figures in docs/reliability.md (shown with ``-s``)."""
        extra = "".join(f", {k} {v}" for k, v in self.figures.items())
        print(
            f"\nkill loop {self.name}: {self.killed} killed, {self.finished} finished before "
            f"the kill{extra}; tracebacks 0"
        )


def _process(args: list[str], env: dict[str, str], folder: Path) -> subprocess.Popen[bytes]:
    out, err = (open(folder / name, "wb") for name in ("out", "err"))  # noqa: SIM115
    with out, err:
        return subprocess.Popen(args, stdout=out, stderr=err, env=env)


def _outputs(folder: Path) -> tuple[str, str]:
    return tuple(  # type: ignore[return-value]
        (folder / name).read_text(encoding="utf-8", errors="replace") for name in ("out", "err")
    )


def _wait_or_kill(process: subprocess.Popen[bytes], after: float) -> bool:
    """Kill ``process`` after ``after`` seconds unless it ended first; whether it was killed."""
    try:
        process.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        return True


def taskboard(
    tmp: Path, *args: str, env: dict[str, str] | None = None, kill_after: float | None = None
) -> Run:
    """Run ``python -m taskboard ARGS``, killed after ``kill_after`` seconds if still going."""
    folder = tmp / f"run-{time.monotonic_ns()}"
    folder.mkdir()
    process = _process(
        [sys.executable, "-m", "taskboard", *args], {**os.environ, **(env or {})}, folder
    )
    killed = _wait_or_kill(process, kill_after if kill_after is not None else 600)
    assert killed or kill_after is not None or process.returncode is not None
    out, err = _outputs(folder)
    return Run(killed, process.returncode, out, err)


def _timed(tmp: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Run, float]:
    started = time.monotonic()
    run = taskboard(tmp, *args, env=env)
    assert run.code == 0, run.err
    return run, time.monotonic() - started


def _count(path: Path, table: str = "assignment") -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def rng() -> random.Random:
    """The seeded generator of the kill moments."""
    return random.Random(SEED)


@pytest.fixture
def people_register(db_path: Path) -> Path:
    """A register with two people (ids 1 and 2) and five assignments (ids 1–5)."""
    db = open_database(db_path)
    try:
        with db.write() as s:
            for name in ("Сандалов Михаил", "Волосков Сергей"):
                services.add_person(s, full_name=name, actor="setup")
            for n in range(5):
                services.add_assignment(
                    s, text=f"Поручение {n}", owner_id=1 + n % 2, due=date(2027, 1, 1), actor="s"
                )
    finally:
        db.dispose()
    return db_path


def _csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "owner", "due", "tags", "status"])
        for i in range(rows):
            status = ["open", "in_progress", "done", "cancelled"][i % 4]
            writer.writerow(
                [f"Поручение из таблицы {i}", 1 + i % 2, "01.06.2027", f"t{i % 7}", status]
            )
    return path


def test_an_import_killed_at_any_moment_brings_in_all_rows_or_none(
    people_register: Path, tmp_path: Path, rng: random.Random
) -> None:
    table = _csv(tmp_path / "rows.csv", ROWS)
    tally = Tally("import")
    start = _count(people_register)
    run, duration = _timed(tmp_path, "--db", str(people_register), "import", str(table))
    assert _count(people_register) == start + ROWS
    held = start + ROWS
    kept = {False: 0, True: 0}
    for _ in range(KILLS):
        run = taskboard(
            tmp_path,
            "--db",
            str(people_register),
            "import",
            str(table),
            kill_after=rng.uniform(0.05, 1.3) * duration,
        )
        tally.add(run)
        assert run.killed or run.code == 0, run.err
        now = _count(people_register)
        assert now in (held, held + ROWS), f"{now - held} of {ROWS} rows imported"
        if run.killed:
            kept[now > held] += 1
        held = now
        assert_register_sound(people_register)
    tally.figures.update(
        **{"killed with none in": kept[False], "killed with all in": kept[True]},
        **{"rows in the end": held - start},
    )
    tally.report()


def _stream(tmp: Path, db: Path, loop: int, after: float) -> tuple[bool, list[dict[str, object]]]:
    folder = tmp / f"stream-{loop}"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = Path(__file__).with_name("edit_stream.py")
    process = _process(
        [sys.executable, str(worker), str(db), str(loop), str(SEED + loop)], env, folder
    )
    killed = _wait_or_kill(process, after)
    out, err = _outputs(folder)
    assert "Traceback" not in err, err
    return killed, [json.loads(line) for line in out.splitlines() if line.endswith("}")]


def _texts(path: Path) -> str:
    """Every text the stream's commands write, in one string (to look for their markers)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        parts = [r[0] or "" for r in con.execute("SELECT text FROM note")]
        for row in con.execute("SELECT old_value, new_value, reason FROM event"):
            parts += [value or "" for value in row]  # an undo keeps what it took back
        parts += [r[0] or "" for r in con.execute("SELECT reason FROM extension")]
    finally:
        con.close()
    return "\n".join(parts) + "\n"


def test_a_stream_of_edits_killed_at_any_moment_keeps_every_saved_one_whole(
    people_register: Path, tmp_path: Path, rng: random.Random
) -> None:
    tally = Tally("edits")
    saved = refused = 0
    for loop in range(KILLS):
        killed, lines = _stream(tmp_path, people_register, loop, rng.uniform(0.5, 4.0))
        tally.add(Run(killed, 0, "", ""))
        assert_register_sound(people_register)
        texts = _texts(people_register)
        for line in lines:
            # A marker ends with the command's number: "k0-1" must not match "k0-12".
            written = any(f"{line['marker']}{end}" in texts for end in ("\n", '"'))
            if line["args"][0] in ("reopen", "undo"):
                continue  # they write no marker
            if line["code"] == 0:
                saved += 1
                assert written, f"a saved change is missing: {line}"
            else:
                refused += 1
                assert not written, f"a refused change left a trace: {line}"
                assert "Traceback" not in str(line["err"])
    tally.figures.update(saved=saved, refused=refused)
    tally.report()


def test_a_backup_killed_at_any_moment_leaves_the_old_copy_or_a_whole_new_one(
    people_register: Path, tmp_path: Path, rng: random.Random
) -> None:
    table = _csv(tmp_path / "rows.csv", ROWS)
    assert taskboard(tmp_path, "--db", str(people_register), "import", str(table)).code == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "register-copy.db"
    slow = {"TASKBOARD_TEST_COPY_PAUSE": "0.02"}  # the copy takes a second or two
    _run, duration = _timed(tmp_path, "--db", str(people_register), "backup", str(target), env=slow)
    rows = _count(people_register)
    tally = Tally("backup")
    for _ in range(KILLS):
        run = taskboard(
            tmp_path,
            "--db",
            str(people_register),
            "backup",
            "--force",
            str(target),
            env=slow,
            kill_after=rng.uniform(0.05, 0.95) * duration,
        )
        tally.add(run)
        assert run.killed or run.code == 0, run.err
        assert target.exists()  # the old copy stays until a new one is complete
        assert _count(target) == rows
        assert_register_sound(target)
        # At most the temporary file of the process just killed is left.
        assert len(list(folder.glob(".taskboard-backup-*.tmp"))) <= 1
    last = taskboard(tmp_path, "--db", str(people_register), "backup", "--force", str(target))
    assert last.code == 0, last.err
    assert sorted(p.name for p in folder.iterdir()) == [target.name]
    tally.report()


def test_a_restore_killed_at_any_moment_restores_everything_or_nothing(
    people_register: Path, tmp_path: Path, rng: random.Random
) -> None:
    table = _csv(tmp_path / "rows.csv", ROWS)
    assert taskboard(tmp_path, "--db", str(people_register), "import", str(table)).code == 0
    export = tmp_path / "register.json"
    assert taskboard(tmp_path, "--db", str(people_register), "export", "-o", str(export)).code == 0
    tables = ("assignment", "event", "note", "person")
    whole = {t: _count(people_register, t) for t in tables}
    _run, duration = _timed(tmp_path, "--db", str(tmp_path / "first.db"), "import", str(export))
    tally = Tally("restore")
    emptied = restored = 0
    for loop in range(KILLS):
        target = tmp_path / f"restored-{loop}.db"
        run = taskboard(
            tmp_path,
            "--db",
            str(target),
            "import",
            str(export),
            kill_after=rng.uniform(0.05, 1.05) * duration,
        )
        tally.add(run)
        assert run.killed or run.code == 0, run.err
        made = target.exists()  # killed before it made the file: nothing in it yet
        if made:
            assert_register_sound(target)
        got = {t: _count(target, t) if made and _has_tables(target) else 0 for t in tables}
        assert got in (whole, dict.fromkeys(tables, 0)), got
        if got == whole:
            restored += 1
        else:
            emptied += 1
            again = taskboard(tmp_path, "--db", str(target), "import", str(export))
            assert again.code == 0, again.err
            assert {t: _count(target, t) for t in tables} == whole
            assert_register_sound(target)
    tally.figures.update(
        **{"restored before the kill": restored, "nothing restored (then restored again)": emptied}
    )
    tally.report()


def _has_tables(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'assignment'"
        ).fetchone()[0]
    finally:
        con.close()
    return bool(found)


@pytest.fixture
def slow_smtp() -> Iterator[SmtpServer]:
    """A real SMTP server that takes 20 ms over each message: a run lasts a second or two."""
    server = SmtpServer(port=free_port(), handler=Handler(delay=0.02))
    server.start()
    yield server
    server.stop()


def _remind_register(path: Path) -> None:
    db = open_database(path)
    try:
        with db.write() as s:
            for n in range(RECIPIENTS):
                person = services.add_person(
                    s, full_name=f"Исполнитель Номер {n}", email=f"owner{n}@example.org", actor="t"
                )
                assert person.id is not None
                services.add_assignment(
                    s, text=f"Поручение {n}", owner_id=person.id, due=date(2026, 11, 20), actor="t"
                )
    finally:
        db.dispose()


def _reminders(path: Path, day: date) -> dict[str, str]:
    """The recorded reminders of ``day``: e-mail → Message-ID."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT email, message_id FROM reminder WHERE occasion = ?", (day.isoformat(),)
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == len({r[0] for r in rows}), rows
    return dict(rows)


def test_remind_killed_at_any_moment_delivers_every_reminder_under_one_message_id(
    db_path: Path, tmp_path: Path, rng: random.Random, slow_smtp: SmtpServer
) -> None:
    _remind_register(db_path)
    config = tmp_path / "remind.toml"
    config.write_text(
        'actor = "Тестов Т.Т."\n[smtp]\nhost = "127.0.0.1"\n'
        f'port = {slow_smtp.port}\nsecurity = "none"\n'
        'from = "Контроль поручений <control@example.org>"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    handler = slow_smtp.handler
    tally = Tally("remind")
    received = distinct = duplicates = 0
    ways: Counter[str] = Counter()
    first_day = date(2026, 11, 24)

    def remind(day: date, kill_after: float | None = None) -> Run:
        env = {"TASKBOARD_CONFIG": str(config), "TASKBOARD_TODAY": day.isoformat()}
        return taskboard(tmp_path, "--db", str(db_path), "remind", env=env, kill_after=kill_after)

    started = time.monotonic()
    assert remind(first_day - timedelta(days=1)).code == 0
    duration = time.monotonic() - started
    handler.received.clear()
    for loop in range(KILLS):
        day = first_day + timedelta(days=loop)
        how = rng.choice(["timer", "during DATA", "after keeping"])
        ways[how] += 1
        if how == "timer":
            run = remind(day, kill_after=rng.uniform(0.1, 1.05) * duration)
        else:
            run = _remind_killed_by_server(db_path, day, config, handler, how, rng, tmp_path)
        tally.add(run)
        assert run.killed or run.code == 0, run.err
        assert_register_sound(db_path)
        finish = remind(day)
        assert finish.code == 0, finish.err
        assert "Traceback" not in finish.err
        recorded = _reminders(db_path, day)
        assert sorted(recorded) == sorted(f"owner{n}@example.org" for n in range(RECIPIENTS))
        by_address: dict[str, set[str]] = defaultdict(set)
        for r in handler.received:
            by_address[r.rcpt_tos[0]].add(str(r.message["Message-ID"]))
        # Nothing lost; a resend carries the first delivery's Message-ID, the one recorded.
        assert {a: {mid} for a, mid in recorded.items()} == dict(by_address)
        ids = {mid for mids in by_address.values() for mid in mids}
        assert len(ids) == RECIPIENTS
        received += len(handler.received)
        distinct += len(ids)
        duplicates += len(handler.received) - len(ids)
        handler.received.clear()
        assert_register_sound(db_path)
    tally.figures.update(
        **{f"kills {how}": n for how, n in sorted(ways.items())},
        **{"e-mails received": received, "distinct Message-IDs": distinct},
        **{"expected reminders": KILLS * RECIPIENTS, "duplicates by Message-ID": duplicates},
    )
    tally.report()


def _remind_killed_by_server(
    path: Path,
    day: date,
    config: Path,
    handler: Handler,
    how: str,
    rng: random.Random,
    tmp: Path,
) -> Run:
    """A remind run the server kills during the DATA of message n, or just after keeping it."""
    folder = tmp / f"remind-{day}"
    folder.mkdir()
    env = {**os.environ, "TASKBOARD_CONFIG": str(config), "TASKBOARD_TODAY": day.isoformat()}
    process = _process(
        [sys.executable, "-m", "taskboard", "--db", str(path), "remind"], env, folder
    )
    fatal = handler.attempts + rng.randint(1, RECIPIENTS)

    def kill(number: int) -> None:
        if number == fatal:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def during_data(number: int) -> str | None:
        kill(number)
        return "451 4.3.0 connection lost" if number == fatal else None

    if how == "during DATA":
        handler.on_data = during_data
    else:
        handler.on_accepted = kill
    try:
        process.wait(timeout=120)
    finally:
        handler.on_data = handler.on_accepted = None
    out, err = _outputs(folder)
    return Run(process.returncode == -signal.SIGKILL, process.returncode, out, err)
