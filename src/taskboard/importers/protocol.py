"""Reading a meeting protocol's plain text: each numbered item becomes an assignment.

An item starts with its number at the beginning of a line (``1.``, ``2)``, ``2.1.``) and runs
until the next item or a blank line. Inside it the parser recognises the fields protocols
write, in Russian or English, on their own line or inline::

    Ответственный исполнитель: Сандалов М.А.      Owner: Sandalov
    Исполнитель: …        Соисполнители: …         Co-executors: …
    Срок исполнения: 01.06.2027     Срок — до 1 июня 2027 г.      Deadline: 1 June 2027

and removes them from the assignment's text. Items in the usual style name their owner
in the dative before the action instead («Министерству … (Иванов И.И.) обеспечить …»,
«Председателю Правительства Петрову П.П. проработать …»): :mod:`taskboard.importers.owners`
reads those. The lines before the first item are the header (:mod:`taskboard.importers.header`:
the meeting), lines such as «I. О развитии кооперации» open a section (kept as a tag), and
text after a blank line (the signature) is not part of any item. A numbered item that has
sub-items («2.» above «2.1.», «2.2.») is a heading: its addressees, if it names any, own the
sub-items that name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskboard.domain.recurrence import is_rule_text, split_start
from taskboard.i18n import domain
from taskboard.importers.drafts import Draft
from taskboard.importers.header import MeetingHeader, parse_header
from taskboard.importers.owners import (
    Addressees,
    PersonPhrase,
    addressees_only,
    co_in_action,
    person_phrase,
    split_addressees,
)

_, ngettext = domain("importers")

_ITEM_SIMPLE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]\s+(\S.*)$")
_ITEM_DOTTED = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\s+(\S.*)$")
_NOT_ASSIGNMENTS = re.compile(
    r"принять\s+(?:к\s+сведению|к\s+руководству)|^\s*контроль\s+(?:за\s+)?(?:ходом\s+)?"
    r"исполнени\w*.*(?:возложить|оставляю|остается|остаётся)",
    re.IGNORECASE | re.DOTALL,
)
"""Items that decide nothing to be done: information noted, who keeps the protocol under
control. They are the protocol's, not assignments."""
_SECTION = re.compile(r"^\s*([IVXLC]{1,6})\.\s+(\S.*)$")

_OWNER = (
    r"ответственн(?:ый|ая|ое|ые)(?:\s+исполнител(?:ь|и|ем))?"
    r"|(?<![\w-])исполнител(?:ь|и)"
    r"|(?<![\w-])доклад(?:чик)?"
    r"|owners?|responsible"
)
"""Labels that name the owner; «Доклад – Сандалов М.А.»: whoever reports answers for it."""
_CO = r"соисполнител(?:ь|и)|co-?executors?"
_DUE = r"срок(?:и)?(?:\s+исполнения)?|deadline|due(?:\s+date)?"
_LABEL = re.compile(
    rf"(?<![\w-])(?:(?P<owner>{_OWNER})|(?P<co>{_CO})|(?P<due>{_DUE}))\s*(?::|—|–|-(?=\s))\s*",
    re.IGNORECASE,
)
_DUE_PREFIX = re.compile(r"^(?:до|не\s+позднее|by|until|before)\s+", re.IGNORECASE)
_YEAR_WORD = re.compile(r"(\d{4})\s*(?:г\.?|года?\.?)$", re.IGNORECASE)


@dataclass
class ProtocolItem:
    """One numbered item of a protocol, its fields taken out of the text."""

    number: str
    text: str
    owners: list[str] = field(default_factory=list)
    """Names after «Ответственный:» (the first is the owner, the others co-executors)."""
    co_executors: list[str] = field(default_factory=list)
    due: str = ""
    line: int = 0
    """The line the item starts on (1-based)."""
    section: str | None = None
    """The section heading the item stands under («I. О развитии кооперации»)."""


def _item_start(line: str) -> tuple[str, str] | None:
    found = _ITEM_SIMPLE.match(line) or _ITEM_DOTTED.match(line)
    if found is None:
        return None
    return found.group(1), found.group(2)


def _name(part: str) -> str:
    name = part.strip()
    last = name.split()[-1] if name.split() else ""
    # «Сандалов М.А.» keeps the dot of its initials; «Сандалов.» at a sentence end loses it.
    if name.endswith(".") and len(last.rstrip(".")) > 2 and "." not in last.rstrip("."):
        name = name[:-1]
    return name


def _names(value: str) -> list[str]:
    parts = re.split(r"[,;]|\s+и\s+|\s+and\s+", value)
    return [_name(p) for p in parts if p.strip()]


def _clean_due(value: str) -> str:
    cleaned = value.strip().rstrip(",;.) ")
    cleaned = _DUE_PREFIX.sub("", cleaned).strip()
    cleaned = _YEAR_WORD.sub(r"\1", cleaned).strip()
    return cleaned.rstrip(".").strip()


def _take_fields(item: ProtocolItem, body: str) -> None:
    """Move the labelled fields out of ``body`` into ``item``; what is left is the text."""
    kept: list[str] = []
    for raw_line in body.split("\n"):
        matches = list(_LABEL.finditer(raw_line))
        if not matches:
            kept.append(raw_line)
            continue
        kept.append(raw_line[: matches[0].start()])
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(raw_line)
            value = raw_line[match.end() : end]
            value = re.sub(r"\)\s*\.?\s*$", "", value.strip()).strip().rstrip(",;").strip()
            if match.group("owner"):
                item.owners.extend(_names(value))
            elif match.group("co"):
                item.co_executors.extend(_names(value))
            else:
                item.due = _clean_due(value)
    text = " ".join(" ".join(kept).split())
    # "(Ответственный: …)" leaves "(" behind; a trailing "," or ";" before a removed field too.
    text = re.sub(r"\(\s*\)?$", "", text).strip()
    text = text.rstrip(",;:—– ").strip()
    if text.endswith("(") or text.endswith("—"):
        text = text[:-1].strip()
    # A field on a line of its own («Ответственный: Сандалов М.А.») ends with its initials'
    # dot, not the sentence's: only a field inside the sentence hands its full stop on.
    last = next((line for line in reversed(body.split("\n")) if line.strip()), "")
    label = _LABEL.search(last)
    own_line = label is not None and not last[: label.start()].strip()
    if (
        text
        and body.rstrip().endswith(".")
        and not own_line
        and not text.endswith((".", "!", "?", ":"))
    ):
        text += "."  # «… мероприятий (Ответственный: …).»: the sentence keeps its full stop
    item.text = text


@dataclass
class ProtocolDocument:
    """A protocol or list of assignments: its header and its numbered items."""

    header: MeetingHeader
    items: list[ProtocolItem]


def parse_document(text: str) -> ProtocolDocument:
    """The header and the numbered items of a protocol's text, in order."""
    items: list[ProtocolItem] = []
    bodies: list[list[str]] = []
    head: list[str] = []
    section: str | None = None
    after_blank = False
    closed = True
    for lineno, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        start = _item_start(line)
        if start is not None:
            items.append(ProtocolItem(number=start[0], text="", line=lineno, section=section))
            bodies.append([start[1]])
            after_blank = False
            closed = False
            continue
        if found := _SECTION.match(line):
            section = f"{found.group(1)}. {' '.join(found.group(2).split())}".rstrip(".")
            closed = True
            continue
        if not items:
            head.append(line)
            continue
        if not line.strip():
            after_blank = True
            continue
        if closed:
            continue
        if after_blank and not _LABEL.match(line.strip()):
            closed = True  # the signature or a new section after the last item
            continue
        bodies[-1].append(line.strip())
        after_blank = False
    for item, body in zip(items, bodies, strict=True):
        _take_fields(item, "\n".join(body))
    return ProtocolDocument(header=parse_header(head), items=items)


def parse_protocol(text: str) -> list[ProtocolItem]:
    """The numbered items of a protocol's text, in order."""
    return parse_document(text).items


def _is_heading(item: ProtocolItem, items: list[ProtocolItem]) -> bool:
    if item.owners:
        return False
    prefix = item.number + "."
    return any(other.number.startswith(prefix) for other in items)


def _heading_of(item: ProtocolItem, headings: dict[str, Addressees]) -> Addressees | None:
    parts = item.number.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = headings.get(".".join(parts[:cut]))
        if found is not None:
            return found
    return None


def _phrases(names: list[str]) -> list[PersonPhrase]:
    return [p for name in names if (p := person_phrase(name)) is not None]


def protocol_drafts(text: str) -> list[Draft]:
    """Drafts for every item of a protocol (headings of sub-items left out)."""
    return document_drafts(parse_document(text))


def document_drafts(document: ProtocolDocument) -> list[Draft]:
    """Drafts for every item of a parsed protocol, owners as phrases to match."""
    items = document.items
    headings: dict[str, Addressees] = {}
    drafts = []
    for item in items:
        if _NOT_ASSIGNMENTS.search(item.text):
            continue
        if _is_heading(item, items):
            addressed = addressees_only(item.text) or split_addressees(item.text)
            if addressed is not None:
                headings[item.number] = addressed
            continue
        owners: list[PersonPhrase] = _phrases(item.owners)
        co: list[PersonPhrase] = []
        if owners:
            co = owners[1:] + _phrases(item.co_executors)
            owners = owners[:1]
        elif (addressed := split_addressees(item.text)) is not None or (
            addressed := _heading_of(item, headings)
        ) is not None:
            owners = addressed.owners[:1]
            co = addressed.co_executors + _phrases(item.co_executors)
        co += [p for p in co_in_action(item.text) if p.name not in {c.name for c in co}]
        due, rule = item.due, ""
        if due and is_rule_text(due):
            rule, start = split_start(due)
            due = start or ""
        text = item.text
        if text[:1].islower():
            text = text[:1].upper() + text[1:]  # «2.1. обеспечить …» under its addressee
        drafts.append(
            Draft(
                where=_("item {number} (line {line})").format(number=item.number, line=item.line),
                text=text,
                owner=(owners[0].name or owners[0].organisation or "") if owners else "",
                number=item.number,
                co_executors=[p.name or p.organisation or p.source for p in co],
                due=due,
                recurrence=rule,
                due_in_text=not item.due,
                tags=[item.section] if item.section else [],
                loose_names=True,
                owner_phrase=owners[0] if owners else None,
                co_phrases=co,
            )
        )
    return drafts
