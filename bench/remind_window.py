"""The crash window of ``remind``: from the server's reply to DATA to the commit recording it.

    python bench/remind_window.py [--messages 100] [--db URL]

Sends ``--messages`` digests (one overdue assignment per owner) to a local aiosmtpd server and
times, for each, the interval between ``sendmail`` returning (the "250" to DATA read) and
the recording transaction's commit returning; prints the median and the maximum. A crash in
that interval is the one case that sends a message twice (with the same Message-ID).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))


def main() -> None:
    """Run the measurement and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    from taskboard.config import Settings, SmtpSettings
    from taskboard.domain import services
    from taskboard.reminders import run as run_module
    from taskboard.reminders.smtp import Mailer
    from taskboard.storage.database import open_database

    class Accept:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    url = args.db or str(Path(tempfile.mkdtemp()) / "window.db")
    db = open_database(url)
    today = date(2026, 11, 24)
    with db.write() as s:
        for n in range(args.messages):
            person = services.add_person(
                s, full_name=f"Исполнитель {n}", email=f"o{n}@example.org", actor="bench"
            )
            assert person.id is not None
            services.add_assignment(
                s,
                text=f"Поручение {n}",
                owner_id=person.id,
                due=today - timedelta(days=1),
                actor="bench",
            )

    windows: list[float] = []
    accepted_at: list[float] = []
    send, record = Mailer.send, run_module.Recorder.record

    def timed_send(self: Mailer, *a: Any, **kw: Any) -> None:
        send(self, *a, **kw)
        accepted_at.append(time.perf_counter())

    def timed_record(self: Any, *a: Any, **kw: Any) -> int:
        result = record(self, *a, **kw)
        windows.append(time.perf_counter() - accepted_at[-1])
        return result

    Mailer.send = timed_send  # type: ignore[method-assign]
    run_module.Recorder.record = timed_record  # type: ignore[method-assign]
    settings = Settings(
        smtp=SmtpSettings(
            host="127.0.0.1", port=port, security="none", from_addr="Контроль <c@example.org>"
        )
    )
    report = run_module.run_reminders(db, settings, today=today, actor="bench")
    controller.stop()
    db.dispose()
    ms = sorted(w * 1000 for w in windows)
    print(
        f"{len(report.sent)} messages on {db.engine.dialect.name}: from the DATA reply to the "
        f"commit, median {statistics.median(ms):.2f} ms, max {ms[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
