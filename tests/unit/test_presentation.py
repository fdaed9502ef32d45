"""The one presentation layer: what every face shows, pinned once (dates, days, labels, tones)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from taskboard import i18n, presentation
from taskboard.presentation import Tone


@pytest.mark.parametrize(("lang", "expected"), [("ru", "01.06.2027"), ("en", "2027-06-01")])
def test_dates_follow_the_language(lang: str, expected: str) -> None:
    i18n.set_language(lang)
    assert presentation.format_date(date(2027, 6, 1)) == expected
    other = "en" if lang == "ru" else "ru"
    assert presentation.format_date(date(2027, 6, 1), other) != expected


def test_timestamps_follow_the_language_and_show_local_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Europe/Moscow")
    import time

    time.tzset()
    try:
        stored = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
        assert presentation.format_moment(stored, "ru") == "24.11.2026 12:05"
        assert presentation.format_moment(stored, "en") == "2026-11-24 12:05"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(
    ("days", "status", "ru", "en"),
    [
        (-5, "open", "просрочено на 5 дней", "5 days overdue"),
        (-1, "in_progress", "просрочено на 1 день", "1 day overdue"),
        (0, "open", "сегодня", "today"),
        (3, "open", "осталось 3 дня", "3 days left"),
        (21, "open", "остался 21 день", "21 days left"),
        (-5, "done", "", ""),
        (4, "cancelled", "", ""),
    ],
)
def test_days_left_or_overdue_in_both_languages(days: int, status: str, ru: str, en: str) -> None:
    assert presentation.days_phrase(days, status, "ru") == ru
    assert presentation.days_phrase(days, status, "en") == en


def test_closed_is_done_or_cancelled_and_decides_the_tone() -> None:
    assert [
        s for s in ("open", "in_progress", "done", "cancelled") if presentation.is_closed(s)
    ] == [
        "done",
        "cancelled",
    ]
    assert presentation.tone("open", overdue=True, due_soon=False) is Tone.OVERDUE
    assert presentation.tone("open", overdue=False, due_soon=True) is Tone.DUE_SOON
    assert presentation.tone("done", overdue=False, due_soon=False) is Tone.CLOSED
    assert presentation.tone("in_progress", overdue=False, due_soon=False) is Tone.PLAIN


def test_labels_in_the_language_asked_for() -> None:
    assert presentation.status_label("cancelled", "ru") == "снято с контроля"
    assert presentation.status_phrase("in_progress", True, "ru") == "в работе, просрочено"
    assert presentation.priority_label("high", "en") == "high"
    assert presentation.format_long_date(date(2027, 6, 1), "ru") == "1 июня 2027"


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [("ru", r"\d\d\.\d\d\.\d{4} \d\d:\d\d"), ("en", r"\d{4}-\d\d-\d\d \d\d:\d\d")],
)
def test_show_writes_timestamps_in_the_language_of_the_run(cli, lang: str, pattern: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    aid = cli("add", "Проработать проекты", "--owner", "сандалов", "--due", "20.12.2026").out
    assert cli("note", aid.strip(), "Направлено письмо").code == 0
    shown = cli("--lang", lang, "show", aid.strip()).out
    history = shown[shown.index("Направлено письмо") - 40 :]
    assert re.search(pattern, history), shown
    other = r"\d{4}-\d\d-\d\d \d\d:\d\d" if lang == "ru" else r"\d\d\.\d\d\.\d{4} \d\d:\d\d"
    assert not re.search(other, shown), shown


def test_calendar_headings_name_the_month_standing_alone_and_start_weeks_on_monday() -> None:
    assert presentation.format_month(2027, 6, "ru") == "Июнь 2027"
    assert presentation.format_month(2027, 6, "en") == "June 2027"
    assert presentation.weekday_names("ru") == ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
    assert presentation.weekday_names("en")[0] == "Mon"


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Сандалов Михаил Александрович", "Сандалов М.А."),
        ("Караев Юрий", "Караев Ю."),
        ("Петров-Водкин Кузьма Сергеевич", "Петров-Водкин К.С."),
        ("  Волосков   Сергей  Александрович ", "Волосков С.А."),
        ("Иванова Е.П.", "Иванова Е.П."),
        ("Сандалов", "Сандалов"),
        ("Правительство Кировской области", "Правительство Кировской области"),
        ("Министерство спорта Кировской области", "Министерство спорта Кировской области"),
        ("АО «ОМЗ»", "АО «ОМЗ»"),
        ("Отдел 12 Б", "Отдел 12 Б"),
        ("", ""),
    ],
)
def test_short_name_keeps_the_surname_and_initials_and_leaves_bodies_alone(
    full: str, short: str
) -> None:
    assert presentation.short_name(full) == short


@pytest.mark.parametrize(
    ("tier", "ru", "en"),
    [
        ("before", "срок приближается", "deadline approaching"),
        ("due_day", "срок сегодня", "deadline today"),
        (
            "controller_due_day",
            "срок сегодня, контролирующему",
            "deadline today, to the controller",
        ),
        ("overdue", "просрочено", "overdue"),
        ("escalation", "просрочено, руководителю", "overdue, to the supervisor"),
    ],
)
def test_a_reminder_in_the_history_names_its_tier_in_words(tier: str, ru: str, en: str) -> None:
    from taskboard.domain.models import ReminderTier

    assert presentation.reminder_tier_label(ReminderTier(tier), "ru") == ru
    i18n.set_language("ru")
    try:
        sentence = presentation.describe("reminder_sent", tier, None, "a@example.org", {})
    finally:
        i18n.set_language("en")
    assert sentence == f"направлено напоминание ({ru}) на a@example.org"
    sentence = presentation.describe("reminder_sent", tier, None, "a@example.org", {})
    assert sentence == f"reminder sent ({en}) to a@example.org"


RULES = [
    ("FREQ=DAILY", "ежедневно", "daily"),
    ("FREQ=WEEKLY", "еженедельно", "weekly"),
    ("FREQ=WEEKLY;BYDAY=MO", "еженедельно, по понедельникам", "weekly on Mondays"),
    (
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "еженедельно, по понедельникам, средам и пятницам",
        "weekly on Mondays, Wednesdays and Fridays",
    ),
    ("FREQ=MONTHLY", "ежемесячно", "monthly"),
    ("FREQ=MONTHLY;BYMONTHDAY=5", "ежемесячно, до 5 числа", "monthly by the 5th"),
    ("FREQ=MONTHLY;BYMONTHDAY=22", "ежемесячно, до 22 числа", "monthly by the 22nd"),
    ("FREQ=MONTHLY;INTERVAL=3", "ежеквартально", "quarterly"),
    (
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=11",
        "ежеквартально, до 11 числа",
        "quarterly by the 11th",
    ),
    (
        "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10",
        "ежеквартально, до 10 числа месяца, следующего за отчётным",
        "quarterly by the 10th of the month after the quarter",
    ),
    ("FREQ=YEARLY", "ежегодно", "yearly"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1", "ежегодно, до 1 февраля", "yearly by 1 February"),
]


@pytest.mark.parametrize(("rule", "ru", "en"), RULES)
def test_a_recurrence_reads_in_words_that_give_the_same_rule_back(
    rule: str, ru: str, en: str
) -> None:
    from taskboard.domain.recurrence import parse_rule

    assert presentation.recurrence_label(rule, "ru") == ru
    assert presentation.recurrence_label(rule, "en") == en
    assert parse_rule(ru) == rule
    assert parse_rule(en) == rule


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY;COUNT=3", "FREQ=WEEKLY;INTERVAL=2", "FREQ=HOURLY", "not a rule"]
)
def test_a_recurrence_not_made_of_words_is_shown_as_it_is(rule: str) -> None:
    assert presentation.recurrence_label(rule, "ru") == rule


def test_a_changed_recurrence_in_the_history_reads_in_words() -> None:
    sentence = presentation.describe("edited", "recurrence", None, "FREQ=MONTHLY;BYMONTHDAY=5", {})
    assert sentence == "recurrence changed: — → monthly by the 5th"
