"""Reminders on PostgreSQL: the same exactly-once recording through a real SMTP server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from taskboard.domain import services
from taskboard.domain.models import Event, Reminder
from taskboard.storage.database import open_database
from tests.reminders.conftest import SmtpServer

pytestmark = pytest.mark.postgres


def test_remind_on_postgresql_sends_once_and_records(
    cli, pg_url: str, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    database = open_database(pg_url)
    try:
        with database.write() as s:
            boss = services.add_person(
                s, full_name="Соколов Александр", email="b@example.org", actor="t"
            )
            owner = services.add_person(
                s,
                full_name="Волосков Сергей",
                email="v@example.org",
                supervisor_id=boss.id,
                actor="t",
            )
            services.add_assignment(
                s,
                text="Направляющие для лифтов",
                owner_id=owner.id,
                due=date(2026, 11, 10),
                actor="t",
            )
    finally:
        database.dispose()
    write_config(smtp_server.port)
    assert cli("remind", db=pg_url).code == 0
    assert cli("remind", db=pg_url).code == 0
    assert sorted(r.rcpt_tos[0] for r in smtp_server.handler.received) == [
        "b@example.org",
        "v@example.org",
    ]
    database = open_database(pg_url)
    try:
        with database.read() as s:
            assert s.execute(select(func.count()).select_from(Reminder)).scalar_one() == 2
            events = s.execute(
                select(func.count()).select_from(Event).where(Event.kind == "reminder_sent")
            ).scalar_one()
            assert events == 2
    finally:
        database.dispose()
