"""The tiers of issue 13: co-executors about their own sub-deadlines, the controller about reports
waiting for acceptance and about pending extension requests — as pure rules, through a real
SMTP server (exactly once, each switchable under ``[remind]``) and in golden texts.

On top of the sample register (conftest): Петров's part of A1 is due 2026-11-05 (overdue, no
report); Волосков's part of A5 (Сандалов's, due 2026-12-20) is due 2026-11-25; A6 (Сандалов,
controller Иванова, due 2026-12-30) has the owner's report of 2026-11-18 under review (6 days,
more than the default 3); A7 (Сандалов, controller Иванова, due 2026-12-18) has a pending
extension request to 2026-12-28.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from taskboard.config import RemindSettings, Settings
from taskboard.domain import parts, requests, services
from taskboard.reminders import plan, render_digest
from taskboard.reminders.selection import PartState, ReminderItem, Tier, part_items
from taskboard.storage.database import open_database
from tests.reminders.conftest import (
    ACTOR,
    IVANOVA,
    SANDALOV,
    VOLOSKOV,
    Register,
    SmtpServer,
    reminder_rows,
)

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 24)
SUB = date(2026, 11, 24)


def part(offset: int, reported: bool = False) -> set[ReminderItem]:
    return set(
        part_items(
            10,
            2,
            PartState(SUB, reported),
            today=SUB + timedelta(days=offset),
            rules=RemindSettings(),
        )
    )


def test_a_co_executor_hears_of_their_own_sub_deadline_before_on_and_after_it() -> None:
    assert part(-4) == set()
    assert part(-2) == {ReminderItem(10, 2, Tier.PART_BEFORE, SUB)}
    assert part(0) == {ReminderItem(10, 2, Tier.PART_DUE_DAY, SUB)}
    assert part(3) == {ReminderItem(10, 2, Tier.PART_OVERDUE, SUB + timedelta(days=3))}


def test_a_part_whose_report_is_in_is_never_reminded() -> None:
    assert part(-2, reported=True) == part(0, reported=True) == part(5, reported=True) == set()


def test_each_part_tier_can_be_switched_off() -> None:
    off = RemindSettings(part_before=False, part_due_day=False, part_overdue=False)
    for offset in (-2, 0, 3):
        assert not set(
            part_items(10, 2, PartState(SUB, False), today=SUB + timedelta(days=offset), rules=off)
        )


@dataclass
class More:
    a6: int
    a7: int


@pytest.fixture
def more(register: Register) -> More:
    """The parts, the waiting report and the pending request of the module docstring."""
    p = register.people
    database = open_database(register.path)
    try:
        with database.write() as s:
            parts.set_part_due(
                s,
                assignment_id=register.a["a1"],
                person_id=p["petrov"],
                due=date(2026, 11, 5),
                actor=ACTOR,
            )
            services.edit_assignment(
                s,
                assignment_id=register.a["a5"],
                changes=services.AssignmentUpdate(co_executor_ids=[p["voloskov"]]),
                actor=ACTOR,
            )
            parts.set_part_due(
                s,
                assignment_id=register.a["a5"],
                person_id=p["voloskov"],
                due=date(2026, 11, 25),
                actor=ACTOR,
            )
            a6 = services.add_assignment(
                s,
                text="Подготовить программу патриотического воспитания",
                owner_id=p["sandalov"],
                controller_id=p["ivanova"],
                due=date(2026, 12, 30),
                actor=ACTOR,
            ).id
            assert a6 is not None
            services.submit(
                s,
                assignment_id=a6,
                text="Программа подготовлена",
                reported_on=date(2026, 11, 18),
                actor=ACTOR,
            )
            a7 = services.add_assignment(
                s,
                text="Организовать поездку в Брестскую крепость",
                owner_id=p["sandalov"],
                controller_id=p["ivanova"],
                due=date(2026, 12, 18),
                actor=ACTOR,
            ).id
            assert a7 is not None
            requests.request_extension(
                s,
                assignment_id=a7,
                new_due=date(2026, 12, 28),
                reason="Ждём подтверждения принимающей стороны",
                actor=ACTOR,
            )
    finally:
        database.dispose()
    return More(a6, a7)


def _digests(register: Register, settings: Settings | None = None) -> dict[int, list[str]]:
    database = open_database(register.path)
    try:
        found = plan(database, today=TODAY, settings=settings or Settings())
    finally:
        database.dispose()
    return {d.person_id: sorted(str(i.tier) for i in d.items) for d in found}


def test_the_new_tiers_are_planned_for_whom_they_concern(register: Register, more: More) -> None:
    p = register.people
    digests = _digests(register)
    # Петров hears of his own overdue part of A1, no longer of A1's deadline day.
    assert digests[p["petrov"]] == ["part_overdue"]
    # Волосков: his part of A5 (1 day left) besides his own A1/A3 and A2 (before).
    assert "part_before" in digests[p["voloskov"]]
    assert sorted(digests[p["ivanova"]]) == [
        "controller_due_day",
        "controller_due_day",
        "extension_request",
        "report_waiting",
    ]


def test_switched_off_tiers_are_not_planned(register: Register, more: More) -> None:
    settings = Settings()
    settings.remind.report_waiting = False
    settings.remind.extension_requests = False
    settings.remind.part_overdue = False
    digests = _digests(register, settings)
    assert digests[register.people["ivanova"]] == ["controller_due_day", "controller_due_day"]
    # Without the overdue steps, the missed day of his sub-deadline is still said once.
    assert digests[register.people["petrov"]] == ["part_due_day"]
    settings.remind.part_due_day = False
    assert register.people["petrov"] not in _digests(register, settings)


def test_a_report_waiting_no_longer_than_report_waiting_days_is_not_reminded(
    register: Register, more: More
) -> None:
    settings = Settings()
    settings.control.report_waiting_days = 6  # waited 6 days: not more than 6
    assert "report_waiting" not in _digests(register, settings)[register.people["ivanova"]]


def test_a_part_report_in_stops_the_co_executors_reminders(register: Register, more: More) -> None:
    database = open_database(register.path)
    try:
        with database.write() as s:
            parts.submit_part(
                s,
                assignment_id=register.a["a1"],
                person_id=register.people["petrov"],
                text="Часть исполнена",
                actor=ACTOR,
            )
    finally:
        database.dispose()
    assert register.people["petrov"] not in _digests(register)


def test_remind_sends_the_new_tiers_once_and_records_them(
    cli,
    register: Register,
    more: More,
    smtp_server: SmtpServer,
    write_config: Callable[..., Path],
) -> None:
    write_config(smtp_server.port)
    first = cli("remind")
    assert first.code == 0, first.err
    received = {r.rcpt_tos[0] for r in smtp_server.handler.received}
    assert received == {VOLOSKOV, SANDALOV, IVANOVA}
    rows = reminder_rows(register.path)
    p, a = register.people, register.a
    new = sorted(
        (r[0], r[1], r[2], r[3])
        for r in rows
        if r[2] in ("part_before", "part_due_day", "part_overdue", "report_waiting")
        or r[2] == "extension_request"
    )
    assert new == sorted(
        [
            (a["a5"], p["voloskov"], "part_before", date(2026, 11, 25)),
            (more.a6, p["ivanova"], "report_waiting", date(2026, 11, 18)),
            (more.a7, p["ivanova"], "extension_request", TODAY),
        ]
    )  # Петров's part_overdue is planned, but he has no e-mail: listed, never recorded
    count = len(smtp_server.handler.received)
    second = cli("remind")
    assert second.code == 0, second.err
    assert len(smtp_server.handler.received) == count
    assert reminder_rows(register.path) == rows


def test_the_request_reminder_stops_once_the_request_is_decided(
    register: Register, more: More
) -> None:
    database = open_database(register.path)
    try:
        with database.write() as s:
            requests.refuse(s, assignment_id=more.a7, reason="Срок не переносится", actor=ACTOR)
    finally:
        database.dispose()
    assert "extension_request" not in _digests(register)[register.people["ivanova"]]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("who", ["ivanova", "petrov"])
def test_new_tier_digests_match_the_golden_files(
    register: Register, more: More, language: str, who: str
) -> None:
    database = open_database(register.path)
    try:
        digests = plan(database, today=TODAY, settings=Settings())
    finally:
        database.dispose()
    digest = next(d for d in digests if d.person_id == register.people[who])
    rendered = render_digest(digest, today=TODAY, language=language)
    produced = {
        f"{who}.{language}.subject.txt": rendered.subject + "\n",
        f"{who}.{language}.txt": rendered.text,
        f"{who}.{language}.html": rendered.html,
    }
    for name, text in produced.items():
        path = GOLDEN / name
        if os.environ.get("TASKBOARD_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), name


def test_a_co_executor_with_a_part_of_their_own_hears_nothing_of_the_owners_deadline() -> None:
    from taskboard.reminders.selection import Candidate, tier_items

    candidate = Candidate(10, 1, None, SUB, None, None, "x")
    heard = {
        (i.person_id, str(i.tier))
        for i in tier_items(
            candidate,
            co_executors=[2, 3, 4],
            supervisor_id=None,
            today=SUB,
            rules=RemindSettings(),
            parts={2: PartState(date(2026, 11, 20), False), 3: PartState(None, True)},
        )
    }
    # 2 has their own date (its tiers come from part_items), 3's report is in, 4 has neither.
    assert heard == {(1, "due_day"), (4, "due_day")}
