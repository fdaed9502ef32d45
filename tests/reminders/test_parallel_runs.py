"""Two ``taskboard remind`` processes at once (two cron hosts) send every reminder once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from taskboard.domain import services
from taskboard.domain.models import Reminder
from taskboard.storage.database import open_database
from tests.e2e.chain import assert_chain_holds
from tests.reminders.conftest import SmtpServer

pytestmark = pytest.mark.slow  # two real remind processes

RECIPIENTS = 50
SUMMARY = re.compile(r"(\d+) messages? sent \((\d+) reminders recorded\)")


def _fill(url: str) -> list[str]:
    """``RECIPIENTS`` owners with an overdue assignment each; every fifth also has a
    co-executor (due day) and the tenth a supervisor (escalation, 9 days overdue)."""
    database = open_database(url)
    addresses = []
    try:
        with database.write() as s:
            boss = services.add_person(
                s, full_name="Руководитель", email="boss@example.org", actor="t"
            )
            addresses.append("boss@example.org")
            for n in range(RECIPIENTS - 1):
                address = f"owner{n}@example.org"
                person = services.add_person(
                    s,
                    full_name=f"Исполнитель {n}",
                    email=address,
                    supervisor_id=boss.id if n == 9 else None,
                    actor="t",
                )
                addresses.append(address)
                co = [] if n % 5 or n == 0 else [person.id - 1]
                services.add_assignment(
                    s,
                    text=f"Поручение {n}",
                    owner_id=person.id,
                    due=date(2026, 11, 24) - timedelta(days=n % 10),
                    co_executor_ids=co,
                    actor="t",
                )
    finally:
        database.dispose()
    return addresses


def _reminder_keys(url: str) -> list[tuple[int, int, str, date]]:
    database = open_database(url)
    try:
        with database.read() as s:
            return [
                (r.assignment_id, r.person_id, r.tier, r.occasion) for r in s.exec(select(Reminder))
            ]
    finally:
        database.dispose()


def _two_runs_at_once(url: str, smtp_server: SmtpServer) -> None:
    addresses = _fill(url)
    # Each DATA answered after 5 ms: the runs overlap for the whole of their work.
    smtp_server.handler.delay = 0.005
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "taskboard", "--db", url, "remind"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    keys = _reminder_keys(url)
    received = smtp_server.handler.received
    # Every recipient exactly once, every reminder recorded once.
    assert Counter(r.rcpt_tos[0] for r in received) == Counter(addresses)
    assert len(keys) == len(set(keys))
    # The two summaries add up to what was sent: neither counts the other's work.
    counted = [SUMMARY.search(out) for out, _err in outputs]
    assert all(counted), outputs
    messages = sum(int(m.group(1)) for m in counted if m)
    reminders = sum(int(m.group(2)) for m in counted if m)
    assert messages == len(received) == RECIPIENTS
    assert reminders == len(keys)
    # Every reminder key is carried by exactly one delivered message.
    carried = Counter(r.message["Message-ID"] for r in received)
    assert max(carried.values()) == 1
    # Both runs sealed their «reminder sent» events into the one chain, neither broke it.
    assert_chain_holds(url)


def test_two_runs_at_once_on_sqlite_send_each_reminder_once(
    db_path: Path, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    _two_runs_at_once(str(db_path), smtp_server)


@pytest.mark.postgres
def test_two_runs_at_once_on_postgresql_send_each_reminder_once(
    pg_url: str, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    _two_runs_at_once(pg_url, smtp_server)
