"""A real ``taskboard remind`` process killed in the middle of a run loses and repeats nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from taskboard.domain import services
from taskboard.storage.database import open_database
from tests.reminders.conftest import SmtpServer, reminder_rows

pytestmark = pytest.mark.slow  # a real remind process, killed mid-run

RECIPIENTS = 8


def _many_recipients(path: Path) -> list[str]:
    """``RECIPIENTS`` owners, each with one overdue assignment: one digest each."""
    database = open_database(path)
    addresses = []
    try:
        with database.write() as s:
            for n in range(RECIPIENTS):
                address = f"owner{n}@example.org"
                person = services.add_person(
                    s, full_name=f"Исполнитель Номер {n}", email=address, actor="t"
                )
                assert person.id is not None
                services.add_assignment(
                    s,
                    text=f"Поручение {n}",
                    owner_id=person.id,
                    due=date(2026, 11, 24) - timedelta(days=n),
                    actor="t",
                )
                addresses.append(address)
    finally:
        database.dispose()
    return addresses


def test_a_process_killed_mid_run_neither_loses_nor_repeats_a_reminder(
    db_path: Path, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    addresses = _many_recipients(db_path)
    write_config(smtp_server.port)
    process = subprocess.Popen(
        [sys.executable, "-m", "taskboard", "--db", str(db_path), "remind"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )

    def kill_on_fourth(number: int) -> str | None:
        # The fourth message is still in the DATA phase, unanswered, when the process dies:
        # three were accepted (and recorded), the fourth never was.
        if number == 4:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return "451 4.3.0 connection lost"
        return None

    smtp_server.handler.on_data = kill_on_fourth
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert len(smtp_server.handler.received) == 3
    assert len(reminder_rows(db_path)) == 3

    smtp_server.handler.on_data = None
    finish = subprocess.run(
        [sys.executable, "-m", "taskboard", "--db", str(db_path), "remind"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert finish.returncode == 0, finish.stderr
    delivered = Counter(r.rcpt_tos[0] for r in smtp_server.handler.received)
    assert delivered == Counter(addresses)  # every one exactly once
    rows = reminder_rows(db_path)
    assert len(rows) == RECIPIENTS
    assert sorted(r[4] for r in rows) == sorted(addresses)
