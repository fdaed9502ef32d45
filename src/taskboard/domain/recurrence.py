"""Recurring assignments: rules as RFC 5545 RRULEs (``dateutil.rrule``), typed in plain words.

A frequency word, then (after a comma or a space) what a protocol says of the day:

- ``monthly by the 5th`` / ``ежемесячно, до 5-го числа`` → ``FREQ=MONTHLY;BYMONTHDAY=5``;
- ``еженедельно, по понедельникам`` / ``every Monday`` → ``FREQ=WEEKLY;BYDAY=MO``;
- ``ежеквартально, до 10 числа месяца, следующего за отчётным`` (the 10th of the month after
  each quarter) → ``FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10``; ``ежеквартально`` alone is
  every three months (``FREQ=MONTHLY;INTERVAL=3``);
- ``ежегодно, до 1 февраля`` → ``FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1``.

A raw RRULE is accepted as well. A new recurring assignment's first deadline is
:func:`first_occurrence`; when an occurrence is done, the next one is created with the rule's
first date after the finished occurrence's deadline (:func:`next_occurrence`). Both give the
rule's own date: the caller moves it off a non-working day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from dateutil.rrule import rrulestr

from taskboard.domain.dates import month_number
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput
from taskboard.i18n import _

_FREQUENCIES = {
    "daily": "DAILY",
    "ежедневно": "DAILY",
    "weekly": "WEEKLY",
    "еженедельно": "WEEKLY",
    "monthly": "MONTHLY",
    "ежемесячно": "MONTHLY",
    "quarterly": "MONTHLY;INTERVAL=3",
    "ежеквартально": "MONTHLY;INTERVAL=3",
    "yearly": "YEARLY",
    "annually": "YEARLY",
    "ежегодно": "YEARLY",
}
_QUARTERLY = "MONTHLY;INTERVAL=3"
_AFTER_EACH_QUARTER = "YEARLY;BYMONTH=1,4,7,10"
"""The month after each quarter: January, April, July, October."""

_RULE = re.compile(rf"(?P<freq>{'|'.join(_FREQUENCIES)})(?:(?:,\s?|\s)(?P<rest>.+))?")
_BY = r"(?:(?:до|к|не позднее|не позже|по|by|on)\s)?(?:the\s)?"

# «до 5 числа», «к 5-му числу», «5-го числа каждого месяца», «by the 5th of the month», and
# the reporting tail «месяца, следующего за отчётным [кварталом]».
_MONTH_DAY = re.compile(
    rf"{_BY}(?P<day>\d{{1,2}})(?:-?(?:го|е|ое|ого|му|ому)|st|nd|rd|th)?"
    r"(?:\s(?:числа|числу|число|day))?"
    r"(?:\s(?:месяца|каждого месяца|of the month|of each month|of every month)"
    r"(?P<follows>,?\s(?:следующего за отчетным(?:\s(?P<period>кварталом|месяцем|периодом))?"
    r"|(?:after|following) the (?P<english>quarter|month)))?)?"
)
_REPORTED = {"кварталом": "quarter", "месяцем": "month", "quarter": "quarter", "month": "month"}
"""What «следующего за отчётным …» names; «периодом» or nothing: the rule's own period."""
# «до 1 февраля», «к 01.02», «by 1 February», «on February 1» [«года, следующего за отчётным»].
_YEAR_DAY = re.compile(
    rf"{_BY}(?:(?P<day>\d{{1,2}})(?:-?(?:го|е)|st|nd|rd|th)?\s(?:of\s)?(?P<month>[a-zа-я]+)\.?"
    r"|(?P<month_first>[a-z]+)\.?\s(?P<day_second>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<dd>\d{1,2})\.(?P<mm>\d{1,2})\.?)"
    r"(?:\sгода,?\sследующего за отчетным)?"
)
_WEEKDAY_LEAD = re.compile(r"(?:по|в|до|к|каждый|каждую|каждое|on|every|by)\s")
_EVERY = re.compile(r"(?:по|каждый|каждую|каждое|every|on)\s")
"""What makes weekdays a rule without a frequency word: «по средам», «every Monday»."""
_WEEKDAY_SEPARATOR = re.compile(r",\s?|\s(?:и|and)\s")


def _weekday_names() -> dict[str, str]:
    forms = {
        "MO": "понедельник понедельника понедельнику понедельникам monday mondays mon",
        "TU": "вторник вторника вторнику вторникам tuesday tuesdays tue",
        "WE": "среда среду среды среде средам wednesday wednesdays wed",
        "TH": "четверг четверга четвергу четвергам thursday thursdays thu",
        "FR": "пятница пятницу пятницы пятнице пятницам friday fridays fri",
        "SA": "суббота субботу субботы субботе субботам saturday saturdays sat",
        "SU": "воскресенье воскресенья воскресенью воскресеньям sunday sundays sun",
    }
    return {word: code for code, words in forms.items() for word in words.split()}


_WEEKDAYS = _weekday_names()
_WEEK_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _forms() -> str:
    return _(
        "use e.g. «monthly by the 5th», «weekly on Mondays», «quarterly by the 10th of the month "
        "after the quarter», «yearly by 1 February», «ежемесячно, до 5 числа», or an RRULE "
        "such as FREQ=MONTHLY;BYMONTHDAY=5"
    )


class _NotARule(Exception):
    """The words are not a rule this module reads."""


def parse_rule(text: str) -> str:
    """The RRULE for a rule typed as words («ежемесячно, до 5 числа») or as an RRULE."""
    raw = text.strip()
    if not raw:
        raise InvalidInput(_("The repeat rule is empty; {forms}.").format(forms=_forms()))
    if raw.upper().startswith(("FREQ=", "RRULE:")):
        rule = raw.upper().removeprefix("RRULE:")
        validate_rule(rule)
        return rule
    words = " ".join(fold(raw).split()).rstrip(" .;,")
    try:
        rule = f"FREQ={_words_rule(words)}"
    except _NotARule:
        raise InvalidInput(
            _("Cannot understand the repeat rule «{text}»; {forms}.").format(
                text=" ".join(raw.split()), forms=_forms()
            )
        ) from None
    validate_rule(rule)
    return rule


def _words_rule(words: str) -> str:
    """The RRULE after ``FREQ=`` for ``words`` (folded, trimmed), or :class:`_NotARule`."""
    found = _RULE.fullmatch(words)
    if found is None:
        if _EVERY.match(words):
            return f"WEEKLY;BYDAY={_weekdays(words)}"
        raise _NotARule
    freq, rest = _FREQUENCIES[found["freq"]], found["rest"]
    if rest is None:
        return freq
    if freq == "WEEKLY":
        return f"WEEKLY;BYDAY={_weekdays(rest)}"
    if freq == "YEARLY":
        month, day = _day_of_year(rest)
        return f"YEARLY;BYMONTH={month};BYMONTHDAY={day}"
    if freq in ("MONTHLY", _QUARTERLY):
        return _monthly(freq, rest)
    raise _NotARule  # «ежедневно, …»: nothing to add to a daily rule


def _monthly(freq: str, rest: str) -> str:
    found = _MONTH_DAY.fullmatch(rest)
    if found is None:
        raise _NotARule
    day = int(found["day"])
    if not 1 <= day <= 31:
        raise _NotARule
    if found["follows"] is None:
        return f"{freq};BYMONTHDAY={day}"
    after = _REPORTED.get(found["period"] or found["english"] or "")
    if freq == _QUARTERLY and after in (None, "quarter"):
        # «до 10 числа месяца, следующего за отчётным»: the 10th of the month after a quarter.
        return f"{_AFTER_EACH_QUARTER};BYMONTHDAY={day}"
    if freq == "MONTHLY" and after in (None, "month"):
        return f"MONTHLY;BYMONTHDAY={day}"  # every month reports on the month before
    raise _NotARule


def _day_of_year(rest: str) -> tuple[int, int]:
    found = _YEAR_DAY.fullmatch(rest)
    if found is None:
        raise _NotARule
    if found["dd"]:
        month: int | None = int(found["mm"])
        day = int(found["dd"])
    elif found["day"]:
        month, day = month_number(found["month"]), int(found["day"])
    else:
        month, day = month_number(found["month_first"]), int(found["day_second"])
    # A leap year's lengths: «ежегодно, до 29 февраля» is a rule, if a rare one.
    if month is None or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise _NotARule
    return month, day


def _weekdays(rest: str) -> str:
    named = _WEEKDAY_LEAD.sub("", rest, count=1) if _WEEKDAY_LEAD.match(rest) else rest
    codes = {_WEEKDAYS.get(word.rstrip(".")) for word in _WEEKDAY_SEPARATOR.split(named)}
    if None in codes:
        raise _NotARule
    return ",".join(code for code in _WEEK_ORDER if code in codes)


def validate_rule(rule: str) -> None:
    """Refuse an RRULE dateutil cannot read."""
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            _("The repeat rule «{rule}» is not valid ({error}); {forms}.").format(
                rule=rule, error=exc, forms=_forms()
            )
        ) from None


_STARTING = re.compile(
    r",?\s*(?:начиная\s+с|с|starting(?:\s+on)?|from)\s+(.+?)\s*\.?$", re.IGNORECASE
)


def is_rule_text(text: str) -> bool:
    """Whether ``text`` opens with a frequency word («ежемесячно, до 5 числа», «weekly»)."""
    return bool(_RULE.match(fold(text).strip()))


def split_start(text: str) -> tuple[str, str | None]:
    """«еженедельно, по понедельникам, начиная с 7 декабря» → the rule and its first date."""
    found = _STARTING.search(text)
    if found is None or not is_rule_text(text[: found.start()]):
        return text.strip().rstrip("."), None
    return text[: found.start()].strip().rstrip(","), found.group(1)


def first_occurrence(rule: str, *, after: date) -> date | None:
    """The rule's first date on or after ``after``: a new recurring assignment's first deadline.

    The date is the rule's own (the 5th even when the 5th is a Saturday): the caller moves it
    off a non-working day with :func:`taskboard.domain.dates.previous_working_day`, which may
    put it before ``after``. A rule without a day of its own («ежемесячно») starts on
    ``after`` itself. None when the rule has no date left (``UNTIL`` passed).
    """
    start = datetime(after.year, after.month, after.day)
    first = rrulestr(rule, dtstart=start).after(start, inc=True)
    return first.date() if first else None


def next_occurrence(rule: str, *, after: date) -> date | None:
    """The rule's first date strictly after ``after``, counted from ``after``."""
    start = datetime(after.year, after.month, after.day)
    recurrence = rrulestr(rule, dtstart=start)
    following = recurrence.after(start, inc=False)
    return following.date() if following else None
