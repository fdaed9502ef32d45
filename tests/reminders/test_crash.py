"""A real ``taskboard remind`` process killed in the middle of a run loses nothing, and what it
repeats carries the Message-ID of the first delivery."""

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
from tests.reminders.conftest import Received, SmtpServer, reminder_rows

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


def _duplicates_by_message_id(received: list[Received]) -> int:
    """How many deliveries repeat an earlier one; each must carry its first's Message-ID."""
    first: dict[str, str] = {}
    repeats = 0
    for r in received:
        key = r.rcpt_tos[0]
        mid = str(r.message["Message-ID"])
        if key in first:
            assert mid == first[key], f"a repeat to {key} with another Message-ID"
            repeats += 1
        else:
            first[key] = mid
    return repeats


def _remind(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taskboard", "--db", str(path), "remind"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


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
    finish = _remind(db_path)
    assert finish.returncode == 0, finish.stderr
    delivered = Counter(r.rcpt_tos[0] for r in smtp_server.handler.received)
    assert delivered == Counter(addresses)  # every one exactly once
    assert _duplicates_by_message_id(smtp_server.handler.received) == 0
    rows = reminder_rows(db_path)
    assert len(rows) == RECIPIENTS
    assert sorted(r[4] for r in rows) == sorted(addresses)


def test_a_message_accepted_but_not_recorded_is_repeated_with_the_same_message_id(
    db_path: Path, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    """The one window left: the server took the message, the process died before the commit."""
    addresses = _many_recipients(db_path)
    write_config(smtp_server.port)
    handler = smtp_server.handler
    process = subprocess.Popen(
        [sys.executable, "-m", "taskboard", "--db", str(db_path), "remind"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )

    def kill_after_keeping(number: int) -> None:
        # The fourth message is kept (delivered), then the process dies before it can read
        # the "250" and commit: delivered, not recorded.
        if number == 4:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    handler.on_accepted = kill_after_keeping
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert len(handler.received) == 4  # three recorded, the fourth delivered only
    assert len(reminder_rows(db_path)) == 3

    handler.on_accepted = None
    finish = _remind(db_path)
    assert finish.returncode == 0, finish.stderr
    delivered = Counter(r.rcpt_tos[0] for r in handler.received)
    assert sorted(delivered) == sorted(addresses)  # nothing lost
    # Exactly the one message of the window is repeated, with the first one's Message-ID:
    # a server or a mail client that de-duplicates by Message-ID shows it once.
    assert _duplicates_by_message_id(handler.received) == 1
    assert len({str(r.message["Message-ID"]) for r in handler.received}) == RECIPIENTS
    assert len(reminder_rows(db_path)) == RECIPIENTS
