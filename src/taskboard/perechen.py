"""The «Перечень поручений» of a meeting: its assignments in the official numbered shape.

The shape is the labelled one the control department's own lists take (and the protocol
importer reads)::

    ПЕРЕЧЕНЬ ПОРУЧЕНИЙ
    по итогам: Визит делегации Кировской области в Республику Беларусь
    15 октября 2026 г.
    Председательствовал: Соколов Александр

    1. Проработать создание сборочных площадок …
    Ответственный: Сандалов Михаил
    Соисполнители: Волосков Сергей Александрович
    Срок: 15 декабря 2026 г.

``taskboard import`` reads the text back as a protocol: the same meeting (title after
«по итогам:», date, number, chair) and the same assignments (number, text, owner,
co-executors, deadline, recurrence «ежемесячно, до 5 числа, начиная с …»). Tags, priority and
the controller are not part of a перечень. :func:`to_html` gives a printable page of the same
text, :func:`to_docx` a Word document (python-docx) whose paragraphs are those lines.

The meeting is read with :class:`~taskboard.storage.direct.Reader` SQL: no ORM.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date

from taskboard.errors import InvalidInput, NotFound
from taskboard.i18n import _
from taskboard.storage.direct import Reader

TITLE = "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ"
"""The document's first line; the protocol importer knows a list of assignments by it."""
TITLE_LEAD = "по итогам:"
"""What introduces the meeting's own title on the second line (read back verbatim)."""


@dataclass(frozen=True)
class Item:
    """One numbered assignment of the list."""

    number: str
    text: str
    owner: str
    co_executors: tuple[str, ...]
    due: date | None
    recurrence: str | None
    """The rule in the words it is typed in («ежемесячно, до 5 числа»), or None."""


@dataclass(frozen=True)
class Perechen:
    """A meeting and its assignments, in item order."""

    title: str
    held: date
    protocol_no: str | None
    chair: str | None
    items: tuple[Item, ...]


def long_date(value: date) -> str:
    """«15 декабря 2026 г.»: how an official document writes a date."""
    from taskboard.presentation import format_long_date

    return f"{format_long_date(value, 'ru')} г."


def _item_key(number: str) -> tuple[tuple[int, ...], str]:
    """Natural order of item numbers: «2» < «2.1» < «10»; numbers without digits last."""
    digits = tuple(int(part) for part in re.findall(r"\d+", number))
    return (digits or (10**9,), number)


def the_meeting(reader: Reader, meeting_id: int | None) -> int:
    """``meeting_id``, or the register's only meeting when none is given."""
    if meeting_id is not None:
        return meeting_id
    rows = reader.rows("SELECT id FROM meeting ORDER BY id LIMIT 2")
    if len(rows) == 1:
        return int(rows[0][0])
    if not rows:
        raise InvalidInput(_("The register holds no meetings: a list of assignments has none."))
    raise InvalidInput(
        _("Which meeting's list? Add --meeting ID (taskboard meeting list shows the ids).")
    )


def of_meeting(reader: Reader, meeting_id: int) -> Perechen:
    """The list of meeting ``meeting_id`` (every assignment recorded at it)."""
    from taskboard.domain.recurrence import parse_rule
    from taskboard.presentation import recurrence_label

    found = reader.rows(
        "SELECT m.title, m.date, m.protocol_no, p.full_name FROM meeting AS m"
        " LEFT OUTER JOIN person AS p ON p.id = m.chair_id WHERE m.id = :id",
        {"id": meeting_id},
    )
    if not found:
        raise NotFound(_("No meeting with id {id}.").format(id=meeting_id))
    title, held, protocol_no, chair = found[0]
    co: dict[int, list[str]] = {}
    for aid, name in reader.rows(
        "SELECT c.assignment_id, p.full_name FROM assignment_co_executor AS c"
        " JOIN person AS p ON p.id = c.person_id JOIN assignment AS a ON a.id = c.assignment_id"
        " WHERE a.meeting_id = :id ORDER BY c.assignment_id, c.position",
        {"id": meeting_id},
    ):
        co.setdefault(aid, []).append(name)
    items = []
    for aid, number, text, owner, due, rule in reader.rows(
        "SELECT a.id, a.number, a.text, p.full_name, a.due, a.recurrence FROM assignment AS a"
        " JOIN person AS p ON p.id = a.owner_id WHERE a.meeting_id = :id",
        {"id": meeting_id},
    ):
        words = recurrence_label(rule, "ru") if rule else None
        if words and parse_rule(words) != rule:
            words = rule  # a raw RRULE is read back as it is
        items.append(
            Item(
                number=number or "",
                text=text,
                owner=owner,
                co_executors=tuple(co.get(aid, ())),
                due=reader.day(due),
                recurrence=words,
            )
        )
    items.sort(key=lambda item: _item_key(item.number))
    day = reader.day(held)
    assert day is not None
    return Perechen(title, day, protocol_no or None, chair, tuple(_numbered(items)))


def _numbered(items: list[Item]) -> list[Item]:
    """Items without a number take the next free ones (an item needs one in the list)."""
    used = {item.number for item in items}
    next_free = max((int(n) for n in used if n.isdigit()), default=0) + 1
    out = []
    for item in items:
        if not item.number.strip():
            while str(next_free) in used:
                next_free += 1
            item = replace(item, number=str(next_free))
            used.add(item.number)
        out.append(item)
    return out


def _deadline(item: Item) -> str | None:
    if item.recurrence:
        start = f", начиная с {long_date(item.due)}" if item.due else ""
        return f"{item.recurrence}{start}"
    return long_date(item.due) if item.due else None


def _text_lines(text: str) -> list[str]:
    # A blank line would end the item for the importer: keep the text's lines, not its gaps.
    return [line for line in text.splitlines() if line.strip()] or [text]


def header_lines(p: Perechen) -> list[str]:
    """The lines above the first item."""
    dated = long_date(p.held) + (f" № {p.protocol_no}" if p.protocol_no else "")
    lines = [TITLE, f"{TITLE_LEAD} {p.title}", dated]
    if p.chair:
        lines.append(f"Председательствовал: {p.chair}")
    return lines


def item_lines(item: Item) -> list[str]:
    """One item: its numbered text, then the owner, co-executors and deadline lines."""
    first, *rest = _text_lines(item.text)
    lines = [f"{item.number}. {first}", *rest, f"Ответственный: {item.owner}"]
    if item.co_executors:
        lines.append(f"Соисполнители: {', '.join(item.co_executors)}")
    if (deadline := _deadline(item)) is not None:
        lines.append(f"Срок: {deadline}")
    return lines


def to_text(p: Perechen) -> str:
    """The list as plain text (``taskboard import`` reads it back)."""
    blocks = ["\n".join(header_lines(p))] + ["\n".join(item_lines(item)) for item in p.items]
    return "\n\n".join(blocks) + "\n"


def to_html(p: Perechen) -> str:
    """A printable, self-contained HTML page of the list (user text escaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("taskboard", "reports/templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    template = env.get_template("perechen.html.j2")
    return template.render(
        header=header_lines(p), items=[item_lines(item) for item in p.items], title=p.title
    )


def to_docx(p: Perechen) -> bytes:
    """The list as a Word document: the same lines, the title bold and centred."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for index, line in enumerate(header_lines(p)):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if index < 2:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = index == 0
    for item in p.items:
        document.add_paragraph()
        for line in item_lines(item):
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
