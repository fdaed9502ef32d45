"""Recurrence rules typed as a protocol words them, and the first deadline of a new rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from taskboard.domain.dates import previous_working_day
from taskboard.domain.recurrence import first_occurrence, next_occurrence, parse_rule
from taskboard.errors import InvalidInput
from taskboard.i18n import set_language

TODAY = date(2026, 12, 1)
"""A Tuesday."""


@pytest.fixture(autouse=True)
def russian_by_default() -> Iterator[None]:
    set_language("ru")
    yield
    set_language("ru")


# --- Monthly --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ежемесячно до 5 числа",
        "ежемесячно, до 5 числа",
        "ежемесячно до 5-го числа",
        "ежемесячно, к 5 числу",
        "ежемесячно, к 5-му числу",
        "Ежемесячно, не позднее 5 числа.",
        "ежемесячно, до 5 числа каждого месяца",
        "ежемесячно, до 5 числа месяца, следующего за отчётным",
        "ежемесячно 5",
        "monthly by the 5th",
        "monthly on the 5th of each month",
    ],
)
def test_monthly_by_a_day(text: str) -> None:
    assert parse_rule(text) == "FREQ=MONTHLY;BYMONTHDAY=5"


# --- Weekly ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("еженедельно, по понедельникам", "MO"),
        ("еженедельно по вторникам", "TU"),
        ("еженедельно, по средам", "WE"),
        ("еженедельно, по четвергам", "TH"),
        ("еженедельно, по пятницам", "FR"),
        ("еженедельно, в пятницу", "FR"),
        ("еженедельно, до пятницы", "FR"),
        ("по средам", "WE"),
        ("каждый понедельник", "MO"),
        ("каждую пятницу", "FR"),
        ("every Monday", "MO"),
        ("weekly on Mondays", "MO"),
        ("weekly on Thursday", "TH"),
    ],
)
def test_weekly_on_a_weekday(text: str, day: str) -> None:
    assert parse_rule(text) == f"FREQ=WEEKLY;BYDAY={day}"


def test_weekly_on_several_weekdays_in_week_order() -> None:
    assert parse_rule("еженедельно, по четвергам и понедельникам") == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert parse_rule("weekly on Mondays, Wednesdays and Fridays") == "FREQ=WEEKLY;BYDAY=MO,WE,FR"


# --- Quarterly and yearly -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ежеквартально, до 10 числа месяца, следующего за отчётным",
        "ежеквартально, до 10 числа месяца, следующего за отчетным",
        "ежеквартально до 10-го числа месяца, следующего за отчётным кварталом",
        "ежеквартально, не позднее 10 числа месяца, следующего за отчётным периодом",
        "quarterly by the 10th of the month after the quarter",
    ],
)
def test_quarterly_by_a_day_of_the_month_after_the_quarter(text: str) -> None:
    assert parse_rule(text) == "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10"


def test_quarterly_alone_keeps_its_meaning() -> None:
    assert parse_rule("ежеквартально") == "FREQ=MONTHLY;INTERVAL=3"
    assert parse_rule("quarterly") == "FREQ=MONTHLY;INTERVAL=3"
    assert parse_rule("ежеквартально, до 10 числа") == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10"


@pytest.mark.parametrize(
    "text",
    [
        "ежегодно, до 1 февраля",
        "ежегодно до 1 февраля",
        "ежегодно, к 1 февраля",
        "ежегодно, до 01.02",
        "ежегодно, до 1 февраля года, следующего за отчётным",
        "annually by 1 February",
        "yearly on February 1",
    ],
)
def test_yearly_by_a_day(text: str) -> None:
    assert parse_rule(text) == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1"


# --- What stays as it was -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("monthly", "FREQ=MONTHLY"),
        ("ежемесячно", "FREQ=MONTHLY"),
        ("weekly", "FREQ=WEEKLY"),
        ("еженедельно", "FREQ=WEEKLY"),
        ("ежедневно", "FREQ=DAILY"),
        ("ежегодно", "FREQ=YEARLY"),
        ("annually", "FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYMONTHDAY=5", "FREQ=MONTHLY;BYMONTHDAY=5"),
        ("rrule:freq=weekly;byday=mo", "FREQ=WEEKLY;BYDAY=MO"),
    ],
)
def test_plain_frequencies_and_raw_rrules(text: str, rule: str) -> None:
    assert parse_rule(text) == rule


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "иногда",
        "ежемесячно, до 32 числа",
        "ежемесячно, до 0 числа",
        "ежемесячно, по понедельникам",
        "ежегодно, до 31 февраля",
        "ежегодно, до 1 фуфеля",
        "ежегодно, до 5 числа",
        "ежедневно, до 5 числа",
        "еженедельно, по выходным",
        "weekly 5",
        "ежеквартально, до 10 числа месяца, следующего за отчётным месяцем",
    ],
)
def test_rules_it_cannot_read_are_one_line_errors(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_rule(text)
    message = str(caught.value)
    assert message.startswith(f"Не удаётся распознать правило периодичности «{text}»")
    assert "еженедельно, по понедельникам" in message  # the forms it does read
    assert "\n" not in message


def test_a_multi_line_rule_is_shown_on_one_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_rule("ежемесячно\nкогда-нибудь")
    assert "«ежемесячно когда-нибудь»" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_empty_rule_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="не задано"):
        parse_rule("  ")


def test_a_bad_raw_rrule_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="некорректно"):
        parse_rule("FREQ=SOMETIMES")


def test_errors_in_english() -> None:
    set_language("en")
    with pytest.raises(InvalidInput) as caught:
        parse_rule("sometimes")
    assert str(caught.value).startswith("Cannot understand the repeat rule «sometimes»; use e.g.")


# --- The first deadline of a new rule -------------------------------------------------------


def test_first_occurrence_counts_the_day_itself() -> None:
    rule = parse_rule("ежемесячно, до 5 числа")
    assert first_occurrence(rule, after=date(2026, 12, 5)) == date(2026, 12, 5)
    assert next_occurrence(rule, after=date(2026, 12, 5)) == date(2027, 1, 5)


def test_first_occurrence_is_the_rules_own_date_the_caller_shifts_it() -> None:
    # The 5th of December 2026 is a Saturday: the deadline is Friday the 4th.
    first = first_occurrence(parse_rule("ежемесячно, до 5 числа"), after=TODAY)
    assert first == date(2026, 12, 5)
    assert previous_working_day(first) == date(2026, 12, 4)


def test_first_occurrence_of_a_weekly_rule() -> None:
    rule = parse_rule("еженедельно, по понедельникам")
    assert first_occurrence(rule, after=TODAY) == date(2026, 12, 7)
    assert first_occurrence(rule, after=date(2026, 12, 7)) == date(2026, 12, 7)


def test_first_occurrence_of_a_quarterly_report() -> None:
    rule = parse_rule("ежеквартально, до 10 числа месяца, следующего за отчётным")
    first = first_occurrence(rule, after=TODAY)
    assert first == date(2027, 1, 10)
    # Sunday 10 January is in the New Year holidays: the last working day is 30 December.
    assert previous_working_day(first) == date(2026, 12, 30)
    assert next_occurrence(rule, after=first) == date(2027, 4, 10)
    assert next_occurrence(rule, after=date(2027, 10, 10)) == date(2028, 1, 10)


def test_first_occurrence_of_a_yearly_rule() -> None:
    rule = parse_rule("ежегодно, до 1 февраля")
    assert first_occurrence(rule, after=TODAY) == date(2027, 2, 1)
    assert next_occurrence(rule, after=date(2027, 2, 1)) == date(2028, 2, 1)


def test_first_occurrence_of_a_rule_without_a_day_is_the_day_itself() -> None:
    assert first_occurrence("FREQ=MONTHLY", after=TODAY) == TODAY


def test_first_occurrence_of_an_ended_rule_is_none() -> None:
    assert first_occurrence("FREQ=MONTHLY;BYMONTHDAY=5;UNTIL=20260105", after=TODAY) is None
