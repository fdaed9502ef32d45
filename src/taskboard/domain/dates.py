"""Dates and deadline rules: the Russian working-day calendar, rule words, the one date parser.

Working days follow the Russian production calendar as the ``holidays`` package publishes it
(``holidays.country_holidays("RU")``): Saturdays and Sundays are off; public holidays and
the days off moved by government decree are off; and the weekend days a decree turns into
working days (exposed by the package as ``weekend_workdays``, e.g. the Saturdays 2024-04-27,
2024-11-02 and 2024-12-28) are working days. No table of our own is kept: the package is the
single source, so a newer ``holidays`` release brings the next year's decree. For years it has
no decree for yet, only weekends and the fixed public holidays count (a holiday falling on a
weekend is then not carried over to a Monday). Each year's calendar is built once and cached.
"""

from __future__ import annotations

import calendar
import json
import os
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from taskboard.errors import DateParseError
from taskboard.i18n import domain

_, ngettext = domain("dates")

CALENDAR = "calendar"
"""``deadline_days`` mode: deadlines count calendar days."""
WORKING = "working"
"""``deadline_days`` mode: deadlines count working days."""
MODES = (CALENDAR, WORKING)
"""Every ``deadline_days`` mode, in the order the config documents them."""

URGENT_DAYS = 3
"""«срочно»: the deadline is this many days after the meeting."""
PROMPT_DAYS = 10
"""«оперативно»: the deadline is this many days after the meeting."""

MIN_YEAR = 1900
"""Earliest year the parser accepts: anything before is a typo, not a deadline."""
MAX_YEAR = 2199
"""Latest year the parser accepts (``+100000d`` is a slip of the finger, not a plan)."""

_SHOWN_TEXT_LIMIT = 40


# --- Working days --------------------------------------------------------------------------


@cache
def _year_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The days off that are not weekends, and the weekend days that are worked, of ``year``."""
    cached = _read_cached_calendar(year)
    if cached is not None:
        return cached
    # Imported here: loading the package costs ~0.13 s, which `taskboard --version` must not pay.
    import holidays

    ru = holidays.country_holidays("RU", years=year)
    days_off = frozenset(ru.keys())
    # Older `holidays` releases lack the attribute; treating such Saturdays as days off can
    # only move a deadline earlier, never past the real one.
    worked = frozenset(getattr(ru, "weekend_workdays", ()))
    _write_cached_calendar(year, days_off, worked)
    return days_off, worked


def _calendar_cache_file(year: int) -> Path | None:
    """Where a year's calendar is cached: keyed by the `holidays` release that computed it."""
    release = _holidays_release()
    if release is None:
        return None
    from platformdirs import user_cache_path

    return user_cache_path("taskboard", appauthor=False) / f"calendar-ru-{release}-{year}.json"


@cache
def _holidays_release() -> str | None:
    """The installed `holidays` release, without importing it (that is what the cache saves).

    Read off the name of its ``holidays-X.Y.dist-info`` folder beside the package: one
    directory listing, where ``importlib.metadata.version`` scans every distribution on the
    path (0.05–0.15 s per command). Other layouts fall back to ``importlib.metadata``.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("holidays")
        if spec is not None and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations))).parent
            for name in os.listdir(folder):
                if name.startswith("holidays-") and name.endswith(".dist-info"):
                    return name.removeprefix("holidays-").removesuffix(".dist-info")
        from importlib.metadata import version

        return version("holidays")
    except Exception:
        return None


def _read_cached_calendar(year: int) -> tuple[frozenset[date], frozenset[date]] | None:
    # Every command that parses a date would otherwise load `holidays` (~0.13 s) again.
    path = _calendar_cache_file(year)
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (
            frozenset(date.fromisoformat(d) for d in data["off"]),
            frozenset(date.fromisoformat(d) for d in data["worked"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cached_calendar(year: int, off: frozenset[date], worked: frozenset[date]) -> None:
    path = _calendar_cache_file(year)
    if path is None:
        return
    data = {
        "off": sorted(d.isoformat() for d in off),
        "worked": sorted(d.isoformat() for d in worked),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass  # a read-only home only costs the speed-up


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day of the Russian production calendar."""
    days_off, worked = _year_calendar(d.year)
    if d.weekday() >= 5:
        return d in worked
    return d not in days_off


def previous_working_day(d: date) -> date:
    """``d`` itself when it is a working day, else the nearest working day before it."""
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


@cache
def _working_index(year: int) -> tuple[int, ...]:
    """For each day of ``year`` (0-based day of the year), the working days from 1 January up
    to and including it: a cumulative index, so a count over any span is two look-ups."""
    counts: list[int] = []
    n = 0
    day = date(year, 1, 1)
    while day.year == year:
        n += is_working_day(day)
        counts.append(n)
        day += timedelta(days=1)
    return tuple(counts)


def _working_through(d: date) -> int:
    return _working_index(d.year)[d.timetuple().tm_yday - 1]


def working_days_between(start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end`` (negative when ``end`` is
    before ``start``): a deadline of Friday closed on Monday is one working day late.

    Reports call this for every late assignment: the cumulative index per year makes it two
    look-ups, not a walk over the days."""
    if end < start:
        return -working_days_between(end, start)
    n = _working_through(end) - _working_through(start)
    for year in range(start.year, end.year):
        n += _working_index(year)[-1]
    return n


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        # The config loader validates `deadline_days`; reaching this is a programming error.
        raise ValueError(f"unknown deadline mode {mode!r} (use {CALENDAR!r} or {WORKING!r})")


def add_days(start: date, n: int, *, mode: str = CALENDAR) -> date:
    """``n`` calendar days after ``start``, or the ``n``-th working day after it in WORKING mode."""
    _check_mode(mode)
    if mode == CALENDAR or n == 0:
        return start + timedelta(days=n)
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    current = start
    while left:
        current += step
        if is_working_day(current):
            left -= 1
    return current


def one_month_after(d: date) -> date:
    """The same day of the next month, or that month's last day (31 Jan → 28/29 Feb)."""
    # relativedelta clamps to the month's end, which is exactly the rule of execution control.
    return d + relativedelta(months=1)


def default_deadline(meeting_date: date, *, mode: str = CALENDAR) -> date:
    """The deadline when none is given: one calendar month after the meeting, on a working day."""
    # A month stays a calendar month in WORKING mode: only day counts change with the mode.
    _check_mode(mode)
    return previous_working_day(one_month_after(meeting_date))


# --- Words the parser knows ----------------------------------------------------------------


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    # Stems ending in a soft consonant decline like «январь»; «март» and «август» are hard.
    soft = {
        "январ": 1,
        "феврал": 2,
        "апрел": 4,
        "июн": 6,
        "июл": 7,
        "сентябр": 9,
        "октябр": 10,
        "ноябр": 11,
        "декабр": 12,
    }
    for stem, month in soft.items():
        for ending in ("ь", "я", "ю", "ем", "е"):
            names[stem + ending] = month
    for stem, month in (("март", 3), ("август", 8)):
        for ending in ("", "а", "у", "ом", "е"):
            names[stem + ending] = month
    for ending in ("й", "я", "ю", "ем", "е"):
        names["ма" + ending] = 5
    short_ru = {
        "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8,
        "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
    }  # fmt: skip
    names.update(short_ru)
    # Not `calendar.month_name`: it follows the process locale and would turn Russian.
    english = (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    )  # fmt: skip
    for month, name in enumerate(english, start=1):
        names[name] = month
        names[name[:3]] = month
    names["sept"] = 9
    return names


_MONTHS = _month_names()

_DAY_WORDS = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
    "day after tomorrow": 2,
}

_RULE_WORDS = {
    "срочно": URGENT_DAYS,
    "незамедлительно": URGENT_DAYS,
    "urgent": URGENT_DAYS,
    "оперативно": PROMPT_DAYS,
    "prompt": PROMPT_DAYS,
}

_STANDING = frozenset(
    {
        "постоянно",
        "на постоянной основе",
        "в постоянном режиме",
        "на постоянном контроле",
        "permanently",
        "ongoing",
        "on an ongoing basis",
        "on a permanent basis",
    }
)
"""Words of a standing assignment («постоянно»): kept on control, it has no deadline."""


def _number_words() -> tuple[dict[str, int], dict[str, int]]:
    """Number words as counts (``в течение двух недель``) and as stems (``двухнедельный``)."""
    # (nominative, genitive): the genitive is also the stem of «десятидневный», «двухнедельный».
    russian = {
        2: ("два", "двух"), 3: ("три", "трех"), 4: ("четыре", "четырех"), 5: ("пять", "пяти"),
        6: ("шесть", "шести"), 7: ("семь", "семи"), 8: ("восемь", "восьми"),
        9: ("девять", "девяти"), 10: ("десять", "десяти"), 11: ("одиннадцать", "одиннадцати"),
        12: ("двенадцать", "двенадцати"), 13: ("тринадцать", "тринадцати"),
        14: ("четырнадцать", "четырнадцати"), 15: ("пятнадцать", "пятнадцати"),
        20: ("двадцать", "двадцати"), 30: ("тридцать", "тридцати"),
    }  # fmt: skip
    counts = dict.fromkeys(("один", "одна", "одного", "одной", "одну", "a", "an", "one"), 1)
    stems = {"одно": 1}
    for n, (nominative, genitive) in russian.items():
        counts[nominative] = counts[genitive] = stems[genitive] = n
    english = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    for n, word in enumerate(english, start=2):
        counts[word] = n
    return counts, stems


_COUNTS, _STEMS = _number_words()

_UNITS = {
    **dict.fromkeys(("", "d", "д", "дн", "day", "days", "день", "дня", "дней"), "days"),
    **dict.fromkeys(
        ("w", "н", "нед", "week", "weeks", "неделя", "неделю", "недели", "недель"), "weeks"
    ),
    **dict.fromkeys(("m", "м", "мес", "month", "months", "месяц", "месяца", "месяцев"), "months"),
}

_YEAR_SUFFIX = r"(?:\s?(?:г|год|года|году))?\.?"
_WORD = r"([a-zа-я]+)\.?"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})(?:\.(\d{{4}}|\d{{2}}){_YEAR_SUFFIX}|\.)?")
_OFFSET = re.compile(r"\+\s?(\d+)\s?([a-zа-я]*)\.?")
_IN = re.compile(r"(?:через|in)\s(?:(\d+|a|an|one)\s)?([a-zа-я]+)")
_DAY_MONTH = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th|-?го|-?е)?(?:\sof)?\s?{_WORD}"
    rf"(?:(?:,\s?|\s)(\d{{4}}){_YEAR_SUFFIX})?"
)
_MONTH_DAY = re.compile(rf"{_WORD}\s(\d{{1,2}})(?:st|nd|rd|th)?(?:(?:,\s?|\s)(\d{{4}}))?")

# «до 15 декабря», «к 1 марта», «не позднее …», «в срок до …»: the date itself. After such a
# word a month, quarter or year needs «конца» («до конца июня»): «до июня» is May's end.
_BY = re.compile(
    r"(?:в срок(?:\s(?:до|не позднее|не позже))?|до|к|не позднее|не позже|"
    r"by|no later than|not later than)\s(.+)"
)
_END_LEADS = ("конца", "концу", "конец", "end of", "the end of", "at the end of")
_LEAD = (
    r"(?:(?P<lead>конца|концу|конец|the end of|at the end of|end of|"
    r"в течение|в|during|in)\s)?"
)
_MONTH_END = re.compile(rf"{_LEAD}{_WORD}(?:\s(\d{{4}}){_YEAR_SUFFIX})?")
_QUARTER = re.compile(
    rf"{_LEAD}(?:(?P<number>iv|i{{1,3}}|[1-4])(?:-?(?:й|го|м|ом|ый|ого))?\s(?:квартал[аеу]?|кв)"
    rf"|q(?P<q>[1-4]))(?:\.?\s(?P<year>\d{{4}}){_YEAR_SUFFIX})?\.?"
)
_PERIOD_WORDS = frozenset({
    "год", "года", "году", "year", "месяц", "месяца", "месяце", "month",
    "квартал", "квартала", "кв",
})  # fmt: skip
"""Words that name a period but no month: «до конца месяца» is an unknown form, not a month."""
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = re.compile(rf"{_LEAD}(?P<year>\d{{4}})(?P<word>\s?(?:г|год|года|году))?\.?")
_THIS_YEAR_END = re.compile(
    r"(?:конца|концу|конец|the end of|at the end of|end of)\s"
    r"(?:(?:текущего|этого|the current|this|the)\s)?(?:года|year)"
)

# Terms counted from the meeting: «в течение 10 дней», «в двухнедельный срок», «within a month».
_WITHIN = re.compile(
    r"(?:в течение|within)\s"
    r"(?:(?P<n>\d+)(?:\s?\([а-я]+\))?\s|(?P<word>[a-zа-я]+)\s)?"
    r"(?:(?P<kind>рабочих|календарных|working|calendar)\s)?"
    r"(?P<unit>[a-zа-я]+)"
)
_TERM = re.compile(
    r"в\s(?:(?P<n>\d+)(?:-?(?:х|и|ти|ми))?[-\s]?|(?P<stem>[а-я]*?)[-\s]?)"
    r"(?P<unit>дневный|недельный|месячный)\sсрок"
)
_TERM_UNITS = {"дневный": "days", "недельный": "weeks", "месячный": "months"}
_KINDS = {"рабочих": WORKING, "working": WORKING, "календарных": CALENDAR, "calendar": CALENDAR}

# The longest day each month can have, February counted in a leap year.
_MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class _Invalid(Exception):
    """Why a text is not a date: carries the translated reason for the one-line message."""


def _no_such_day() -> _Invalid:
    return _Invalid(_("no such day"))


def _unknown_form() -> _Invalid:
    return _Invalid(_("unknown form"))


def _too_far() -> _Invalid:
    return _Invalid(
        _("the year must be between {low} and {high}").format(low=MIN_YEAR, high=MAX_YEAR)
    )


def _month(word: str) -> int:
    found = _MONTHS.get(word)
    if found is None and word in _PERIOD_WORDS:
        raise _unknown_form()  # «в течение года», «5 квартал»: not "a month we do not know"
    if found is None:
        raise _Invalid(_("unknown month “{word}”").format(word=word))
    return found


def _checked(found: date) -> date:
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise _too_far()
    return found


def _exact(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _Invalid(_("no such month"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _too_far()
    try:
        return date(year, month, day)
    except ValueError:
        raise _no_such_day() from None


RECENT_DAYS = 31
"""A day and month without a year, as a deadline, is the one just past when it passed at
most this many days ago («20 ноября» typed on 1 December: the deadline that was missed, not
one a year away, and the command warns that it is past); otherwise the coming one («1 июня»
typed in November is next June)."""


def _such_days(month: int, day: int, today: date) -> list[date]:
    found = []
    # Eight years always contain a 29 February, even across 2100 (not a leap year).
    for year in range(today.year - 8, today.year + 9):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return found


def _next_such_day(month: int, day: int, today: date, past: bool = False) -> date:
    """The day a «3 декабря» without a year means: one rule for deadlines and meetings.

    For a meeting (``past``): the nearest such day, past or coming («3 декабря» on 1 December
    is two days ahead; «20 ноября» on 24 November four days back). For a deadline: the one
    just past if it passed within :data:`RECENT_DAYS`, else the coming one.
    """
    if not 1 <= month <= 12:
        raise _Invalid(_("no such month"))
    if not 1 <= day <= _MAX_DAY[month]:
        raise _no_such_day()
    candidates = _such_days(month, day, today)
    if not candidates:
        raise _no_such_day()
    if past:
        return min(candidates, key=lambda d: (abs((d - today).days), d > today))
    passed = [d for d in candidates if d < today]
    if passed and (today - passed[-1]).days <= RECENT_DAYS:
        return passed[-1]
    return next(d for d in candidates if d >= today)


def _month_end(month: int, year: int | None, today: date) -> date:
    if year is None:
        year = today.year
        if date(year, month, calendar.monthrange(year, month)[1]) < today:
            year += 1
    elif not MIN_YEAR <= year <= MAX_YEAR:
        raise _too_far()
    return date(year, month, calendar.monthrange(year, month)[1])


def _shifted(today: date, n: int, unit: str, mode: str) -> date:
    try:
        if unit == "weeks":
            return _checked(today + timedelta(weeks=n))
        if unit == "months":
            return _checked(today + relativedelta(months=n))
        # Bound the calendar distance first so a huge count never walks day by day.
        _checked(today + timedelta(days=n))
        return _checked(add_days(today, n, mode=mode))
    except (OverflowError, ValueError):
        raise _too_far() from None


class _Term(NamedTuple):
    """A term counted from the meeting: «в течение 10 рабочих дней» → (10, "days", WORKING)."""

    amount: int
    unit: str
    """``days``, ``weeks`` or ``months``."""
    kind: str | None
    """CALENDAR or WORKING when the phrase says so («рабочих дней»), else None: the mode's."""


def _term(text: str) -> _Term | None:
    """The term ``text`` (already cleaned) names, or None when it names none."""
    if m := _WITHIN.fullmatch(text):
        unit = _UNITS.get(m["unit"])
        if m["n"] is not None:
            count: int | None = int(m["n"])
        else:
            count = 1 if m["word"] is None else _COUNTS.get(m["word"])
        if unit is None or count is None:
            return None  # «в течение 2027 года», «в течение июня»: a period, not a term
        return _Term(count, unit, _KINDS.get(m["kind"] or ""))
    if m := _TERM.fullmatch(text):
        unit = _TERM_UNITS[m["unit"]]
        if m["n"] is not None:
            count = int(m["n"])
        elif m["stem"]:
            count = _STEMS.get(m["stem"])
        else:
            count = None if unit == "days" else 1  # «в месячный срок», not «в дневный срок»
        if count is None:
            return None
        return _Term(count, unit, None)
    return None


def _after_term(base: date, term: _Term, mode: str) -> date:
    if term.unit == "months" and term.amount == 1:
        return one_month_after(base)  # the one-month rule of execution control
    return _shifted(base, term.amount, term.unit, term.kind or mode)


def _lead_allowed(lead: str | None, by: bool) -> bool:
    # After «до»/«к» a period must be «конца …»: «до июня» would be read as June's last day.
    return not by or lead in _END_LEADS


def _point(text: str, *, today: date, past: bool, by: bool) -> date:
    """A day («1 июня 2027», «01.06») or the last day of a month, quarter or year."""
    if m := _ISO.fullmatch(text):
        return _exact(int(m[1]), int(m[2]), int(m[3]))
    if m := _DOTTED.fullmatch(text):
        day, month, year = int(m[1]), int(m[2]), m[3]
        if year is None:
            return _next_such_day(month, day, today, past)
        return _exact(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if (m := _QUARTER.fullmatch(text)) and _lead_allowed(m["lead"], by):
        quarter = _QUARTERS[m["number"]] if m["number"] else int(m["q"])
        return _month_end(3 * quarter, int(m["year"]) if m["year"] else None, today)
    if (m := _YEAR.fullmatch(text)) and (m["lead"] or m["word"]) and _lead_allowed(m["lead"], by):
        return _exact(int(m["year"]), 12, 31)
    if _THIS_YEAR_END.fullmatch(text):
        return date(today.year, 12, 31)
    if m := _DAY_MONTH.fullmatch(text):
        day, month = int(m[1]), _month(m[2])
        if m[3] is None:
            return _next_such_day(month, day, today, past)
        return _exact(int(m[3]), month, day)
    if (m := _MONTH_DAY.fullmatch(text)) and m[1] in _MONTHS:
        day, month = int(m[2]), _MONTHS[m[1]]
        if m[3] is None:
            return _next_such_day(month, day, today, past)
        return _exact(int(m[3]), month, day)
    if (m := _MONTH_END.fullmatch(text)) and _lead_allowed(m[1], by):
        if m[2] not in _MONTHS and m[1] is None and m[3] is None:
            raise _unknown_form()  # a lone unknown word is not "a month we do not know"
        return _month_end(_month(m[2]), int(m[3]) if m[3] else None, today)
    raise _unknown_form()


def _resolve(text: str, *, today: date, base: date, mode: str, past: bool = False) -> date:
    """The date ``text`` (already cleaned) names, before the working-day shift."""
    if text in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[text])
    if text in _RULE_WORDS:
        return add_days(base, _RULE_WORDS[text], mode=mode)
    if (term := _term(text)) is not None:
        return _after_term(base, term, mode)
    if m := _OFFSET.fullmatch(text):
        unit = _UNITS.get(m[2])
        if unit is None:
            raise _Invalid(_("unknown unit “{unit}”").format(unit=m[2]))
        return _shifted(today, int(m[1]), unit, mode)
    if (m := _IN.fullmatch(text)) and (unit := _UNITS.get(m[2])) is not None:
        count = m[1] if m[1] and m[1].isdigit() else "1"
        return _shifted(today, int(count), unit, mode)
    if m := _BY.fullmatch(text):
        return _point(m[1], today=today, past=past, by=True)
    return _point(text, today=today, past=past, by=False)


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _cleaned(text: str) -> str:
    """``text`` normalised, without the punctuation a protocol ends a phrase with («…г.;»)."""
    return _normalise(text).rstrip(" .,;")


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _SHOWN_TEXT_LIMIT:
        return flat[: _SHOWN_TEXT_LIMIT - 1] + "…"
    return flat


# --- Public parser -------------------------------------------------------------------------


def accepted_forms() -> str:
    """One translated line listing the date forms the parser accepts."""
    return _(
        "2027-06-01, 01.06.2027, 1 June 2027, by 1 June, June 2027, in June, end of 2027, "
        "Q2 2027, today, tomorrow, +3d, +2w, in 2 weeks, within 10 days, urgent, prompt"
    )


def month_number(word: str) -> int | None:
    """The month a name or abbreviation means, in any case form («февраля», «Feb.»), or None."""
    return _MONTHS.get(_cleaned(word))


def is_standing(text: str) -> bool:
    """Whether ``text`` marks a standing assignment («постоянно»): on control, no deadline."""
    return _cleaned(text) in _STANDING


def parse_date(
    text: str,
    *,
    today: date,
    base: date | None = None,
    mode: str = CALENDAR,
    shift: bool = True,
    past: bool = False,
) -> date:
    """The date ``text`` names, moved to the preceding working day (unless ``shift=False``).

    Besides plain dates it reads a protocol's deadline phrases: «до 15 декабря 2026 г.»,
    «к 1 марта», «не позднее …» (that date itself), «до конца июня», «в 2027 году», «III кв.
    2027 г.» (the period's last day), and terms counted from ``base`` such as «в течение 10
    дней» or «в двухнедельный срок». A standing assignment («постоянно», see
    :func:`is_standing`) has no date and is refused with a message saying so.
    """
    # `base` is what rule words and terms count from (the meeting date); every other relative
    # form counts from `today`. `shift=False` is for facts such as a meeting's date, not
    # deadlines; `past=True` reads a day without a year as the nearest such day (a meeting).
    _check_mode(mode)
    cleaned = _cleaned(text)
    if not cleaned:
        raise DateParseError(_("No date given. Accepted: {forms}").format(forms=accepted_forms()))
    if cleaned in _STANDING:
        raise DateParseError(
            _("“{text}” marks a standing assignment, not a deadline. Accepted: {forms}").format(
                text=_shown(text), forms=accepted_forms()
            )
        )
    try:
        found = _resolve(cleaned, today=today, base=base or today, mode=mode, past=past)
    except _Invalid as invalid:
        raise DateParseError(
            _("Could not read the date “{text}”: {reason}. Accepted: {forms}").format(
                text=_shown(text), reason=invalid, forms=accepted_forms()
            )
        ) from None
    return previous_working_day(found) if shift else found


_PHRASE_START = re.compile(
    r"(?<![\w-])(?:в|во|до|к|не\s+позднее|не\s+позже|в\s+течение|в\s+срок|срочно|оперативно|"
    r"незамедлительно|by|within|until|before)(?![\w-])",
    re.IGNORECASE,
)
_PHRASE_WORDS = 7


FAR_AHEAD_YEARS = 2
"""A deadline further ahead than this is accepted with a warning (a typo of the year?)."""


def deadline_notes(
    text: str, *, today: date, base: date | None = None, mode: str = CALENDAR
) -> list[str]:
    """What a person should know about the deadline ``text`` names, one line each.

    A day moved off a non-working day says why («31.12.2026 is a non-working day: the
    deadline is 30.12.2026»); a deadline in the past or more than two years ahead is
    accepted, with a warning. Empty when the text names no date (the caller reports that).
    """
    from taskboard.presentation import format_date

    try:
        asked = parse_date(text, today=today, base=base, mode=mode, shift=False)
    except DateParseError:
        return []
    due = previous_working_day(asked)
    notes = []
    if due != asked:
        notes.append(
            _("{day} is a non-working day: the deadline is {due}.").format(
                day=format_date(asked), due=format_date(due)
            )
        )
    if due < today:
        notes.append(_("The deadline {due} is in the past.").format(due=format_date(due)))
    elif due > today + relativedelta(years=FAR_AHEAD_YEARS):
        notes.append(
            _("The deadline {due} is more than two years ahead.").format(due=format_date(due))
        )
    return notes


def find_deadline(
    text: str, *, today: date, base: date | None = None, mode: str = CALENDAR
) -> str | None:
    """The deadline phrase a sentence carries («в двухнедельный срок», «к 1 марта»), if any.

    Tries each place a deadline phrase can start and the longest run of words from there
    that :func:`parse_date` reads, so «в июне 2027 г. провести …» yields «в июне 2027 г.».
    """
    words = list(re.finditer(r"\S+", text))
    for start in _PHRASE_START.finditer(text):
        first = next((i for i, w in enumerate(words) if w.start() >= start.start()), None)
        if first is None:
            continue
        for last in range(min(len(words), first + _PHRASE_WORDS), first, -1):
            phrase = text[words[first].start() : words[last - 1].end()].rstrip(",;:»)")
            try:
                parse_date(phrase, today=today, base=base, mode=mode)
            except DateParseError:
                continue
            return phrase
    return None


def describe_rule(text: str, *, mode: str = CALENDAR) -> str | None:
    """A translated hint such as «срочно: 3 дня» or «в двухнедельный срок: 14 дней», else None.

    Given for the rule words and for the terms counted from the meeting's date.
    """
    cleaned = _cleaned(text)
    days = _RULE_WORDS.get(cleaned)
    if days is not None:
        _check_mode(mode)
        rule = _("urgent") if days == URGENT_DAYS else _("prompt")
        return _days_hint(rule, days, counted=mode, mode=mode)
    term = _term(cleaned)
    if term is None:
        return None
    _check_mode(mode)
    label = _shown(" ".join(text.split()).rstrip(" .,;"))
    if term.unit == "months":
        template = ngettext("{rule}: {n} month", "{rule}: {n} months", term.amount)
        return template.format(rule=label, n=term.amount)
    if term.unit == "weeks":
        # Weeks stay calendar weeks in either mode, like «+2w».
        return _days_hint(label, term.amount * 7, counted=CALENDAR, mode=mode)
    return _days_hint(label, term.amount, counted=term.kind or mode, mode=mode)


def _days_hint(rule: str, n: int, *, counted: str, mode: str) -> str:
    if counted == WORKING:
        template = ngettext("{rule}: {n} working day", "{rule}: {n} working days", n)
    elif mode == WORKING:
        # Calendar days where working days are the default: say so.
        template = ngettext("{rule}: {n} calendar day", "{rule}: {n} calendar days", n)
    else:
        template = ngettext("{rule}: {n} day", "{rule}: {n} days", n)
    return template.format(rule=rule, n=n)


__all__ = [
    "CALENDAR",
    "MAX_YEAR",
    "MIN_YEAR",
    "MODES",
    "PROMPT_DAYS",
    "URGENT_DAYS",
    "WORKING",
    "accepted_forms",
    "add_days",
    "deadline_notes",
    "default_deadline",
    "describe_rule",
    "find_deadline",
    "is_standing",
    "is_working_day",
    "month_number",
    "one_month_after",
    "parse_date",
    "previous_working_day",
]
