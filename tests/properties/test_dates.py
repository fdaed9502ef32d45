"""Properties of the one date parser (``domain/dates.py``): what ``--due`` and every importer read.

Each property runs against a generated "today" as well as a generated text, so a rule that
only holds near the fixed test date (24 November 2026) does not pass by luck.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import assume, example, given
from hypothesis import strategies as st

from taskboard.domain import dates
from taskboard.domain.dates import (
    CALENDAR,
    MAX_YEAR,
    MIN_YEAR,
    WORKING,
    add_days,
    is_working_day,
    parse_date,
    previous_working_day,
)
from taskboard.errors import DateParseError, InvalidInput
from taskboard.presentation import format_date

MONTHS_RU_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
MONTHS_RU_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_RU_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

TOKENS = (
    *MONTHS_RU_GENITIVE, *MONTHS_RU_NOMINATIVE, *MONTHS_RU_PREPOSITIONAL, *MONTHS_EN,
    "янв", "сент", "feb", "sept", "до", "к", "не позднее", "в срок до", "в течение", "через",
    "in", "by", "within", "конца", "end of", "the end of", "в", "+", "-", ".", ",", ";", "г.",
    "года", "году", "год", "квартал", "кв.", "iv", "ii", "q3", "d", "w", "m", "дней", "дня",
    "недели", "месяца", "рабочих", "календарных", "working", "days", "двухнедельный срок",
    "в месячный срок", "дневный", "срок", "срочно", "оперативно", "сегодня", "завтра",
    "послезавтра", "today", "tomorrow", "постоянно", "st", "th", "-го", "of", "ё", "(десяти)",
    "текущего", "this", "year",
)  # fmt: skip
"""Words and signs the parser knows: text glued from them reaches its deeper branches."""

todays = st.dates(min_value=date(1910, 1, 1), max_value=date(2190, 12, 31))
sane_dates = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
numbers = st.one_of(st.integers(0, 40), st.integers(0, 3000), st.integers(0, 10**25)).map(str)
parser_texts = st.lists(
    st.one_of(st.sampled_from(TOKENS), numbers), min_size=1, max_size=6
).flatmap(
    lambda parts: st.lists(
        st.sampled_from(("", " ", "  ", ".", "-")), min_size=len(parts), max_size=len(parts)
    ).map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))
)
any_texts = st.one_of(st.text(), parser_texts)
modes = st.sampled_from(dates.MODES)


def _tried(text: str, **kwargs: object) -> date | None:
    """``parse_date`` of ``text``: the date, or None when it refused with its one error."""
    try:
        return parse_date(text, **kwargs)  # type: ignore[arg-type]
    except DateParseError:
        return None


# --- Never anything but the one clear error --------------------------------------------------


@given(text=any_texts, today=todays, base=st.none() | todays, mode=modes, past=st.booleans())
@example(text="+100000000000000000000d", today=date(2026, 11, 24), base=None, mode=WORKING,
         past=False)  # fmt: skip
@example(text="31.02.2027", today=date(2026, 11, 24), base=None, mode=CALENDAR, past=False)
def test_any_text_is_a_date_in_range_or_the_one_clear_error(
    text: str, today: date, base: date | None, mode: str, past: bool
) -> None:
    for shift in (False, True):
        try:
            found = parse_date(text, today=today, base=base, mode=mode, shift=shift, past=past)
        except DateParseError as exc:
            assert isinstance(exc, InvalidInput)
            assert exc.message and "\n" not in exc.message
            continue
        if shift:
            assert is_working_day(found)
        else:
            assert MIN_YEAR <= found.year <= MAX_YEAR


@given(text=any_texts, today=todays, mode=modes)
def test_phrase_finding_notes_and_rule_hints_never_raise(text: str, today: date, mode: str) -> None:
    phrase = dates.find_deadline(text, today=today, mode=mode)
    if phrase is not None:
        assert phrase in text
        parse_date(phrase, today=today, mode=mode)  # what it found, the parser reads
    assert all(isinstance(n, str) and n for n in dates.deadline_notes(text, today=today, mode=mode))
    hint = dates.describe_rule(text, mode=mode)
    assert hint is None or isinstance(hint, str)
    month = dates.month_number(text)
    assert month is None or 1 <= month <= 12


# --- Exact dates -------------------------------------------------------------------------------


@given(day=sane_dates, today=todays)
def test_every_written_form_of_a_date_reads_back_as_that_date(day: date, today: date) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}-{day.month}-{day.day}",
        day.strftime("%d.%m.%Y"),
        f"{day.day}.{day.month}.{day.year}",
        format_date(day, "ru"),
        format_date(day, "en"),
        f"{day.day} {MONTHS_RU_GENITIVE[day.month - 1]} {day.year}",
        f"{day.day} {MONTHS_RU_GENITIVE[day.month - 1]} {day.year} г.",
        f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}",
        f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}",
        f"до {day.day} {MONTHS_RU_GENITIVE[day.month - 1]} {day.year} года",
        f"не позднее {day.strftime('%d.%m.%Y')}",
        f"by {day.day} {MONTHS_EN[day.month - 1].lower()} {day.year}",
    ]
    for form in forms:
        assert parse_date(form, today=today, shift=False) == day, form
        # A deadline on a day off moves to the working day before it, never later.
        due = parse_date(form, today=today)
        assert due == previous_working_day(day) <= day, form


@given(day=sane_dates, today=todays, data=st.data())
def test_case_spacing_and_yo_do_not_change_the_date(
    day: date, today: date, data: st.DataObject
) -> None:
    form = data.draw(
        st.sampled_from(
            (
                f"{day.day} {MONTHS_RU_GENITIVE[day.month - 1]} {day.year} г.",
                f"до {day.day} {MONTHS_EN[day.month - 1]} {day.year}",
                f"в срок не позднее {day.strftime('%d.%m.%Y')}",
            )
        )
    )
    variant = data.draw(st.sampled_from((str.upper, str.lower, str.title, str.swapcase)))(form)
    variant = (
        "  " + variant.replace(" ", data.draw(st.sampled_from((" ", "  ", "\t", " \n ")))) + " ;"
    )
    assert parse_date(variant, today=today, shift=False) == day


@given(year=st.integers(MIN_YEAR, MAX_YEAR), month=st.integers(1, 12), today=todays)
def test_a_month_named_in_russian_or_english_means_its_last_day(
    year: int, month: int, today: date
) -> None:
    last = date(year, month, 1) + relativedelta(months=1, days=-1)
    forms = (
        f"{MONTHS_RU_NOMINATIVE[month - 1]} {year}",
        f"в {MONTHS_RU_PREPOSITIONAL[month - 1]} {year} г.",
        f"до конца {MONTHS_RU_GENITIVE[month - 1]} {year} года",
        f"{MONTHS_EN[month - 1]} {year}",
        f"in {MONTHS_EN[month - 1]} {year}",
        f"by the end of {MONTHS_EN[month - 1]} {year}",
    )
    for form in forms:
        assert parse_date(form, today=today, shift=False) == last, form
    quarter_last = date(year, 3 * ((month - 1) // 3 + 1), 1) + relativedelta(months=1, days=-1)
    roman = ("I", "II", "III", "IV")[(month - 1) // 3]
    for form in (f"{roman} квартал {year} г.", f"Q{(month - 1) // 3 + 1} {year}"):
        assert parse_date(form, today=today, shift=False) == quarter_last, form


@given(word=st.sampled_from(range(12)), today=todays)
def test_every_month_name_and_case_form_names_its_month(word: int, today: date) -> None:
    for name in (
        MONTHS_RU_NOMINATIVE[word],
        MONTHS_RU_GENITIVE[word],
        MONTHS_RU_PREPOSITIONAL[word],
        MONTHS_EN[word],
        MONTHS_EN[word][:3] + ".",
        MONTHS_RU_GENITIVE[word].upper(),
    ):
        assert dates.month_number(name) == word + 1, name


# --- A day and month without a year ----------------------------------------------------------


def _such_days(month: int, day: int, around: date) -> list[date]:
    found = []
    for year in range(around.year - 9, around.year + 10):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return found


@given(today=todays, month=st.integers(1, 12), day=st.integers(1, 31))
def test_a_deadline_without_a_year_is_the_first_such_day_since_a_month_ago(
    today: date, month: int, day: int
) -> None:
    candidates = _such_days(month, day, today)
    found = _tried(f"{day:02d}.{month:02d}", today=today, shift=False)
    words = _tried(f"{day} {MONTHS_RU_GENITIVE[month - 1]}", today=today, shift=False)
    assert found == words
    if not candidates:  # 30 February, 31 April: no such day in any year
        assert found is None
        return
    expected = min(d for d in candidates if d >= today - timedelta(days=dates.RECENT_DAYS))
    assert found == expected


@given(today=todays, month=st.integers(1, 12), day=st.integers(1, 31))
def test_a_meeting_date_without_a_year_is_the_nearest_such_day(
    today: date, month: int, day: int
) -> None:
    candidates = _such_days(month, day, today)
    found = _tried(f"{day} {MONTHS_EN[month - 1]}", today=today, shift=False, past=True)
    if not candidates:
        assert found is None
        return
    assert found is not None and (found.month, found.day) == (month, day)
    # Nearest; on a tie (never for whole years, but the rule says so) the past one.
    assert all(abs((found - today).days) <= abs((d - today).days) for d in candidates)


# --- Relative dates --------------------------------------------------------------------------


@given(today=todays, n=st.integers(0, 3000), m=st.integers(0, 3000))
def test_offsets_count_exact_calendar_days_and_weeks_and_are_monotone(
    today: date, n: int, m: int
) -> None:
    assume(today + timedelta(weeks=max(n, m)) <= date(MAX_YEAR, 12, 31))
    assert parse_date(f"+{n}d", today=today, shift=False) == today + timedelta(days=n)
    assert parse_date(f"+{n}w", today=today, shift=False) == today + timedelta(weeks=n)
    assert parse_date(f"через {n} дней", today=today, shift=False) == today + timedelta(days=n)
    assert parse_date(f"in {n} weeks", today=today, shift=False) == today + timedelta(weeks=n)
    months = n % 600
    if today + relativedelta(months=months) <= date(MAX_YEAR, 12, 31):
        assert parse_date(f"+{months}m", today=today, shift=False) == today + relativedelta(
            months=months
        )
    low, high = sorted((n, m))
    for unit in ("d", "w"):
        assert parse_date(f"+{low}{unit}", today=today) <= parse_date(f"+{high}{unit}", today=today)


@given(today=todays, n=st.integers(1, 250), extra=st.integers(0, 30))
def test_working_day_offsets_land_on_the_nth_working_day_and_grow_strictly(
    today: date, n: int, extra: int
) -> None:
    found = parse_date(f"+{n}d", today=today, mode=WORKING, shift=False)
    assert is_working_day(found)
    worked = sum(
        is_working_day(today + timedelta(days=i)) for i in range(1, (found - today).days + 1)
    )
    assert worked == n
    later = parse_date(f"+{n + extra + 1}d", today=today, mode=WORKING, shift=False)
    assert later > found
    assert add_days(today, n, mode=WORKING) == found


@given(base=todays, today=todays, mode=modes)
def test_rule_words_count_from_the_meeting_not_from_today(
    base: date, today: date, mode: str
) -> None:
    for word, days in (("срочно", dates.URGENT_DAYS), ("оперативно", dates.PROMPT_DAYS)):
        assert parse_date(word, today=today, base=base, mode=mode, shift=False) == add_days(
            base, days, mode=mode
        )
    assert parse_date(
        "в месячный срок", today=today, base=base, shift=False
    ) == base + relativedelta(months=1)


@given(day=st.dates(min_value=date(MIN_YEAR, 1, 15), max_value=date(MAX_YEAR, 12, 31)))
def test_the_working_day_shift_goes_back_to_the_nearest_working_day(day: date) -> None:
    shifted = previous_working_day(day)
    assert is_working_day(shifted) and shifted <= day
    assert not any(
        is_working_day(shifted + timedelta(days=i)) for i in range(1, (day - shifted).days + 1)
    )
