"""The protocol of a «Час контроля», in the official numbered shape protocols are written in.

::

    ПРОТОКОЛ
    часа контроля
    3 декабря 2026 г. № 5-чк
    Председательствовал: Соколов Александр Валентинович

    1. Министерству сельского хозяйства и продовольствия Кировской области (Сандалов М.А.)
    продолжить исполнение поручения п. 3 протокола № 12-оп от 19.10.2026 («Проработать …»):
    доложить о ходе переговоров.
    Срок – 15 декабря 2026 г.

    Снять с контроля как исполненные:
    – п. 2 протокола № 12-оп от 19.10.2026 («Организовать …»), Волосков С.А.

Each decision that leaves work to do (kept with an instruction, extended, returned for rework,
a new assignment) is a numbered item addressed in the dative — the owner's organisation, the
owner's surname and initials in brackets (or the owner alone, «Сандалову М.А.») — with its
co-executors and its deadline; what was accepted is listed after the items. ``taskboard import``
reads the text back as a protocol of a «час контроля»: the same date and number, and one
assignment per item with the same owner, co-executors, text and deadline (the accepted list,
after a blank line, is not an item). :func:`to_html` gives a printable page of the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskboard.domain.control_hour import Decision, DecisionRow, ReviewRecord
from taskboard.perechen import long_date

TITLE = "ПРОТОКОЛ"
SUBTITLE = "часа контроля"
"""The header's second line: the importer reads it back as the meeting «Час контроля»."""
ACCEPTED_LEAD = "Снять с контроля как исполненные:"
_QUOTED = 90
"""How much of an assignment's text an item quotes."""


@dataclass(frozen=True, slots=True)
class ProtocolItem:
    """One numbered item of the protocol."""

    number: int
    text: str
    """The whole item as printed, addressee first (what the importer takes as its text)."""
    co_executors: tuple[str, ...]
    due: str | None
    """«15 декабря 2026 г.», or None for a standing one."""


def _short(name: str) -> str:
    from taskboard.presentation import short_name

    return short_name(name)


def addressee(owner: str, organisation: str | None) -> str:
    """«Министерству … (Сандалов М.А.)», or «Сандалову М.А.» for an owner without one."""
    from taskboard.importers.owners import noun_phrase_dative, surname_dative

    short = _short(owner)
    if organisation:
        return f"{noun_phrase_dative(organisation)} ({short})"
    surname, _space, rest = short.partition(" ")
    return f"{surname_dative(surname)} {rest}".strip()


def reference(d: DecisionRow) -> str:
    """How the item names the assignment decided on: «п. 3 протокола № 12-оп от 19.10.2026»."""
    from taskboard.presentation import format_date

    item = f"п. {d.number} " if d.number else ""
    if d.meeting_date is None:
        return f"№ {d.assignment_id}"
    held = format_date(d.meeting_date, "ru")
    if d.protocol_no:
        return f"{item}протокола № {d.protocol_no} от {held}"
    return f"{item}перечня поручений от {held}"


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _QUOTED:
        flat = flat[: _QUOTED - 1].rstrip() + "…"
    return f"«{flat}»"


def _lower_first(text: str) -> str:
    # «Подготовить доклад» reads on after the addressee; «АПК …» (an acronym) keeps its case.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "»", ")")) else f"{text}."


def item_body(d: DecisionRow) -> str:
    """The item's text after its number: addressee, then what is to be done."""
    to = addressee(d.owner, d.owner_organisation)
    what = f"{reference(d)} ({_quote(d.assignment_text)})"
    note = _lower_first(" ".join((d.text or "").split()))
    if d.kind is Decision.NEW:
        return _sentence(f"{to} {_lower_first(' '.join(d.assignment_text.split()))}")
    if d.kind is Decision.EXTENDED:
        return _sentence(f"{to} исполнить поручение {what} в новый срок; основание: {note}")
    if d.kind is Decision.RETURNED:
        return _sentence(f"{to} доработать исполнение поручения {what}: {note}")
    return _sentence(f"{to} продолжить исполнение поручения {what}: {note}")


def items(record: ReviewRecord) -> list[ProtocolItem]:
    """The numbered items: every decision but the accepted ones, in the review's order."""
    found: list[ProtocolItem] = []
    for d in record.decisions:
        if d.kind is Decision.ACCEPTED:
            continue
        found.append(
            ProtocolItem(
                number=len(found) + 1,
                text=item_body(d),
                co_executors=d.co_executors,
                due=long_date(d.due) if d.due else None,
            )
        )
    return found


def accepted_lines(record: ReviewRecord) -> list[str]:
    """The list of what was taken off control, one line each («– п. 2 … , Волосков С.А.»)."""
    return [
        f"– {reference(d)} ({_quote(d.assignment_text)}), {_short(d.owner)}"
        for d in record.decisions
        if d.kind is Decision.ACCEPTED
    ]


def header_lines(record: ReviewRecord) -> list[str]:
    """The lines above the first item."""
    dated = long_date(record.held) + (f" № {record.protocol_no}" if record.protocol_no else "")
    lines = [TITLE, SUBTITLE, dated]
    if record.chair:
        lines.append(f"Председательствовал: {record.chair}")
    return lines


def item_lines(item: ProtocolItem) -> list[str]:
    """One item: its numbered text, its co-executors and its deadline."""
    lines = [f"{item.number}. {item.text}"]
    if item.co_executors:
        lines.append(f"Соисполнители: {', '.join(item.co_executors)}")
    lines.append(f"Срок – {item.due}" if item.due else "Срок – постоянно")
    return lines


def to_text(record: ReviewRecord) -> str:
    """The protocol as plain text, which is Markdown too (``taskboard import`` reads it back)."""
    blocks = ["\n".join(header_lines(record))]
    blocks += ["\n".join(item_lines(item)) for item in items(record)]
    if accepted := accepted_lines(record):
        blocks.append("\n".join([ACCEPTED_LEAD, *accepted]))
    return "\n\n".join(blocks) + "\n"


def to_html(record: ReviewRecord) -> str:
    """A printable, self-contained HTML page of the protocol (user text escaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("taskboard", "reports/templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    template = env.get_template("control_protocol.html.j2")
    return template.render(
        header=header_lines(record),
        items=[item_lines(item) for item in items(record)],
        accepted_lead=ACCEPTED_LEAD,
        accepted=accepted_lines(record),
        title=f"{TITLE} {SUBTITLE} {long_date(record.held)}",
    )


__all__ = ["ProtocolItem", "addressee", "items", "to_html", "to_text"]
