"""Limits and guards of a run: long digests capped, a recipient claimed by one run at a time."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from taskboard.domain import services
from taskboard.storage.database import open_database
from tests.reminders.conftest import VOLOSKOV, Register, SmtpServer, reminder_rows


def test_a_long_digest_lists_the_limit_and_counts_the_rest_but_records_all(
    cli, db_path: Path, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    database = open_database(db_path)
    with database.write() as s:
        owner = services.add_person(
            s, full_name="Загруженный Иван", email="busy@example.org", actor="t"
        )
        for n in range(7):
            services.add_assignment(
                s,
                text=f"Поручение {n}",
                owner_id=owner.id,
                due=date(2026, 11, 20) - timedelta(n),
                actor="t",
            )
    database.dispose()
    write_config(smtp_server.port, remind={"digest_limit": 5})
    assert cli("remind").code == 0
    (received,) = smtp_server.handler.received
    text = received.message.get_body(("plain",)).get_content()
    assert "7 overdue" in text
    assert "…and 2 more assignments" in text
    assert "Поручение 6" in text  # the most overdue are listed
    assert "Поручение 0" not in text
    assert len(reminder_rows(db_path)) == 7


@pytest.mark.sqlite_only  # the SQLite claim file (PostgreSQL: test_parallel_runs.py)
def test_a_recipient_another_run_has_claimed_is_left_to_it(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    """A claim (a byte lock another process holds) makes this run skip that recipient only."""
    write_config(smtp_server.port)
    voloskov = register.people["voloskov"]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_CLAIM, f"{register.path}.remind-lock", str(voloskov)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = cli("remind")
    finally:
        holder.communicate("\n", timeout=10)
    assert result.code == 0, result.err
    assert VOLOSKOV not in {r.rcpt_tos[0] for r in smtp_server.handler.received}
    assert len(smtp_server.handler.received) == 2
    assert "1 recipient was served by another run at the same time" in result.out
    assert cli("remind").code == 0  # the claim is gone: the next run sends it
    assert len(smtp_server.handler.to(VOLOSKOV)) == 1
    assert len(smtp_server.handler.received) == 3


HOLD_CLAIM = """
import fcntl, sys
with open(sys.argv[1], "a+b") as f:
    fcntl.lockf(f.fileno(), fcntl.LOCK_EX, 1, int(sys.argv[2]))
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_today_accepts_the_program_date_forms_without_moving_to_a_working_day(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    # 22 November 2026 is a Sunday: it stays a Sunday (A3 is then 2 days away: "before").
    result = cli("remind", "--dry-run", "--today", "22.11.2026")
    assert result.code == 0
    assert "(22 November 2026)" in result.out
