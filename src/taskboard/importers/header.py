"""A protocol's header: the meeting it records (kind, date, number, chair, title).

Protocols and lists of assignments open the same way, in a few shapes::

    ПРОТОКОЛ
    оперативного совещания у Губернатора Кировской области
    19.10.2026                                        № 12-оп
    Председательствовал: Губернатор Кировской области А.В. Соколов

    ПЕРЕЧЕНЬ ПОРУЧЕНИЙ
    по итогам рабочей поездки … от 5 октября 2026 г. № 7

:func:`parse_header` reads the lines before the first numbered item into a
:class:`MeetingHeader` with the words still as written (the date as text, the chair as a
phrase); the import resolves them through the one date parser and the people directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskboard.domain.models import MeetingKind
from taskboard.importers.owners import PersonPhrase, noun_phrase_nominative, person_phrase

_KINDS = (
    (re.compile(r"час\w*\s+контрол", re.IGNORECASE), MeetingKind.CONTROL_HOUR),
    (re.compile(r"оперативн\w+\s+совещани", re.IGNORECASE), MeetingKind.OPERATIONAL),
    (re.compile(r"рабоч\w+\s+встреч|совещани\w*\s+у\b", re.IGNORECASE), MeetingKind.WORKING),
    (re.compile(r"рабоч\w+\s+поездк|визит", re.IGNORECASE), MeetingKind.VISIT),
    (re.compile(r"телефонн\w+\s+разговор|видеоконференц|созвон", re.IGNORECASE), MeetingKind.CALL),
    (re.compile(r"совещани", re.IGNORECASE), MeetingKind.OPERATIONAL),
    (re.compile(r"заседани", re.IGNORECASE), MeetingKind.OTHER),
)
"""Words of a header and the meeting kind they mean, the most specific first."""

_MONTHS = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})"
    r"(?:\s*(?:г\.|года))?",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"№\s*([\w/.-]*\w)")
_CHAIR = re.compile(
    r"^\s*(?:председательствовал[аи]?|председатель|вел[аи]?\s+совещание)\s*(?::|—|–|-)\s*(.+)$",
    re.IGNORECASE,
)
_OWN_TITLE = re.compile(r"^по\s+итогам:\s*(\S.*)$", re.IGNORECASE)
_TITLE_START = re.compile(r"^\s*(протокол|перечень\s+поручений)\b\s*(.*)$", re.IGNORECASE)
_NOISE = re.compile(
    r"^\s*(?:правительство|администрация|губернатор|г\.\s|город|присутствовали|"
    r"приглашенные|приглашённые|утверждаю|список)\b",
    re.IGNORECASE,
)


@dataclass
class MeetingHeader:
    """What a document's header says about its meeting, as written."""

    title: str = ""
    kind: MeetingKind = MeetingKind.OPERATIONAL
    date: str | None = None
    """The date as written («19.10.2026», «5 октября 2026 г.»), None if the header has none."""
    number: str | None = None
    chair: PersonPhrase | None = None


def _title(lines: list[str]) -> str:
    """«ПРОТОКОЛ / оперативного совещания по итогам …» → «Оперативное совещание по итогам …»."""
    for index, line in enumerate(lines):
        found = _TITLE_START.match(line)
        if found is None:
            continue
        word, rest = found.group(1), found.group(2).strip()
        if word.lower().startswith("перечень"):
            # «по итогам: Визит делегации …» (taskboard's own export): the meeting's title as
            # it was recorded, taken whole — numbers and dates in it included.
            lead = rest or next((line.strip() for line in lines[index + 1 :] if line.strip()), "")
            if own := _OWN_TITLE.match(lead):
                return own.group(1).strip()
        parts = [rest] if rest else []
        for following in lines[index + 1 :]:
            if not following.strip() or _CHAIR.match(following) or _NOISE.match(following):
                break
            if dated := _DATE.search(following):
                # «в Омутнинский район 13 ноября 2026 года»: the title ends where the date is.
                parts.append(following[: dated.start()].strip())
                break
            parts.append(following.strip())
        text = " ".join(" ".join(parts).split())
        text = _NUMBER.sub("", _DATE.sub("", text))
        text = re.sub(r"(?:\s+от)?[\s,.]*$", "", text).strip(" ,.")
        if word.lower().startswith("перечень"):
            return f"Перечень поручений {text}".strip()
        return noun_phrase_nominative(text, "gent") if text else "Протокол"
    return ""


def _approver(lines: list[str]) -> PersonPhrase | None:
    """Who approved a list of assignments («УТВЕРЖДАЮ / Губернатор … / ____ А.В. Соколов»)."""
    for index, line in enumerate(lines):
        if line.strip().upper().startswith("УТВЕРЖДАЮ"):
            block: list[str] = []
            for following in lines[index + 1 : index + 6]:
                if not following.strip():
                    break
                if _DATE.search(following) or re.search(r"«\d{1,2}»", following):
                    continue
                block.append(following.strip().strip("_ ").strip())
            text = " ".join(b for b in block if b)
            phrase = person_phrase(text) if text else None
            return phrase if phrase is not None and phrase.name else None
    return None


def parse_header(lines: list[str]) -> MeetingHeader:
    """The meeting the lines before a document's first item describe."""
    header = MeetingHeader(title=_title(lines))
    text = "\n".join(lines)
    for pattern, kind in _KINDS:
        if pattern.search(header.title or text):
            header.kind = kind
            break
    if found := _DATE.search(text):
        header.date = found.group(1)
    if found := _NUMBER.search(text):
        header.number = found.group(1)
    for line in lines:
        if found := _CHAIR.match(line):
            header.chair = person_phrase(found.group(1).strip().rstrip("."))
            break
    if header.chair is None:
        header.chair = _approver(lines)
    if header.title:
        header.title = header.title[:1].upper() + header.title[1:]
    return header


__all__ = ["MeetingHeader", "parse_header"]
