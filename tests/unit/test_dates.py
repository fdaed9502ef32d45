"""Dates and deadline rules: working days, the one-month default, every form the parser reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from taskboard.domain import dates
from taskboard.domain.dates import (
    CALENDAR,
    WORKING,
    add_days,
    default_deadline,
    describe_rule,
    is_working_day,
    one_month_after,
    parse_date,
    previous_working_day,
)
from taskboard.errors import DateParseError, InvalidInput
from taskboard.i18n import set_language

TODAY = date(2026, 11, 24)
"""A Tuesday; 28-29 November 2026 are a weekend."""


@pytest.fixture(autouse=True)
def russian_by_default() -> Iterator[None]:
    set_language("ru")
    yield
    set_language("ru")


@pytest.fixture
def english() -> None:
    set_language("en")


def parsed(text: str, *, base: date | None = None, mode: str = CALENDAR) -> date:
    """The date ``text`` names on TODAY, before the working-day shift."""
    return parse_date(text, today=TODAY, base=base, mode=mode, shift=False)


def error_for(text: str) -> str:
    """The message parse_date refuses ``text`` with."""
    with pytest.raises(DateParseError) as caught:
        parse_date(text, today=TODAY)
    return str(caught.value)


# --- Working days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 24), True),  # an ordinary Tuesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2027, 1, 1), False),  # New Year holidays
        (date(2027, 1, 8), False),
        (date(2027, 1, 11), True),
        (date(2026, 12, 31), False),  # day off moved from 3 January 2026 by decree
        (date(2026, 11, 4), False),  # Unity Day
        (date(2027, 6, 14), False),  # Russia Day fell on a Saturday: Monday is off
        (date(2024, 4, 29), False),  # day off moved from Saturday 27 April 2024
    ],
)
def test_is_working_day_follows_the_russian_production_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize("saturday", [date(2024, 4, 27), date(2024, 11, 2), date(2024, 12, 28)])
def test_transferred_working_saturdays_are_working_days(saturday: date) -> None:
    assert saturday.weekday() == 5
    assert is_working_day(saturday)


def test_previous_working_day_keeps_a_working_day() -> None:
    assert previous_working_day(date(2026, 11, 24)) == date(2026, 11, 24)


def test_previous_working_day_moves_a_weekend_to_friday() -> None:
    assert previous_working_day(date(2026, 11, 28)) == date(2026, 11, 27)
    assert previous_working_day(date(2026, 11, 29)) == date(2026, 11, 27)


@pytest.mark.parametrize("day", range(1, 11))
def test_new_year_holidays_move_to_the_last_working_day_of_december(day: int) -> None:
    # 31 December 2026 is itself a day off, so the 30th is the last working day; 9-10 January
    # 2027 are a weekend.
    assert previous_working_day(date(2027, 1, day)) == date(2026, 12, 30)


def test_transferred_working_saturday_stays_put() -> None:
    assert previous_working_day(date(2024, 12, 28)) == date(2024, 12, 28)
    assert parse_date("28.12.2024", today=TODAY) == date(2024, 12, 28)


def test_add_days_counts_calendar_days_by_default() -> None:
    assert add_days(date(2026, 12, 29), 3) == date(2027, 1, 1)
    assert add_days(date(2026, 12, 29), 3, mode=CALENDAR) == date(2027, 1, 1)


def test_add_days_in_working_mode_skips_the_new_year_holidays() -> None:
    # 30 Dec is the first working day after the 29th; then 31 Dec-10 Jan are all off.
    assert add_days(date(2026, 12, 29), 1, mode=WORKING) == date(2026, 12, 30)
    assert add_days(date(2026, 12, 29), 2, mode=WORKING) == date(2027, 1, 11)
    assert add_days(date(2026, 12, 29), 3, mode=WORKING) == date(2027, 1, 12)


def test_add_days_in_working_mode_counts_a_transferred_saturday() -> None:
    # Fri 26 Apr 2024, then Sat 27 (worked), Sun 28, Mon 29 and Tue 30 off, Wed 1 May off.
    assert add_days(date(2024, 4, 26), 1, mode=WORKING) == date(2024, 4, 27)
    assert add_days(date(2024, 4, 26), 2, mode=WORKING) == date(2024, 5, 2)


def test_add_days_with_zero_returns_the_start() -> None:
    assert add_days(TODAY, 0, mode=WORKING) == TODAY


def test_add_days_in_working_mode_can_count_backwards() -> None:
    assert add_days(date(2027, 1, 11), -1, mode=WORKING) == date(2026, 12, 30)


def test_unknown_mode_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="deadline mode"):
        add_days(TODAY, 1, mode="lunar")


# --- One month and the default deadline ----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 11, 24), date(2026, 12, 24)),
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), date(2028, 3, 29)),  # same day, not the month's end
        (date(2027, 3, 31), date(2027, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_one_month_after_is_the_same_day_or_the_months_last_day(
    start: date, expected: date
) -> None:
    assert one_month_after(start) == expected


def test_default_deadline_is_one_month_after_the_meeting() -> None:
    assert default_deadline(date(2026, 11, 24)) == date(2026, 12, 24)


def test_default_deadline_clamps_31_march_to_30_april() -> None:
    assert default_deadline(date(2027, 3, 31)) == date(2027, 4, 30)


def test_default_deadline_clamps_29_february_in_a_leap_year() -> None:
    assert default_deadline(date(2028, 1, 31)) == date(2028, 2, 29)


def test_default_deadline_on_a_sunday_moves_to_friday() -> None:
    # 31 Jan 2027 + 1 month = Sunday 28 Feb 2027.
    assert default_deadline(date(2027, 1, 31)) == date(2027, 2, 26)


def test_default_deadline_in_the_new_year_holidays_moves_into_december() -> None:
    assert default_deadline(date(2026, 12, 5)) == date(2026, 12, 30)


def test_default_deadline_stays_one_calendar_month_in_working_mode() -> None:
    assert default_deadline(date(2026, 11, 24), mode=WORKING) == date(2026, 12, 24)


# --- Numeric forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2027-06-01", "01.06.2027", "1.6.2027", "01.06.27", "01.06.2027 г.", "  2027-06-01 "]
)
def test_numeric_dates_with_a_year(text: str) -> None:
    assert parsed(text) == date(2027, 6, 1)


def test_day_and_month_without_a_year_is_the_next_such_day() -> None:
    assert parsed("01.06") == date(2027, 6, 1)
    assert parsed("01.12") == date(2026, 12, 1)


def test_day_and_month_without_a_year_counts_today() -> None:
    assert parsed("24.11") == TODAY
    # Yesterday, as a deadline, is the deadline just missed (the CLI warns), not next year's.
    assert parsed("23.11") == date(2026, 11, 23)
    assert parsed("23.10") == date(2027, 10, 23)  # a month back: next year's


# --- Month names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 июня 2027",
        "1 июнь 2027",
        "1 июня 2027 г.",
        "1 июня 2027 года",
        "1 июн 2027",
        "1 июн. 2027",
        "1 ИЮНЯ 2027",
        "1 June 2027",
        "June 1, 2027",
        "June 1 2027",
        "1 Jun 2027",
        "1 jun. 2027",
        "1st June 2027",
    ],
)
def test_day_month_and_year_in_russian_and_english(text: str) -> None:
    assert parsed(text) == date(2027, 6, 1)


@pytest.mark.parametrize(
    ("month", "forms"),
    [
        (1, ["январь", "января", "январю", "январем", "январём", "январе", "янв", "янв."]),
        (3, ["март", "марта", "марту", "мартом", "марте", "мар"]),
        (5, ["май", "мая", "маю", "маем", "мае"]),
        (9, ["сентябрь", "сентября", "сентябрю", "сентябрем", "сентябре", "сен", "сент."]),
        (2, ["февраль", "февраля", "феврале", "фев", "февр."]),
        (11, ["ноябрь", "ноября", "ноябре", "ноя", "нояб."]),
    ],
)
def test_every_russian_case_form_and_abbreviation_of_a_month(month: int, forms: list[str]) -> None:
    for form in forms:
        assert parsed(f"1 {form} 2027") == date(2027, month, 1), form


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("january", 1), ("feb", 2), ("march", 3), ("apr", 4), ("may", 5), ("jul", 7),
        ("aug", 8), ("sep", 9), ("sept", 9), ("october", 10), ("nov", 11), ("dec", 12),
    ],
)  # fmt: skip
def test_english_month_names_and_abbreviations(name: str, month: int) -> None:
    assert parsed(f"2 {name} 2027") == date(2027, month, 2)


def test_day_and_month_name_without_a_year_is_the_next_such_day() -> None:
    assert parsed("1 июня") == date(2027, 6, 1)
    assert parsed("1 June") == date(2027, 6, 1)
    assert parsed("June 1") == date(2027, 6, 1)
    assert parsed("1 декабря") == date(2026, 12, 1)
    assert parsed("24 ноября") == TODAY
    assert parsed("23 ноября") == date(2026, 11, 23)


def test_29_february_without_a_year_is_the_next_leap_year() -> None:
    assert parsed("29 февраля") == date(2028, 2, 29)


# --- Month alone: its last day ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "июнь 2027",
        "июнь 2027 г.",
        "June 2027",
        "в июне 2027",
        "в июне 2027 года",
        "в июне",
        "до конца июня",
        "к концу июня",
        "in June",
        "end of June",
        "by the end of June",
        "end of June 2027",
        "июнь",
    ],
)
def test_a_month_without_a_day_is_its_last_day(text: str) -> None:
    assert parsed(text) == date(2027, 6, 30)


def test_a_month_that_has_not_ended_yet_is_this_years() -> None:
    assert parsed("в ноябре") == date(2026, 11, 30)
    assert parsed("in December") == date(2026, 12, 31)


def test_a_month_that_has_ended_is_next_years() -> None:
    assert parsed("в октябре") == date(2027, 10, 31)


def test_february_end_follows_leap_years() -> None:
    assert parsed("февраль 2028") == date(2028, 2, 29)
    assert parsed("в феврале") == date(2027, 2, 28)


# --- Relative forms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("сегодня", TODAY),
        ("today", TODAY),
        ("завтра", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 25)),
        ("послезавтра", date(2026, 11, 26)),
        ("Послезавтра", date(2026, 11, 26)),
    ],
)
def test_today_tomorrow_and_the_day_after(text: str, expected: date) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+3d", date(2026, 11, 27)),
        ("+3", date(2026, 11, 27)),
        ("+3д", date(2026, 11, 27)),
        ("+ 3 дня", date(2026, 11, 27)),
        ("+2w", date(2026, 12, 8)),
        ("+2н", date(2026, 12, 8)),
        ("+1m", date(2026, 12, 24)),
        ("+3m", date(2027, 2, 24)),
        ("через 3 дня", date(2026, 11, 27)),
        ("через 5 дней", date(2026, 11, 29)),
        ("через неделю", date(2026, 12, 1)),
        ("через 2 недели", date(2026, 12, 8)),
        ("через месяц", date(2026, 12, 24)),
        ("через 2 месяца", date(2027, 1, 24)),
        ("in 3 days", date(2026, 11, 27)),
        ("in 2 weeks", date(2026, 12, 8)),
        ("in a month", date(2026, 12, 24)),
    ],
)
def test_offsets_from_today(text: str, expected: date) -> None:
    assert parsed(text) == expected


def test_one_month_offset_clamps_to_the_months_end() -> None:
    assert parse_date("+1m", today=date(2027, 1, 31), shift=False) == date(2027, 2, 28)


def test_day_offsets_follow_the_working_mode() -> None:
    start = date(2026, 12, 29)
    assert parse_date("+3d", today=start, mode=WORKING) == date(2027, 1, 12)
    assert parse_date("через 3 дня", today=start, mode=WORKING) == date(2027, 1, 12)


def test_week_offsets_stay_calendar_weeks_in_working_mode() -> None:
    assert parsed("+2w", mode=WORKING) == date(2026, 12, 8)


def test_offsets_count_from_today_not_from_the_base() -> None:
    assert parsed("+3d", base=date(2026, 10, 1)) == date(2026, 11, 27)


# --- Rule words ---------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["срочно", "urgent", "СРОЧНО", " Urgent "])
def test_urgent_is_three_days_after_the_base(word: str) -> None:
    assert parsed(word, base=date(2026, 11, 2)) == date(2026, 11, 5)


@pytest.mark.parametrize("word", ["оперативно", "prompt"])
def test_prompt_is_ten_days_after_the_base(word: str) -> None:
    assert parsed(word, base=date(2026, 11, 2)) == date(2026, 11, 12)


def test_rule_words_count_from_today_without_a_base() -> None:
    assert parsed("срочно") == date(2026, 11, 27)


def test_urgent_landing_on_a_weekend_moves_to_friday() -> None:
    # Wed 25 Nov + 3 = Saturday 28 Nov.
    assert parse_date("срочно", today=TODAY, base=date(2026, 11, 25)) == date(2026, 11, 27)


def test_urgent_landing_in_the_new_year_holidays_moves_into_december() -> None:
    assert parse_date("срочно", today=TODAY, base=date(2026, 12, 29)) == date(2026, 12, 30)


def test_urgent_in_working_mode_counts_working_days() -> None:
    # Wed 25 Nov: Thu 26, Fri 27, then Mon 30 is the third working day.
    result = parse_date("срочно", today=TODAY, base=date(2026, 11, 25), mode=WORKING)
    assert result == date(2026, 11, 30)


def test_prompt_in_working_mode_counts_working_days_across_the_holidays() -> None:
    # 30 Dec is the first; 31 Dec-10 Jan are off; 11-15 and 18-21 Jan are the other nine.
    result = parse_date("оперативно", today=TODAY, base=date(2026, 12, 29), mode=WORKING)
    assert result == date(2027, 1, 21)


def test_describe_rule_in_russian() -> None:
    assert describe_rule("срочно") == "срочно: 3 дня"
    assert describe_rule("Оперативно") == "оперативно: 10 дней"
    assert describe_rule("urgent", mode=WORKING) == "срочно: 3 рабочих дня"


def test_describe_rule_in_english(english: None) -> None:
    assert describe_rule("urgent") == "urgent: 3 days"
    assert describe_rule("оперативно", mode=WORKING) == "prompt: 10 working days"


def test_describe_rule_is_none_for_other_text() -> None:
    assert describe_rule("завтра") is None
    assert describe_rule("") is None


# --- Working-day shift of parsed dates ----------------------------------------------------


def test_parsed_saturday_moves_to_friday() -> None:
    assert parse_date("28.11.2026", today=TODAY) == date(2026, 11, 27)


def test_parsed_new_year_holiday_moves_to_the_last_working_day_of_december() -> None:
    assert parse_date("5 января 2027", today=TODAY) == date(2026, 12, 30)
    assert parse_date("2027-01-08", today=TODAY) == date(2026, 12, 30)


def test_month_end_on_a_weekend_moves_to_friday() -> None:
    # 31 October 2027 is a Sunday.
    assert parse_date("в октябре", today=TODAY) == date(2027, 10, 29)


def test_shift_false_keeps_a_non_working_day() -> None:
    assert parse_date("28.11.2026", today=TODAY, shift=False) == date(2026, 11, 28)


# --- «ё» ----------------------------------------------------------------------------------


def test_yo_is_read_as_ye() -> None:
    assert parsed("1 сентябрём 2027") == date(2027, 9, 1)
    assert parsed("через 2 недели") == parsed("через 2 недели".replace("е", "ё"))


# --- Errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["31 февраля", "2027-02-30", "32.01.2027", "30.02", "0 июня"])
def test_impossible_dates_are_refused(text: str) -> None:
    assert "такого дня нет" in error_for(text)


def test_impossible_date_message_in_russian_lists_the_accepted_forms() -> None:
    assert error_for("31 февраля") == (
        "Не удалось распознать дату «31 февраля»: такого дня нет. Допустимо: 2027-06-01, "
        "01.06.2027, 1 июня 2027, до 1 июня, июнь 2027, в июне, до конца 2027 года, "
        "II квартал 2027, сегодня, завтра, +3d, +2w, через 2 недели, в течение 10 дней, "
        "срочно, оперативно"
    )


def test_impossible_date_message_in_english(english: None) -> None:
    assert error_for("2027-02-30") == (
        "Could not read the date “2027-02-30”: no such day. Accepted: 2027-06-01, 01.06.2027, "
        "1 June 2027, by 1 June, June 2027, in June, end of 2027, Q2 2027, today, tomorrow, "
        "+3d, +2w, in 2 weeks, within 10 days, urgent, prompt"
    )


def test_month_thirteen_is_refused() -> None:
    assert "такого месяца нет" in error_for("01.13.2027")


@pytest.mark.parametrize("text", ["abc", "next tuesday", "2027/06/01", "1 2 3", "-3d", "???"])
def test_garbage_is_refused_as_an_unknown_form(text: str) -> None:
    assert "неизвестная форма записи" in error_for(text)


def test_a_misspelt_month_is_named_in_the_message() -> None:
    assert "неизвестный месяц «йюня»" in error_for("1 йюня 2027")


def test_a_misspelt_month_is_named_in_english(english: None) -> None:
    assert "unknown month “jnue”" in error_for("1 jnue")


def test_an_unknown_offset_unit_is_named() -> None:
    assert "неизвестная единица «x»" in error_for("+3x")


@pytest.mark.parametrize("text", ["01.06.0027", "+99999999d", "+100000w", "+5000m"])
def test_years_out_of_range_are_refused(text: str) -> None:
    assert "год должен быть от 1900 до 2199" in error_for(text)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_says_no_date_was_given(text: str) -> None:
    assert error_for(text).startswith("Дата не указана. Допустимо: 2027-06-01")


def test_error_message_is_one_line_and_short_for_long_input() -> None:
    message = error_for("garbage\n" * 50)
    assert "\n" not in message
    assert "«garbage garbage garbage garbage garbage…»" in message


def test_date_parse_error_is_invalid_input_with_exit_code_2() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("nonsense", today=TODAY)
    assert caught.value.exit_code == 2


def test_accepted_forms_is_translated(english: None) -> None:
    assert dates.accepted_forms().startswith("2027-06-01, 01.06.2027, 1 June 2027")
    set_language("ru")
    assert dates.accepted_forms().endswith("в течение 10 дней, срочно, оперативно")
    assert "\n" not in dates.accepted_forms()


def test_a_meeting_date_without_a_year_is_the_nearest_such_day() -> None:
    # 24 Nov 2026: «20 ноября» for a meeting is four days back, «25.11» tomorrow.
    assert parse_date("20 ноября", today=TODAY, shift=False, past=True) == date(2026, 11, 20)
    assert parse_date("25.11", today=TODAY, shift=False, past=True) == date(2026, 11, 25)
    # 1 Dec 2026: «3 декабря» is in two days (it was a year back before issue 10).
    assert parse_date("3 декабря", today=date(2026, 12, 1), shift=False, past=True) == date(
        2026, 12, 3
    )
    assert parse_date("1 июня", today=TODAY, shift=False, past=True) == date(2026, 6, 1)
    # As a deadline «20 ноября» four days after it is the one just missed.
    assert parse_date("20 ноября", today=TODAY) == date(2026, 11, 20)


# --- Deadline phrases of protocols ----------------------------------------------------------
# Read on Tuesday 1 December 2026 for a meeting held on Friday 20 November 2026.

PROTOCOL_DAY = date(2026, 12, 1)
MEETING = date(2026, 11, 20)


def deadline(text: str, *, mode: str = CALENDAR, shift: bool = False) -> date:
    """The deadline ``text`` names in a protocol of MEETING read on PROTOCOL_DAY."""
    return parse_date(text, today=PROTOCOL_DAY, base=MEETING, mode=mode, shift=shift)


def deadline_error(text: str) -> str:
    with pytest.raises(DateParseError) as caught:
        deadline(text)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до 15 декабря 2026 г.", date(2026, 12, 15)),
        ("до 15 декабря 2026 года", date(2026, 12, 15)),
        ("до 15.12.2026", date(2026, 12, 15)),
        ("до 15.12.2026 г.", date(2026, 12, 15)),
        ("к 1 марта", date(2027, 3, 1)),
        ("к 1 марта 2027 года", date(2027, 3, 1)),
        ("не позднее 10 января 2027 г.", date(2027, 1, 10)),
        ("не позже 10.01.2027", date(2027, 1, 10)),
        ("в срок до 20 декабря", date(2026, 12, 20)),
        ("в срок не позднее 20 декабря 2026 г.", date(2026, 12, 20)),
        ("15 декабря 2026 года", date(2026, 12, 15)),
        ("До 5-го декабря", date(2026, 12, 5)),
        ("by 15 December", date(2026, 12, 15)),
        ("no later than December 15, 2026", date(2026, 12, 15)),
    ],
)
def test_by_a_date_means_that_date(text: str, expected: date) -> None:
    assert deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    ["до 15 декабря 2026 г.", "до 15 декабря 2026 г.;", "до 15 декабря 2026 года,", "15.12.2026;"],
)
def test_a_protocols_trailing_punctuation_is_ignored(text: str) -> None:
    assert deadline(text) == date(2026, 12, 15)


def test_a_by_date_is_moved_to_the_preceding_working_day() -> None:
    # Sunday 20 December → Friday 18; Sunday 10 January 2027 (holidays) → Wednesday 30 December.
    assert deadline("в срок до 20 декабря", shift=True) == date(2026, 12, 18)
    assert deadline("не позднее 10 января 2027 г.", shift=True) == date(2026, 12, 30)
    assert deadline("до 15 декабря 2026 г.", shift=True) == date(2026, 12, 15)


@pytest.mark.parametrize(
    "text",
    [
        "в июне 2027 г.",
        "в июне 2027 года",
        "до конца июня",
        "до конца июня 2027 г.",
        "до конца июня 2027 года.",
        "к концу июня 2027 г.",
        "в течение июня",
        "июнь 2027 года",
        "by the end of June",
    ],
)
def test_a_month_with_a_protocols_suffixes_is_its_last_day(text: str) -> None:
    assert deadline(text) == date(2027, 6, 30)


@pytest.mark.parametrize("text", ["до июня", "к июню", "до 2027 года", "до II квартала"])
def test_by_a_period_without_its_end_is_refused(text: str) -> None:
    # «до июня» is «before June» (May's end), not June's last day: too easy to misread.
    assert "неизвестная форма записи" in deadline_error(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до конца года", date(2026, 12, 31)),
        ("к концу года", date(2026, 12, 31)),
        ("до конца текущего года", date(2026, 12, 31)),
        ("end of the year", date(2026, 12, 31)),
        ("до конца 2027 года", date(2027, 12, 31)),
        ("до конца 2027 г.", date(2027, 12, 31)),
        ("в 2027 году", date(2027, 12, 31)),
        ("в течение 2027 года", date(2027, 12, 31)),
        ("2027 год", date(2027, 12, 31)),
        ("in 2027", date(2027, 12, 31)),
        ("by the end of 2027", date(2027, 12, 31)),
    ],
)
def test_a_year_is_its_last_day(text: str, expected: date) -> None:
    assert deadline(text) == expected


def test_the_years_end_moves_to_the_last_working_day() -> None:
    assert deadline("до конца года", shift=True) == date(2026, 12, 30)


def test_a_bare_year_number_is_not_a_deadline() -> None:
    assert "неизвестная форма записи" in deadline_error("2027")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I квартал 2027 г.", date(2027, 3, 31)),
        ("в I квартале 2027 года", date(2027, 3, 31)),
        ("в течение I квартала 2027 г.", date(2027, 3, 31)),
        ("1 квартал 2027", date(2027, 3, 31)),
        ("до конца II квартала", date(2027, 6, 30)),
        ("до конца II квартала 2027 года", date(2027, 6, 30)),
        ("II квартал", date(2027, 6, 30)),
        ("2 квартал 2027", date(2027, 6, 30)),
        ("2-й квартал 2027 г.", date(2027, 6, 30)),
        ("III кв. 2027 г.", date(2027, 9, 30)),
        ("3 кв 2027", date(2027, 9, 30)),
        ("IV квартал 2027 г.", date(2027, 12, 31)),
        ("iv квартал 2027", date(2027, 12, 31)),
        ("Q2 2027", date(2027, 6, 30)),
        ("end of Q3", date(2027, 9, 30)),
    ],
)
def test_a_quarter_is_its_last_day(text: str, expected: date) -> None:
    assert deadline(text) == expected


def test_a_quarter_without_a_year_is_the_coming_one() -> None:
    # On 1 December 2026 the fourth quarter has not ended; the third has.
    assert deadline("IV квартал") == date(2026, 12, 31)
    assert deadline("III квартал") == date(2027, 9, 30)
    assert parse_date("IV квартал", today=date(2026, 12, 31), shift=False) == date(2026, 12, 31)


def test_a_quarters_end_moves_to_the_last_working_day() -> None:
    assert deadline("IV квартал 2026 г.", shift=True) == date(2026, 12, 30)
    assert deadline("III кв. 2027 г.", shift=True) == date(2027, 9, 30)  # a Thursday


@pytest.mark.parametrize("text", ["V квартал", "5 квартал 2027", "0 кв. 2027"])
def test_a_quarter_that_does_not_exist_is_refused(text: str) -> None:
    assert "неизвестная форма записи" in deadline_error(text)


# Terms from the meeting: Friday 20 November 2026.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в течение месяца", date(2026, 12, 20)),
        ("в течение одного месяца", date(2026, 12, 20)),
        ("в месячный срок", date(2026, 12, 20)),
        ("within a month", date(2026, 12, 20)),
        ("в двухнедельный срок", date(2026, 12, 4)),
        ("в 2-недельный срок", date(2026, 12, 4)),
        ("в 2-х недельный срок", date(2026, 12, 4)),
        ("в недельный срок", date(2026, 11, 27)),
        ("в течение недели", date(2026, 11, 27)),
        ("в трёхдневный срок", date(2026, 11, 23)),
        ("в трехдневный срок", date(2026, 11, 23)),
        ("в 3-дневный срок", date(2026, 11, 23)),
        ("в пятидневный срок", date(2026, 11, 25)),
        ("в десятидневный срок", date(2026, 11, 30)),
        ("в 10-дневный срок", date(2026, 11, 30)),
        ("в течение 10 дней", date(2026, 11, 30)),
        ("в течение десяти дней", date(2026, 11, 30)),
        ("в течение 10 (десяти) дней", date(2026, 11, 30)),
        ("within 10 days", date(2026, 11, 30)),
        ("в течение 2 недель", date(2026, 12, 4)),
        ("в течение двух недель", date(2026, 12, 4)),
        ("в течение трёх месяцев", date(2027, 2, 20)),
        ("в течение 3 месяцев", date(2027, 2, 20)),
        ("в двухмесячный срок", date(2027, 1, 20)),
        ("в тридцатидневный срок", date(2026, 12, 20)),
    ],
)
def test_a_term_counts_from_the_meeting(text: str, expected: date) -> None:
    assert deadline(text) == expected


def test_one_month_is_the_one_month_rule_and_the_default_deadline() -> None:
    # Sunday 20 December moves to Friday 18: exactly the deadline given when none is typed.
    assert deadline("в течение месяца", shift=True) == default_deadline(MEETING)
    assert deadline("в месячный срок", shift=True) == date(2026, 12, 18)
    meeting = date(2027, 1, 31)
    assert parse_date("в течение месяца", today=PROTOCOL_DAY, base=meeting, shift=False) == (
        one_month_after(meeting)
    )


def test_a_term_counts_from_the_meeting_not_from_today() -> None:
    assert deadline("в течение 10 дней") == date(2026, 11, 30)
    assert parse_date("в течение 10 дней", today=PROTOCOL_DAY, shift=False) == date(2026, 12, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Mon 23, Tue 24, Wed 25 November are the three working days after Friday 20.
        ("в трёхдневный срок", date(2026, 11, 25)),
        ("в 3-дневный срок", date(2026, 11, 25)),
        ("в течение 10 дней", date(2026, 12, 4)),
        ("в десятидневный срок", date(2026, 12, 4)),
        # Weeks and months stay calendar ones, as «+2w» and the one-month rule do.
        ("в двухнедельный срок", date(2026, 12, 4)),
        ("в течение месяца", date(2026, 12, 20)),
    ],
)
def test_days_of_a_term_follow_the_working_mode(text: str, expected: date) -> None:
    assert deadline(text, mode=WORKING) == expected


def test_a_term_that_names_its_days_keeps_them_in_either_mode() -> None:
    assert deadline("в течение 10 рабочих дней") == date(2026, 12, 4)
    assert deadline("в течение 10 (десяти) календарных дней", mode=WORKING) == date(2026, 11, 30)
    assert deadline("within 10 working days") == date(2026, 12, 4)


def test_a_term_in_working_days_across_the_new_year_holidays() -> None:
    result = parse_date(
        "в трёхдневный срок", today=PROTOCOL_DAY, base=date(2026, 12, 29), mode=WORKING
    )
    assert result == date(2027, 1, 12)


def test_a_term_ending_on_a_weekend_moves_to_friday() -> None:
    # 20 November + 15 days = Saturday 5 December.
    assert deadline("в пятнадцатидневный срок", shift=True) == date(2026, 12, 4)
    assert deadline("в течение 15 дней", shift=True) == date(2026, 12, 4)


def test_a_term_ending_on_a_worked_saturday_stays_there() -> None:
    # Saturday 20 February 2027 is a working day by decree (days off moved around 23 February).
    assert deadline("в течение трёх месяцев", shift=True) == date(2027, 2, 20)


@pytest.mark.parametrize("text", ["в дневный срок", "в течение года", "в течение 5 лет"])
def test_terms_the_parser_cannot_count_are_refused(text: str) -> None:
    assert "неизвестная форма записи" in deadline_error(text)


# Rule words and standing assignments.


@pytest.mark.parametrize("word", ["незамедлительно", "Незамедлительно.", "срочно", "срочно;"])
def test_immediately_is_urgent(word: str) -> None:
    assert deadline(word) == date(2026, 11, 23)
    assert deadline(word, mode=WORKING) == date(2026, 11, 25)


def test_prompt_still_counts_from_the_meeting() -> None:
    assert deadline("оперативно") == date(2026, 11, 30)


@pytest.mark.parametrize(
    "text",
    ["постоянно", "Постоянно.", "на постоянной основе", "в постоянном режиме", "permanently"],
)
def test_standing_words_are_recognised(text: str) -> None:
    assert dates.is_standing(text)


@pytest.mark.parametrize(
    "text", ["", "срочно", "до конца года", "постоянный", "постоянно до 1 июня"]
)
def test_other_text_is_not_standing(text: str) -> None:
    assert not dates.is_standing(text)


def test_a_standing_assignment_is_not_a_date() -> None:
    message = deadline_error("постоянно")
    assert message.startswith("«постоянно» — признак постоянного поручения, а не срок исполнения.")
    assert "неизвестная форма" not in message
    assert "\n" not in message


def test_a_standing_assignment_is_not_a_date_in_english(english: None) -> None:
    assert deadline_error("на постоянной основе").startswith(
        "“на постоянной основе” marks a standing assignment, not a deadline."
    )


# Impossible dates stay errors.


@pytest.mark.parametrize(
    "text", ["31 февраля", "30.02.2027", "до 32 декабря", "до 30.02.2027 г.", "к 31 апреля"]
)
def test_impossible_protocol_dates_are_refused(text: str) -> None:
    assert "такого дня нет" in deadline_error(text)


# Hints.


@pytest.mark.parametrize(
    ("text", "mode", "hint"),
    [
        ("в двухнедельный срок", CALENDAR, "в двухнедельный срок: 14 дней"),
        ("в двухнедельный срок", WORKING, "в двухнедельный срок: 14 календарных дней"),
        ("в трёхдневный срок", CALENDAR, "в трёхдневный срок: 3 дня"),
        ("в трёхдневный срок", WORKING, "в трёхдневный срок: 3 рабочих дня"),
        ("в течение 10 рабочих дней", CALENDAR, "в течение 10 рабочих дней: 10 рабочих дней"),
        ("в течение месяца", CALENDAR, "в течение месяца: 1 месяц"),
        ("в течение трёх месяцев.", WORKING, "в течение трёх месяцев: 3 месяца"),
        ("в  месячный   срок", CALENDAR, "в месячный срок: 1 месяц"),
        ("незамедлительно", CALENDAR, "срочно: 3 дня"),
    ],
)
def test_describe_rule_describes_terms(text: str, mode: str, hint: str) -> None:
    assert describe_rule(text, mode=mode) == hint


def test_describe_rule_describes_terms_in_english(english: None) -> None:
    assert describe_rule("within 2 weeks") == "within 2 weeks: 14 days"
    assert describe_rule("в течение 10 дней", mode=WORKING) == "в течение 10 дней: 10 working days"
    assert describe_rule("within 3 months") == "within 3 months: 3 months"


@pytest.mark.parametrize("text", ["до 15 декабря", "II квартал", "постоянно", "в течение года"])
def test_describe_rule_is_none_for_dates_and_periods(text: str) -> None:
    assert describe_rule(text) is None


def test_deadline_notes_say_why_a_day_moved_and_warn_of_past_or_far_deadlines() -> None:
    from taskboard import i18n
    from taskboard.domain.dates import deadline_notes

    today = date(2026, 12, 1)
    i18n.set_language("ru")
    try:
        assert deadline_notes("31.12.2026", today=today) == [
            "31.12.2026 — нерабочий день, срок 30.12.2026."
        ]
        assert deadline_notes("20 ноября", today=today) == ["Срок 20.11.2026 уже прошёл."]
        assert deadline_notes("2029-03-01", today=today) == [
            "Срок 01.03.2029 — больше чем через два года."
        ]
        assert deadline_notes("15.12.2026", today=today) == []
        assert deadline_notes("не дата", today=today) == []
    finally:
        i18n.set_language("en")


def test_the_command_line_warns_of_a_past_deadline_and_a_holiday_shift(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    past = cli("add", "Просрочено с рождения", "--owner", "сандалов", "--due", "20.11.2026")
    assert past.code == 0 and "is in the past" in past.err
    holiday = cli("add", "К Новому году", "--owner", "сандалов", "--due", "31.12.2026")
    assert holiday.code == 0
    assert "2026-12-31 is a non-working day: the deadline is 2026-12-30." in holiday.err


def test_a_years_calendar_is_cached_under_the_installed_holidays_release(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The cache file is named by the `holidays` release that computed it (read without
    importing the package), and a second process's answer comes from it unchanged."""
    from importlib.metadata import version

    from taskboard.domain import dates

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dates._year_calendar.cache_clear()
    try:
        first = [dates.is_working_day(date(2031, 1, d)) for d in range(1, 32)]
        cached = tmp_path / "taskboard" / f"calendar-ru-{version('holidays')}-2031.json"
        assert cached.exists()
        dates._year_calendar.cache_clear()
        again = [dates.is_working_day(date(2031, 1, d)) for d in range(1, 32)]
    finally:
        dates._year_calendar.cache_clear()
    assert again == first and first[:8] == [False] * 8  # the New Year holidays
