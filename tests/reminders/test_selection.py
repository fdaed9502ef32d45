"""The tiers of docs/product.md §6 as a pure function of the deadline, today and the rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from taskboard.config import RemindSettings
from taskboard.reminders.selection import Candidate, ReminderItem, Tier, tier_items

DUE = date(2026, 11, 24)
OWNER, CO, CONTROLLER, SUPERVISOR = 1, 2, 3, 4


def items(today: date, rules: RemindSettings | None = None, **kw: object) -> set[ReminderItem]:
    candidate = Candidate(
        id=10,
        owner_id=OWNER,
        controller_id=kw.get("controller", CONTROLLER),  # type: ignore[arg-type]
        due=DUE,
        meeting_id=None,
        number=None,
        text="x",
    )
    return set(
        tier_items(
            candidate,
            co_executors=[CO],
            supervisor_id=kw.get("supervisor", SUPERVISOR),  # type: ignore[arg-type]
            today=today,
            rules=rules or RemindSettings(),
        )
    )


def day(offset: int) -> date:
    return DUE + timedelta(days=offset)


def test_nothing_is_due_before_the_before_window() -> None:
    assert items(day(-4)) == set()


@pytest.mark.parametrize("offset", [-3, -2, -1])
def test_owner_and_co_executors_hear_once_within_before_days(offset: int) -> None:
    assert items(day(offset)) == {
        ReminderItem(10, OWNER, Tier.BEFORE, DUE),
        ReminderItem(10, CO, Tier.BEFORE, DUE),
    }


def test_on_the_day_owner_co_executors_and_controller_are_reminded() -> None:
    assert items(day(0)) == {
        ReminderItem(10, OWNER, Tier.DUE_DAY, DUE),
        ReminderItem(10, CO, Tier.DUE_DAY, DUE),
        ReminderItem(10, CONTROLLER, Tier.CONTROLLER_DUE_DAY, DUE),
    }


def test_overdue_owner_gets_one_reminder_per_step_with_the_step_as_occasion() -> None:
    found = items(day(2))
    assert ReminderItem(10, OWNER, Tier.OVERDUE, day(2)) in found
    # The owner's missed due-day reminder is superseded by the overdue one.
    assert ReminderItem(10, OWNER, Tier.DUE_DAY, DUE) not in found
    # Co-executors and the controller still get their due-day one if it was missed.
    assert ReminderItem(10, CO, Tier.DUE_DAY, DUE) in found
    assert ReminderItem(10, CONTROLLER, Tier.CONTROLLER_DUE_DAY, DUE) in found


def test_missed_overdue_steps_collapse_into_the_latest_one() -> None:
    rules = RemindSettings(overdue_every_days=3)
    assert ReminderItem(10, OWNER, Tier.OVERDUE, day(6)) in items(day(7), rules)
    assert ReminderItem(10, OWNER, Tier.OVERDUE, day(9)) in items(day(9), rules)


def test_before_the_first_overdue_step_the_owner_still_gets_the_due_day_reminder() -> None:
    rules = RemindSettings(overdue_every_days=7)
    found = items(day(3), rules)
    assert ReminderItem(10, OWNER, Tier.DUE_DAY, DUE) in found
    assert not any(i.tier == Tier.OVERDUE for i in found)


def test_supervisor_is_escalated_to_once_escalate_after_days_overdue() -> None:
    assert not any(i.tier == Tier.ESCALATION for i in items(day(6)))
    assert ReminderItem(10, SUPERVISOR, Tier.ESCALATION, DUE) in items(day(7))
    assert ReminderItem(10, SUPERVISOR, Tier.ESCALATION, DUE) in items(day(30))


def test_no_supervisor_means_no_escalation() -> None:
    assert not any(i.tier == Tier.ESCALATION for i in items(day(30), supervisor=None))


def test_zero_disables_a_tier() -> None:
    rules = RemindSettings(
        before_days=0,
        overdue_every_days=0,
        escalate_after_days=0,
        on_due_day=False,
        controller_on_due_day=False,
    )
    assert items(day(-1), rules) == set()
    assert items(day(0), rules) == set()
    assert items(day(20), rules) == set()
