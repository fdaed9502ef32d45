"""Properties of the meeting-protocol parser (``importers/protocol.py``).

Any text at all: the parser and the import's reading of it raise nothing but the one clear
error. Generated protocols: every numbered item comes out once, in order, with its number,
and with the whole of its text (the labelled fields — owner, co-executors, deadline — taken
out into their own fields, not lost).
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from taskboard.domain.models import Assignment, Event, Meeting, Person
from taskboard.errors import InvalidInput
from taskboard.importers import import_file, prepare, prepare_text
from taskboard.importers.protocol import parse_document, protocol_drafts
from tests.conftest import TODAY
from tests.properties.conftest import fresh_database
from tests.properties.strategies import RUSSIAN_LOWER

PROTOCOL_TOKENS = (
    "1.", "2)", "2.1.", "3.2", "I.", "IV.", "Ответственный:", "Ответственный исполнитель:",
    "Исполнитель –", "Соисполнители:", "Срок:", "Срок исполнения —", "Доклад -", "Owner:",
    "Deadline:", "Министерству", "образования", "(Иванов И.И.)", "Петрову П.П.", "совместно с",
    "Сидоровым С.С.", "обеспечить", "подготовить", "до", "01.06.2027", "1 июня 2027 г.",
    "ежемесячно", "до 5 числа", "постоянно", "принять к сведению", "Контроль исполнения",
    "возложить", "ПРОТОКОЛ", "№ 12", "от 10 ноября 2026 г.", "Председательствовал:",
    "«", "»", "(", ")", ",", ";", ":", ".", "—", "\n", "\n\n", "\t", "\r\n", " ",
)  # fmt: skip
"""Pieces of real protocols: items, sections, labels, datives, deadlines, headers."""

protocol_texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PROTOCOL_TOKENS), st.text(max_size=5)), max_size=40).map(
        " ".join
    ),
    st.lists(st.sampled_from(PROTOCOL_TOKENS), max_size=60).map("".join),
)

words = st.text(alphabet=RUSSIAN_LOWER, min_size=2, max_size=9).filter(
    lambda w: w not in {"до", "срок", "контроль", "доклад", "принять"}
)
bodies = st.lists(words, min_size=1, max_size=12).map(" ".join)


@given(text=protocol_texts)
def test_any_text_is_read_or_refused_with_the_one_clear_error(text: str) -> None:
    document = parse_document(text)
    assert all(item.number for item in document.items)
    drafts = protocol_drafts(text)
    assert len(drafts) <= len(document.items)
    try:
        prepared = prepare_text(text, "protocol.txt", "protocol", today=TODAY)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert prepared.drafts
    try:
        prepare_text(text, "document.txt", today=TODAY)
    except InvalidInput as exc:
        assert exc.message


@st.composite
def protocols(draw: st.DrawFn, *, owners: bool | None = None) -> tuple[str, list[dict[str, str]]]:
    """A protocol of plain items: (its text, what each item holds); ``owners``: whether each
    item names its owner on a labelled line (None: some do)."""
    items = []
    lines = ["ПРОТОКОЛ", "оперативного совещания", ""]
    style = draw(st.sampled_from(("{n}.", "{n})", "{n}.1.")))
    for n in range(1, draw(st.integers(1, 6)) + 1):
        body = draw(bodies)
        full_stop = draw(st.booleans())
        # An item's text may run over several lines; each later line is part of it.
        cut = draw(st.lists(st.integers(1, 12), max_size=2))
        parts = body.split()
        chunks, at = [], 0
        for c in sorted(set(cut)):
            if at < c < len(parts):
                chunks.append(" ".join(parts[at:c]))
                at = c
        chunks.append(" ".join(parts[at:]))
        chunks[-1] += "." if full_stop else ""
        item = {"number": style.format(n=n).rstrip(".)"), "text": body, "full_stop": full_stop}
        lines.append(f"{style.format(n=n)} {chunks[0]}")
        lines.extend(chunks[1:])
        if owners if owners is not None else draw(st.booleans()):
            surname = draw(words).capitalize() + "ов"
            item["owner"] = f"{surname} А.Б."
            item["surname"] = surname
            lines.append(f"Ответственный: {surname} А.Б.")
        if draw(st.booleans()):
            item["due"] = "01.06.2027"
            lines.append("Срок исполнения: 01.06.2027")
        items.append(item)
    lines += ["", "Губернатор области                                  А.В. Соколов"]
    return "\n".join(lines), items


@given(protocol=protocols())
@example(  # a field on its own line gave the item a full stop it never had («Аа.»)
    protocol=(
        "ПРОТОКОЛ\n\n1. аа\nОтветственный: Ааов А.Б.\n",
        [
            {
                "number": "1",
                "text": "аа",
                "full_stop": False,
                "owner": "Ааов А.Б.",
                "surname": "Ааов",
            }
        ],
    )
)
@example(  # «Ответственный: Едов А.Б.» gave the owner «Ёдов А.Б.»: the dictionary's «ё»
    protocol=(
        "ПРОТОКОЛ\n\n1. аа\nОтветственный: Едов А.Б.\n",
        [
            {
                "number": "1",
                "text": "аа",
                "full_stop": False,
                "owner": "Едов А.Б.",
                "surname": "Едов",
            }
        ],
    )
)
def test_every_item_comes_out_once_in_order_with_its_whole_text(
    protocol: tuple[str, list[dict[str, str]]],
) -> None:
    text, items = protocol
    drafts = protocol_drafts(text)
    assert [d.number for d in drafts] == [i["number"] for i in items]
    for draft, item in zip(drafts, items, strict=True):
        expected = item["text"][:1].upper() + item["text"][1:] + ("." if item["full_stop"] else "")
        assert draft.text == expected
        if "owner" in item:
            assert draft.owner_phrase is not None
            assert draft.owner_phrase.surname == item["surname"]
            assert draft.owner == item["owner"]
        if "due" in item:
            assert draft.due == item["due"]
        # The signature under the last item belongs to no item.
        assert "Соколов" not in draft.text


@given(text=protocol_texts, at=st.integers(0, 10_000), padding=st.sampled_from((0, 5000)))
@example(text="1. подготовить доклад", at=10_000, padding=5000)  # past 4 KB it was imported
def test_a_nul_anywhere_in_a_document_refuses_it_as_binary(
    text: str, at: int, padding: int
) -> None:
    """PostgreSQL cannot store a NUL in text: a document holding one is refused as a whole."""
    body = ("1. Провести совещание.\n" * (padding // 24) + text).encode("utf-8")
    at = min(at, len(body))
    payload = body[:at] + b"\x00" + body[at:]
    for fmt in ("document", "protocol", "text"):
        try:
            prepare(payload, "protocol.txt", fmt, today=TODAY)
        except InvalidInput as exc:
            assert "protocol.txt" in exc.message
        else:
            raise AssertionError("a document holding a NUL was read")


def _rows(db) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        connection = s.connection()
        return tuple(
            connection.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Person, Meeting, Assignment, Event)
        )


@given(protocol=protocols(owners=True))
def test_a_protocol_import_records_every_item_and_its_dry_run_nothing(
    protocol: tuple[str, list[dict[str, str]]],
) -> None:
    text, items = protocol
    with fresh_database() as db:
        path = db.sqlite_path.parent / "protocol.txt"  # type: ignore[union-attr]
        path.write_text(text, encoding="utf-8")
        planned = import_file(db, str(path), dry_run=True, actor="Тестов Т.Т.", today=TODAY)
        assert _rows(db) == (0, 0, 0, 0)  # not even the new people or the meeting
        real = import_file(db, str(path), actor="Тестов Т.Т.", today=TODAY)
        with db.read() as s:
            stored = [a.text for a in s.exec(select(Assignment).order_by(Assignment.id)).scalars()]
    expected = [
        i["text"][:1].upper() + i["text"][1:] + ("." if i["full_stop"] else "") for i in items
    ]
    assert [p.text for p in planned.created] == [p.text for p in real.created] == stored == expected
    assert [p.owner.split()[0] for p in real.created] == [i["surname"] for i in items]
    assert [p.number for p in real.created] == [i["number"] for i in items]
