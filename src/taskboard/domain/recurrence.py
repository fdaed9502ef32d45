"""Recurring assignments: rules as RFC 5545 RRULEs (``dateutil.rrule``), typed in plain words.

``monthly by the 5th`` / ``ежемесячно до 5 числа`` → ``FREQ=MONTHLY;BYMONTHDAY=5``; a raw
RRULE is accepted as well. When an occurrence is done, the next one is created with the
rule's first date after the finished occurrence's deadline.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.rrule import rrulestr

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
_DAY = re.compile(r"(\d{1,2})")


def _forms() -> str:
    return _(
        "use e.g. «monthly», «monthly by the 5th», «ежемесячно до 5 числа», «weekly», "
        "«ежеквартально», or an RRULE such as FREQ=MONTHLY;BYMONTHDAY=5"
    )


def parse_rule(text: str) -> str:
    """The RRULE for a rule typed as words («ежемесячно до 5 числа») or as an RRULE."""
    raw = text.strip()
    if not raw:
        raise InvalidInput(_("The repeat rule is empty; {forms}.").format(forms=_forms()))
    if raw.upper().startswith(("FREQ=", "RRULE:")):
        rule = raw.upper().removeprefix("RRULE:")
        validate_rule(rule)
        return rule
    folded = fold(raw)
    for word, freq in _FREQUENCIES.items():
        if folded.startswith(word):
            rest = folded[len(word) :]
            rule = f"FREQ={freq}"
            day = _DAY.search(rest)
            if day and freq.startswith("MONTHLY"):
                number = int(day.group(1))
                if not 1 <= number <= 31:
                    break
                rule += f";BYMONTHDAY={number}"
            elif rest.strip() and not day:
                break
            validate_rule(rule)
            return rule
    raise InvalidInput(
        _("Cannot understand the repeat rule «{text}»; {forms}.").format(text=raw, forms=_forms())
    )


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


def next_occurrence(rule: str, *, after: date) -> date | None:
    """The rule's first date strictly after ``after``, counted from ``after``."""
    start = datetime(after.year, after.month, after.day)
    recurrence = rrulestr(rule, dtstart=start)
    following = recurrence.after(start, inc=False)
    return following.date() if following else None
