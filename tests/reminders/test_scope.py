"""Limits and guards of a run: long digests capped, one run at a time."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from taskboard.domain import services
from taskboard.storage.database import open_database
from tests.reminders.conftest import Register, SmtpServer, reminder_rows


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


def test_a_second_run_while_one_is_running_sends_nothing(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    with open(f"{register.path}.remind-lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = cli("remind")
    assert result.code == 1
    assert "Another «taskboard remind» is running" in result.err
    assert smtp_server.handler.received == []
    assert cli("remind").code == 0
    assert len(smtp_server.handler.received) == 3


def test_today_accepts_the_program_date_forms_without_moving_to_a_working_day(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    # 22 November 2026 is a Sunday: it stays a Sunday (A3 is then 2 days away: "before").
    result = cli("remind", "--dry-run", "--today", "22.11.2026")
    assert result.code == 0
    assert "(22 November 2026)" in result.out
