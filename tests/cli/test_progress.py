"""Progress bars: on a terminal's stderr once the threshold passed, never on a pipe or stdout.

The real entry point runs as a process with stderr on a pseudo-terminal (stdout on a pipe,
as in ``taskboard export > file``); ``TASKBOARD_PROGRESS_AFTER=0`` shows the bar at once on
the example register's quick commands, a large value proves the bar waits. No test looks at
the clock.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real processes, several per test

SGR = re.compile(rb"\x1b\[[0-9;]*m")
"""A colour or style code."""


@dataclass
class Run:
    """What a command wrote: stdout (a pipe) and stderr (a terminal or a pipe)."""

    code: int
    out: bytes
    err: bytes


def _taskboard(
    *args: str, tty: bool, env: dict[str, str] | None = None, typed: str | None = None
) -> Run:
    """Run ``python -m taskboard ARGS`` with stderr on a pseudo-terminal (``tty``) or a pipe;
    ``typed``: stdin is a terminal too, and this is typed into it (then end of input)."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
        "TERM": "xterm-256color",
        **(env or {}),
    }
    command = [sys.executable, "-m", "taskboard", *args]
    if not tty:
        done = subprocess.run(command, env=environment, capture_output=True, timeout=60)
        return Run(done.returncode, done.stdout, done.stderr)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    keyboard, stdin = pty.openpty() if typed is not None else (None, subprocess.DEVNULL)
    process = subprocess.Popen(
        command, env=environment, stdin=stdin, stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    if keyboard is not None:
        assert typed is not None and isinstance(stdin, int)
        os.close(stdin)
        os.write(keyboard, typed.encode() + b"\n\x04")  # Ctrl+D: the end of what is typed
    assert process.stdout is not None
    out = process.stdout.fileno()
    streams = {leader: b"", out: b""}
    open_ = set(streams)
    while open_:
        ready, _, _ = select.select(list(open_), [], [], 60)
        assert ready, "the command hung"
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal's other end closed (Linux: EIO)
                chunk = b""
            if chunk:
                streams[fd] += chunk
            else:
                open_.discard(fd)
    process.wait(timeout=60)
    process.stdout.close()
    os.close(leader)
    if keyboard is not None:
        os.close(keyboard)
    return Run(process.returncode, streams[out], streams[leader])


NOW = {"TASKBOARD_PROGRESS_AFTER": "0"}
"""The bar shows from the first moment."""


@pytest.fixture
def demo(cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """The example register, named by TASKBOARD_DB for the processes."""
    assert cli("init", "--demo").code == 0
    monkeypatch.setenv("TASKBOARD_DB", str(db_path))
    return db_path


def test_export_shows_a_bar_on_a_terminal_and_leaves_stdout_byte_identical(demo: Path) -> None:
    shown = _taskboard("export", "--format", "csv", tty=True, env=NOW)
    piped = _taskboard("export", "--format", "csv", tty=False, env=NOW)
    assert shown.code == piped.code == 0
    assert b"Exporting" in shown.err and b"100%" in shown.err
    assert shown.out == piped.out  # the CSV itself: no bar, no escape codes
    assert b"\x1b" not in shown.out
    assert piped.err == b""  # a pipe never gets a bar


def test_report_shows_reading_then_writing_and_prints_the_report_after_the_bar(
    demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    shown = _taskboard("report", "--output", str(target), tty=True, env=NOW)
    assert shown.code == 0, shown.err
    assert b"Reading the register" in shown.err
    assert b"Writing the report (xlsx)" in shown.err
    # The bar is gone (transient) before the one line saying where the report went.
    last = shown.err.rsplit(b"\x1b[2K", 1)[-1]
    assert last.strip().startswith(b"Report written to ") and target.exists()
    to_stdout = _taskboard("report", "--format", "md", tty=True, env=NOW)
    assert to_stdout.out.startswith(b"# ") and b"\x1b" not in to_stdout.out


def test_import_and_backup_show_their_bars(demo: Path, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("text,owner,due\nПодготовить справку,Сандалов,01.06.2027\n", encoding="utf-8")
    imported = _taskboard("import", str(rows), tty=True, env=NOW)
    assert imported.code == 0, imported.err
    assert "Importing «rows.csv»".encode() in imported.err
    assert re.fullmatch(rb"\d+\n", imported.out)  # the new id alone
    backup = _taskboard("backup", str(tmp_path / "copy.db"), tty=True, env=NOW)
    assert backup.code == 0, backup.err
    assert b"Writing the backup" in backup.err


def test_no_bar_over_a_document_typed_into_the_terminal(demo: Path) -> None:
    line = "1. Сандалову М.А. до 01.06.2027 подготовить справку о поставках."
    typed = _taskboard("import", "-", "--dry-run", tty=True, env=NOW, typed=line)
    assert typed.code == 0, typed.err
    assert b"Importing" not in typed.err
    assert b"Would import 1 assignment" in typed.err


def test_no_bar_before_the_threshold_even_on_a_terminal(demo: Path) -> None:
    later = {"TASKBOARD_PROGRESS_AFTER": "3600"}
    quick = _taskboard("export", "--format", "csv", tty=True, env=later)
    assert quick.code == 0
    assert quick.err == b""


def test_no_colour_codes_in_the_bar_with_no_color(demo: Path) -> None:
    shown = _taskboard("export", tty=True, env={**NOW, "NO_COLOR": "1"})
    assert b"Exporting" in shown.err and b"100%" in shown.err
    assert not SGR.search(shown.err)
    assert "━".encode() not in shown.err  # without colour the bar says nothing: left out


def test_no_bar_on_a_dumb_terminal(demo: Path) -> None:
    dumb = _taskboard("export", "--format", "csv", tty=True, env={**NOW, "TERM": "dumb"})
    assert dumb.code == 0
    assert dumb.err == b""


def test_no_bar_on_a_pipe_even_with_colour_forced(demo: Path, tmp_path: Path) -> None:
    piped = _taskboard(
        "report",
        "--output",
        str(tmp_path / "report.md"),
        tty=False,
        env={**NOW, "FORCE_COLOR": "1"},
    )
    assert piped.code == 0
    assert piped.err.decode().startswith("Report written to ")
    assert b"\x1b" not in piped.err
