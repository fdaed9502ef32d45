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
