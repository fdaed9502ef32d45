"""How values read in every face: the one home of what staff see, whatever shows it.

Dates and timestamps in the user's language, status and priority labels, «осталось 3 дня /
просрочено на 5 дней», a name as surname and initials, how a row is toned (overdue, due
soon, closed) and history events as sentences. The command line, the TUI, reports and
e-mails all import these; none of them formats a date or words a deadline on its own. Every
function takes an optional ``lang`` (default: the current language), because an e-mail is
written in its recipient's language.
Imports no Textual, no Typer, no Rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from taskboard.domain import clock
from taskboard.domain.kinds import MeetingKind, Priority, ReminderTier, RequestState, Status
from taskboard.i18n import _, get_language, ngettext

DATE_FORMATS = {"ru": "%d.%m.%Y", "en": "%Y-%m-%d"}
"""How each language writes a date: 01.06.2027 in Russian, 2027-06-01 in English."""


def _lang(lang: str | None) -> str:
    return lang or get_language()


def format_date(value: date | None, lang: str | None = None) -> str:
    """A date as staff read it: 01.06.2027 in Russian, 2027-06-01 in English."""
    if value is None:
        return ""
    return value.strftime(DATE_FORMATS.get(_lang(lang), "%Y-%m-%d"))


MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
}  # fmt: skip
"""Month names for dates written out («1 июня 2027», «1 June 2027»)."""

MONTH_TITLES = {
    "en": MONTHS["en"],
    "ru": (
        "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
        "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
    ),
}  # fmt: skip
"""Month names standing alone, for a calendar's heading («Июнь 2027», «June 2027»)."""

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
}
"""Short weekday names, Monday first (as Russian calendars print them)."""


def format_month(year: int, month: int, lang: str | None = None) -> str:
    """A month with its year, as a calendar's heading: «June 2027», «Июнь 2027»."""
    titles = MONTH_TITLES.get(_lang(lang), MONTH_TITLES["en"])
    return f"{titles[month - 1]} {year}"


def weekday_names(lang: str | None = None) -> tuple[str, ...]:
    """Short weekday names, Monday first: «Mon» … «Sun», «Пн» … «Вс»."""
    return WEEKDAYS.get(_lang(lang), WEEKDAYS["en"])


def format_long_date(value: date | None, lang: str | None = None) -> str:
    """A date written out, for letters: «1 June 2027», «1 июня 2027»."""
    if value is None:
        return ""
    months = MONTHS.get(_lang(lang), MONTHS["en"])
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_moment(value: datetime | None, lang: str | None = None) -> str:
    """A stored timestamp in local time, to the minute, in the language's date order."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = clock.local(value)
    return f"{format_date(value.date(), lang)} {value:%H:%M}"


def assignment_label(
    number: str | None,
    assignment_id: int | None,
    meeting_date: date | None,
    lang: str | None = None,
) -> str:
    """How staff name an assignment: «Поручение 3 (совещание 19.10.2026)», by the item number
    and the meeting they see on screen; «Поручение 12» (its id) when it has no meeting."""
    if number and meeting_date is not None:
        return _("Assignment {number} (meeting of {date})", lang).format(
            number=number, date=format_date(meeting_date, lang)
        )
    return _("Assignment {id}", lang).format(id=assignment_id)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""A word of a person's name: letters, maybe joined by hyphens («Петров-Водкин»)."""


def short_name(full_name: str) -> str:
    """A person as narrow columns write them, surname and initials: «Сандалов Михаил
    Александрович» → «Сандалов М.А.», «Караев Юрий» → «Караев Ю.».

    Names are written surname first, as the register keeps them. Anything that does not read
    as two or three capitalised words (a body such as «Правительство Кировской области», a
    name already short such as «Иванова Е.П.», «АО «ОМЗ»») is returned as it is.
    """
    words = full_name.split()
    if not 2 <= len(words) <= 3:
        return full_name
    if not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
        return full_name
    surname, *given = words
    return f"{surname} " + "".join(f"{w[0]}." for w in given)


def is_closed(status: Status | str) -> bool:
    """Done or cancelled: no deadline counts any more (the one "closed" rule)."""
    return Status(status).closed


def status_label(status: Status | str, lang: str | None = None) -> str:
    """The status as staff call it, in the current language."""
    labels = {
        Status.OPEN: _("open", lang),
        Status.IN_PROGRESS: _("in progress", lang),
        Status.REVIEW: _("under review", lang),
        Status.REWORK: _("in rework", lang),
        Status.DONE: _("done", lang),
        Status.CANCELLED: _("cancelled", lang),
    }
    return labels[Status(status)]


def status_phrase(
    status: Status | str, overdue: bool, lang: str | None = None, *, at_risk: bool = False
) -> str:
    """The status, with «overdue» (or «at risk») added when it is («в работе, просрочено»)."""
    label = status_label(status, lang)
    if overdue:
        return _("{status}, overdue", lang).format(status=label)
    if at_risk:
        return _("{status}, at risk", lang).format(status=label)
    return label


def priority_label(priority: Priority | str, lang: str | None = None) -> str:
    """The priority in the current language."""
    labels = {
        Priority.HIGH: _("high", lang),
        Priority.NORMAL: _("normal", lang),
        Priority.LOW: _("low", lang),
    }
    return labels.get(Priority(priority), str(priority))


def meeting_kind_label(kind: MeetingKind | str, lang: str | None = None) -> str:
    """A meeting's kind as staff call it («оперативное совещание», «визит»…)."""
    labels = {
        MeetingKind.OPERATIONAL: _("operational meeting", lang),
        MeetingKind.VISIT: _("visit", lang),
        MeetingKind.WORKING: _("working meeting", lang),
        MeetingKind.CALL: _("call", lang),
        MeetingKind.CONTROL_HOUR: _("control hour", lang),
        MeetingKind.OTHER: _("other", lang),
    }
    try:
        return labels[MeetingKind(kind)]
    except ValueError:
        return str(kind)


def decision_label(kind: str, lang: str | None = None) -> str:
    """A «Час контроля» decision in words («принято, снято с контроля», «срок перенесён»…)."""
    labels = {
        "accepted": _("accepted, taken off control", lang),
        "extended": _("deadline extended", lang),
        "returned": _("returned for rework", lang),
        "kept": _("kept on control", lang),
        "new": _("new assignment", lang),
    }
    return labels.get(kind, kind)


def control_level_label(
    key: str | None, levels: Mapping[str, str] | None = None, lang: str | None = None
) -> str:
    """Whose control an assignment is on, as the office words it («у Губернатора»): the
    configured label of ``key`` (``levels``: ``[control] levels``), else the built-in one, else
    the key itself; "" for no level."""
    if not key:
        return ""
    if levels and key in levels:
        return levels[key]
    built_in = {
        "governor": _("the Governor", lang),
        "deputy": _("the Deputy Governor", lang),
        "head": _("the head", lang),
    }
    return built_in.get(key, key)


def request_state_label(state: RequestState | str, lang: str | None = None) -> str:
    """An extension request's state as staff say it («ожидает решения», «удовлетворён»…)."""
    labels = {
        RequestState.PENDING: _("pending", lang),
        RequestState.GRANTED: _("granted", lang),
        RequestState.REFUSED: _("refused", lang),
    }
    try:
        return labels[RequestState(state)]
    except ValueError:
        return str(state)


def reminder_tier_label(tier: ReminderTier | str, lang: str | None = None) -> str:
    """A reminder's tier as the history says it («срок сегодня, контролирующему»)."""
    labels = {
        ReminderTier.BEFORE: _("deadline approaching", lang),
        ReminderTier.DUE_DAY: _("deadline today", lang),
        ReminderTier.CONTROLLER_DUE_DAY: _("deadline today, to the controller", lang),
        ReminderTier.OVERDUE: _("overdue", lang),
        ReminderTier.ESCALATION: _("overdue, to the supervisor", lang),
        ReminderTier.PART_BEFORE: _("sub-deadline approaching, to a co-executor", lang),
        ReminderTier.PART_DUE_DAY: _("sub-deadline today, to a co-executor", lang),
        ReminderTier.PART_OVERDUE: _("sub-deadline overdue, to a co-executor", lang),
        ReminderTier.REPORT_WAITING: _("report awaiting acceptance, to the controller", lang),
        ReminderTier.EXTENSION_REQUEST: _("extension request pending, to the controller", lang),
    }
    try:
        return labels[ReminderTier(tier)]
    except ValueError:
        return str(tier)


WEEKDAYS_EVERY = {
    "en": ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"),
    "ru": ("понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам",
           "воскресеньям"),
}  # fmt: skip
"""Weekdays as a weekly rule names them, Monday first («по средам», «on Wednesdays»)."""
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_AFTER_EACH_QUARTER = "1,4,7,10"
"""``BYMONTH`` of a rule due in the month after each quarter (January, April, July, October)."""


def _ordinal(day: int, lang: str) -> str:
    """A day of the month as a rule names it: «5» (до 5 числа), "5th" (by the 5th)."""
    if lang != "en":
        return str(day)
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _listed(items: list[str], lang: str | None) -> str:
    """«понедельникам, средам и пятницам», "Mondays, Wednesdays and Fridays"."""
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {last}", lang).format(first=", ".join(items[:-1]), last=items[-1])


def recurrence_label(rule: str | None, lang: str | None = None) -> str:
    """A recurrence rule (an RRULE) in the words it is typed in: «ежемесячно, до 5 числа»,
    "weekly on Mondays"; the words read back as the same rule. A rule not made from words
    (a raw RRULE with ``COUNT``, ``UNTIL``…) is shown as it is."""
    if not rule:
        return ""
    language = _lang(lang)
    try:
        parts = dict(part.split("=", 1) for part in rule.upper().removeprefix("RRULE:").split(";"))
    except ValueError:
        return rule
    freq, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    day = parts.pop("BYMONTHDAY", None)
    if day is not None and not day.isdigit():
        return rule
    days = parts.pop("BYDAY", None)
    months = parts.pop("BYMONTH", None)
    if parts or interval not in ("1", "3") or (interval == "3" and freq != "MONTHLY"):
        return rule
    if freq == "DAILY" and not (day or days or months):
        return _("daily", lang)
    if freq == "WEEKLY" and not (day or months):
        if days is None:
            return _("weekly", lang)
        codes = days.split(",")
        if not set(codes) <= set(_RRULE_DAYS):
            return rule
        names = WEEKDAYS_EVERY.get(language, WEEKDAYS_EVERY["en"])
        named = [names[_RRULE_DAYS.index(code)] for code in _RRULE_DAYS if code in codes]
        return _("weekly on {days}", lang).format(days=_listed(named, lang))
    if freq == "MONTHLY" and not (days or months):
        quarterly = interval == "3"
        if day is None:
            return _("quarterly", lang) if quarterly else _("monthly", lang)
        by = _ordinal(int(day), language)
        if quarterly:
            return _("quarterly by the {day}", lang).format(day=by)
        return _("monthly by the {day}", lang).format(day=by)
    if freq == "YEARLY" and not days:
        if months is None and day is None:
            return _("yearly", lang)
        if months == _AFTER_EACH_QUARTER and day is not None:
            return _("quarterly by the {day} of the month after the quarter", lang).format(
                day=_ordinal(int(day), language)
            )
        if months is not None and months.isdigit() and 1 <= int(months) <= 12 and day:
            month = MONTHS.get(language, MONTHS["en"])[int(months) - 1]
            return _("yearly by {date}", lang).format(date=f"{int(day)} {month}")
    return rule


def meeting_kinds(lang: str | None = None) -> list[tuple[str, str]]:
    """Every meeting kind as ``(label, value)``, for choosers."""
    return [(meeting_kind_label(k, lang), k.value) for k in MeetingKind]


def days_phrase(days_left: int | None, status: Status | str, lang: str | None = None) -> str:
    """«3 days left», «5 days overdue», «today»; «standing» without a deadline; empty for a
    closed assignment."""
    if is_closed(status):
        return ""
    if days_left is None:
        return _("standing", lang)
    if days_left == 0:
        return _("today", lang)
    if days_left < 0:
        n = -days_left
        return ngettext("{n} day overdue", "{n} days overdue", n, lang).format(n=n)
    return ngettext("{n} day left", "{n} days left", days_left, lang).format(n=days_left)


def days_short(days_left: int | None, status: Status | str, lang: str | None = None) -> str:
    """The narrow form for table columns: «5 left», «12 overdue», «today»; empty when closed."""
    if is_closed(status):
        return ""
    if days_left is None:
        return _("standing", lang)
    if days_left == 0:
        return _("today", lang)
    if days_left < 0:
        return _("{n} overdue", lang).format(n=-days_left)
    return _("{n} left", lang).format(n=days_left)


class Tone(StrEnum):
    """How a row stands out: every face maps these to its own colours."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    CLOSED = "closed"
    PLAIN = ""


def tone(status: Status | str, *, overdue: bool, due_soon: bool) -> Tone:
    """Overdue first, then due soon, then closed (dimmed), else plain."""
    if overdue:
        return Tone.OVERDUE
    if due_soon:
        return Tone.DUE_SOON
    if is_closed(status):
        return Tone.CLOSED
    return Tone.PLAIN


def field_label(field: str) -> str:
    """A changed field's name in the current language."""
    labels = {
        "text": _("text"),
        "owner_id": _("owner"),
        "controller_id": _("controller"),
        "due": _("deadline"),
        "priority": _("priority"),
        "tags": _("tags"),
        "co_executors": _("co-executors"),
        "number": _("item number"),
        "meeting_id": _("meeting"),
        "recurrence": _("recurrence"),
        "control_level": _("control level"),
        "status": _("status"),
        "reason": _("reason"),
        "part_due": _("sub-deadline"),
    }
    return labels.get(field, field)


def _value(field: str | None, raw: str | None, people: Mapping[int, str]) -> str:
    if raw is None or raw == "":
        return "—"
    if field in ("due", "part_due"):
        try:
            return format_date(date.fromisoformat(raw))
        except ValueError:
            return raw
    if field == "status":
        try:
            return status_label(raw)
        except ValueError:
            return raw
    if field == "priority":
        try:
            return priority_label(raw)
        except ValueError:
            return raw
    if field == "recurrence":
        return recurrence_label(raw)
    if field == "control_level":
        return control_level_label(raw)
    if field in ("owner_id", "controller_id") and raw.isdigit():
        return people.get(int(raw), f"#{raw}")
    if field in ("co_executors", "tags"):
        try:
            items = json.loads(raw)
        except ValueError:
            return raw
        if field == "co_executors":
            items = [people.get(int(i), f"#{i}") for i in items]
        return ", ".join(str(i) for i in items) or "—"
    return raw


def event_value(field: str | None, raw: str | None, people: Mapping[int, str]) -> str:
    """A value a history event stored, as staff read it (a date, a status, names…)."""
    return _value(field, raw, people)


def _deadline(raw: str | None) -> str:
    """A deadline a history event stored: the date, or «standing» when it had none."""
    return _value("due", raw, {}) if raw else _("standing")


def _part_deadline(raw: str | None) -> str:
    """A sub-deadline a history event stored: the date, or the assignment's deadline."""
    return _value("due", raw, {}) if raw else _("the assignment's deadline")


def _undone(field: str | None, old: str | None, new: str | None, people: Mapping[int, str]) -> str:
    if field == "created":
        return _("undone: the creation (taken off control)")
    if field == "report":
        return _("undone: the report «{text}»").format(text=old or "")
    if field == "decision":
        return _("undone: the «Час контроля» decision ({decision})").format(
            decision=decision_label(old or "")
        )
    if field == "correction":
        try:
            taken = json.loads(old or "{}")
        except ValueError:
            taken = {}
        return _(
            "undone: the deadline correction to {due} («{reason}»), deadline {old} again"
        ).format(
            due=_deadline(taken.get("due")),
            reason=taken.get("reason") or "",
            old=_deadline(new),
        )
    if field in ("extension_request", "extension_grant", "extension_refusal"):
        try:
            taken = json.loads(old or "{}")
        except ValueError:
            taken = {}
        due = _value("due", taken.get("due"), people)
        if field == "extension_request":
            return _("undone: the extension request to {due} («{reason}»)").format(
                due=due, reason=taken.get("reason") or ""
            )
        if field == "extension_grant":
            return _(
                "undone: the grant of the extension request to {due}; it is pending again"
            ).format(due=due)
        return _(
            "undone: the refusal of the extension request to {due}; it is pending again"
        ).format(due=due)
    if field == "extension":
        try:
            taken = json.loads(old or "{}")
        except ValueError:
            taken = {}
        return _("undone: the extension to {due} («{reason}»), deadline {old} again").format(
            due=_value("due", taken.get("due"), people),
            reason=taken.get("reason") or "",
            old=_value("due", new, people),
        )
    return _("undone: {field} {old} → {new}").format(
        field=field_label(field or ""),
        old=_value(field, old, people),
        new=_value(field, new, people),
    )


def describe(
    kind: str,
    field: str | None,
    old: str | None,
    new: str | None,
    people: Mapping[int, str],
    reason: str | None = None,
    person: str | None = None,
) -> str:
    """One history event as a sentence («срок перенесён: 20.11.2026 → 26.02.2027»); ``reason``:
    the event's own (a deadline correction's reason, a return's comment); ``person``: the
    co-executor a part's event is about."""
    if field == "part_due":
        sentence = _("sub-deadline of {person}: {old} → {new}").format(
            person=person or "—", old=_part_deadline(old), new=_part_deadline(new)
        )
        return _("undone: {change}").format(change=sentence) if kind == "undone" else sentence
    if kind == "undone" and field == "part_report":
        return _("undone: the report of {person} on their part «{text}»").format(
            person=person or "—", text=old or ""
        )
    if kind == "reported" and person:
        return _("report on the part of {person}: {text}").format(person=person, text=new or "")
    if kind == "created":
        return _("created: {text}").format(text=new or "")
    if kind == "note" and field == "reason":
        return _("reason: {text}").format(text=new or "")
    if kind == "note" and field == "partial":
        return _("accepted in part: {text}").format(text=new or "")
    if kind == "note":
        return _("note: {text}").format(text=new or "")
    if kind == "reported":
        return _("report in: {text}").format(text=new or "")
    if kind == "decided":
        return _("«Час контроля»: {decision}").format(
            decision=decision_label(new or "") + (f" — {reason}" if reason else "")
        )
    if kind == "reminder_sent":
        return _("reminder sent ({tier}) to {address}").format(
            tier=reminder_tier_label(field or ""), address=new or ""
        )
    if kind == "imported":
        return _("imported: {text}").format(text=new or "")
    if kind == "extension_requested":
        return _("extension requested: {old} → {new} (reason: {reason})").format(
            old=_value("due", old, people), new=_value("due", new, people), reason=reason or ""
        )
    if kind == "extension_granted" and reason:
        return _("extension request granted: {old} → {new} (note: {note})").format(
            old=_value("due", old, people), new=_value("due", new, people), note=reason
        )
    if kind == "extension_granted":
        return _("extension request granted: {old} → {new}").format(
            old=_value("due", old, people), new=_value("due", new, people)
        )
    if kind == "extension_refused":
        return _("extension request to {new} refused (reason: {reason})").format(
            new=_value("due", new, people), reason=reason or ""
        )
    if kind == "extended":
        return _("deadline extended: {old} → {new}").format(
            old=_value("due", old, people), new=_value("due", new, people)
        )
    if kind == "corrected":
        return _("deadline corrected: {old} → {new} (reason: {reason})").format(
            old=_deadline(old), new=_deadline(new), reason=reason or ""
        )
    if kind == "undone":
        return _undone(field, old, new, people)
    if kind == "status" and reason:
        # A return for rework carries the controller's comment.
        return _("status: {old} → {new} (comment: {comment})").format(
            old=_value("status", old, people), new=_value("status", new, people), comment=reason
        )
    if kind == "status":
        return _("status: {old} → {new}").format(
            old=_value("status", old, people), new=_value("status", new, people)
        )
    return _("{field} changed: {old} → {new}").format(
        field=field_label(field or ""),
        old=_value(field, old, people),
        new=_value(field, new, people),
    )
