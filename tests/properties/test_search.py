"""Properties of ``--search`` (``domain/search.py`` + ``queries.list_assignments``).

The model: an assignment matches when every word of the query, folded (case, «ё» = «е»),
is a substring of its folded number and text or of its owner's folded name. The database
must agree with that model for any register and any query, wildcards of LIKE included.
"""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from taskboard.domain import services
from taskboard.domain.queries import AssignmentFilter, count_assignments, list_assignments
from tests.conftest import TODAY
from tests.properties.conftest import fresh_database
from tests.properties.strategies import RUSSIAN_LOWER

ACTOR = "Тестов Т.Т."

ALPHABET = RUSSIAN_LOWER + RUSSIAN_LOWER.upper() + "abcXYZ019 %_\\'\"[]^*.,-\n"
"""Cyrillic and Latin letters both cases, «ё», digits, and LIKE's and regex's special signs."""

texts = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(lambda t: t.strip())
owner_names = st.sampled_from(
    ("Сандалов Михаил", "Волосков Сергей Александрович", "Фёдоров Пётр", "Ёлкина Анна")
)


def _folded(text: str) -> str:
    """The documented folding, written out independently: lower case, «ё» as «е»."""
    return text.lower().replace("ё", "е")


def _swap_yo(text: str) -> str:
    return text.translate(str.maketrans("ёЁеЕ", "еЕёЁ"))


def _expected(register: list[tuple[int, str, str]], query: str) -> set[int]:
    terms = _folded(query).split()
    return {
        aid
        for aid, text, owner in register
        if all(t in _folded(text) or t in _folded(owner) for t in terms)
    }


@st.composite
def registers_and_queries(draw: st.DrawFn) -> tuple[list[tuple[str, str]], str]:
    """A few assignments (text, owner) and a query: part of a text, changed in case and «ё»,
    or any text at all."""
    rows = draw(st.lists(st.tuples(texts, owner_names), min_size=1, max_size=6))
    kind = draw(st.sampled_from(("part", "part", "any", "wild")))
    if kind == "part":
        text = draw(st.sampled_from(rows))[0]
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        query = text[start:end]
        change = draw(st.sampled_from((str, str.upper, str.lower, str.swapcase, _swap_yo)))
        query = change(query)
    elif kind == "wild":
        query = draw(st.text(alphabet="%_\\ абв", min_size=1, max_size=4))
    else:
        query = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=8))
    return rows, query


@given(case=registers_and_queries())
@example(case=([("100% готово", "Сандалов Михаил"), ("1000 готово", "Сандалов Михаил")], "0%"))
@example(case=([("a_b", "Сандалов Михаил"), ("axb", "Сандалов Михаил")], "a_b"))
@example(case=([("путь C:\\temp", "Сандалов Михаил"), ("путь C:temp", "Сандалов Михаил")], ":\\t"))
@example(case=([("Ёлки", "Сандалов Михаил")], "ЕЛКИ"))
def test_search_finds_exactly_the_assignments_holding_every_folded_word(
    case: tuple[list[tuple[str, str]], str],
) -> None:
    rows, query = case
    with fresh_database() as db:
        with db.write() as s:
            people: dict[str, int] = {}
            register = []
            for text, owner in rows:
                if owner not in people:
                    created = services.add_person(s, full_name=owner, actor=ACTOR)
                    assert created.id is not None
                    people[owner] = created.id
                added = services.add_assignment(
                    s, text=text, owner_id=people[owner], actor=ACTOR, due=date(2026, 12, 10)
                )
                assert added.id is not None
                register.append((added.id, added.text, owner))
        flt = AssignmentFilter(status="all", search=query)
        with db.read() as s:
            found = {r.id for r in list_assignments(s, flt, today=TODAY)}
            counted = count_assignments(s, flt, today=TODAY)
            paged = {
                r.id
                for r in list_assignments(
                    s, AssignmentFilter(status="all", search=query, limit=2), today=TODAY
                )
            }
    expected = _expected(register, query)
    assert found == expected
    assert counted == len(expected)
    assert paged <= expected and len(paged) == min(2, len(expected))


@given(old=texts, new=texts, data=st.data())
def test_an_edited_text_is_found_by_its_new_words_and_no_longer_by_the_old_ones(
    old: str, new: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    part = old[start:end]
    with fresh_database() as db:
        with db.write() as s:
            owner = services.add_person(s, full_name="Сандалов Михаил", actor=ACTOR)
            assert owner.id is not None
            added = services.add_assignment(
                s, text=old, owner_id=owner.id, actor=ACTOR, due=date(2026, 12, 10)
            )
            assert added.id is not None
            stored_old = added.text
            services.edit_assignment(
                s,
                assignment_id=added.id,
                changes=services.AssignmentUpdate(text=new),
                actor=ACTOR,
            )
            stored_new = services.get_assignment(s, added.id).text
        with db.read() as s:
            found = {
                r.id
                for r in list_assignments(
                    s, AssignmentFilter(status="all", search=part), today=TODAY
                )
            }
    # Found by a part of the old text only while the new text (or the owner) holds it too.
    assert _expected([(added.id, stored_old, "")], part) == {added.id}
    assert found == _expected([(added.id, stored_new, "Сандалов Михаил")], part)
