"""The new tiers (a part's sub-deadline, a report waiting, a pending request) on PostgreSQL:
claimed per recipient like the others, so a recipient another run holds is left to it, and two
runs at once send each new-tier reminder once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from taskboard.domain import parts, requests, services
from taskboard.reminders.run import Claims
from taskboard.storage.database import open_database
from tests.reminders.conftest import SmtpServer
from tests.reminders.test_parallel_runs import _reminder_keys

pytestmark = pytest.mark.postgres

NEW_TIERS = {"part_due_day", "report_waiting", "extension_request"}


def _fill(url: str, n: int = 12) -> dict[str, int]:
    """``n`` assignments due far away, each with its own controller (a report of 2026-11-10
    waiting, or a pending request) and its own co-executor whose part is due today."""
    database = open_database(url)
    people: dict[str, int] = {}
    try:
        with database.write() as s:
            owner = services.add_person(s, full_name="Сандалов Михаил", actor="t")
            assert owner.id is not None
            for k in range(n):
                controller = services.add_person(
                    s, full_name=f"Контролёр {k}", email=f"ctl{k}@example.org", actor="t"
                )
                co = services.add_person(
                    s, full_name=f"Соисполнитель {k}", email=f"co{k}@example.org", actor="t"
                )
                assert controller.id is not None and co.id is not None
                people[f"ctl{k}"], people[f"co{k}"] = controller.id, co.id
                a = services.add_assignment(
                    s,
                    text=f"Поручение {k}",
                    owner_id=owner.id,
                    controller_id=controller.id,
                    co_executor_ids=[co.id],
                    due=date(2026, 12, 30),
                    actor="t",
                )
                assert a.id is not None
                parts.set_part_due(
                    s, assignment_id=a.id, person_id=co.id, due=date(2026, 11, 24), actor="t"
                )
                if k % 2:
                    services.submit(
                        s,
                        assignment_id=a.id,
                        text="Исполнено",
                        reported_on=date(2026, 11, 10),
                        actor="t",
                    )
                else:
                    requests.request_extension(
                        s,
                        assignment_id=a.id,
                        new_due=date(2027, 1, 29),
                        reason="Нужно больше времени",
                        actor="t",
                    )
    finally:
        database.dispose()
    return people


def test_a_claimed_controller_is_left_to_the_run_that_holds_the_claim(
    cli, pg_url: str, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    people = _fill(pg_url, n=2)
    write_config(smtp_server.port)
    database = open_database(pg_url)
    claims = Claims(database)
    try:
        assert claims.take(people["ctl1"])  # another host is sending to Контролёр 1
        assert cli("remind", db=pg_url).code == 0
        tiers = {(k[1], k[2]) for k in _reminder_keys(pg_url)}
        assert (people["ctl1"], "report_waiting") not in tiers
        assert (people["ctl0"], "extension_request") in tiers
        assert (people["co1"], "part_due_day") in tiers
    finally:
        claims.close()
        database.dispose()
    assert cli("remind", db=pg_url).code == 0
    keys = _reminder_keys(pg_url)
    assert (people["ctl1"], "report_waiting") in {(k[1], k[2]) for k in keys}
    assert len(keys) == len(set(keys)) == 4
    assert Counter(r.rcpt_tos[0] for r in smtp_server.handler.received) == Counter(
        ["ctl0@example.org", "ctl1@example.org", "co0@example.org", "co1@example.org"]
    )


@pytest.mark.slow
def test_two_runs_at_once_send_each_new_tier_reminder_once(
    pg_url: str, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    _fill(pg_url)
    write_config(smtp_server.port)
    smtp_server.handler.delay = 0.005
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "taskboard", "--db", pg_url, "remind"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    keys = _reminder_keys(pg_url)
    assert len(keys) == len(set(keys)) == 24
    assert {k[2] for k in keys} == NEW_TIERS
    received = Counter(r.rcpt_tos[0] for r in smtp_server.handler.received)
    assert len(received) == 24 and set(received.values()) == {1}
