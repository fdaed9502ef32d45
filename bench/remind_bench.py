"""``taskboard remind`` against a local SMTP server (aiosmtpd): seconds, peak RSS, messages.

    python bench/run.py --only remind          # 100,000 assignments, 10,000 owners

A real run records the reminders it sends, so every repeat works on a fresh copy of the
register; the copy is made outside the timed part.
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typing import Any

from bench.measure import measure

TASKBOARD = [sys.executable, "-m", "taskboard"]


class _Counter:
    """An SMTP handler that accepts and counts messages (and their recipients)."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _copy(source: str, target: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from taskboard.storage.database import sqlite_copy

    sqlite_copy(Path(source), target)


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and exit code of one run of ``args`` (1: some not delivered)."""
    run = measure(args, env=env, ok=(0, 1))
    return run.seconds, run.rss_mb, run.code


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Median seconds and peak RSS (MB) of ``remind`` on copies of ``db_path``, and messages."""
    from aiosmtpd.controller import Controller

    handler = _Counter()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.toml"
            config.write_text(
                'actor = "bench"\n[smtp]\nhost = "127.0.0.1"\n'
                f'port = {port}\nsecurity = "none"\n'
                'from = "Контроль поручений <control@example.org>"\n',
                encoding="utf-8",
            )
            env = {**os.environ, "TASKBOARD_CONFIG": str(config), "TASKBOARD_LANG": "ru"}
            times: list[float] = []
            peaks: list[float] = []
            counts: list[int] = []
            failed = 0
            for n in range(max(repeats, 1)):
                copy = Path(tmp) / f"remind-{n}.db"
                _copy(db_path, copy)
                handler.messages = 0
                elapsed, peak, code = _timed([*TASKBOARD, "--db", str(copy), "remind"], env)
                failed += code != 0
                times.append(elapsed)
                peaks.append(peak)
                counts.append(handler.messages)
                for suffix in ("", "-wal", "-shm", ".remind-lock"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
    finally:
        controller.stop()
    return {
        "remind_s": statistics.median(times),
        "remind_mb": max(peaks),
        "remind_messages_count": float(statistics.median(counts)),
        "remind_failed_runs_count": float(failed),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1), indent=2))
