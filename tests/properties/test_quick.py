"""Properties of the quick-add line (``importers/quick.py``): «Сандалову до 1 июня подготовить …».

Any line: read or refused with the one clear error, never a traceback. A line in the
documented shape (whom, by when, what, #tags): each part comes out where it belongs and
the action's text is kept whole.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from taskboard.domain import dates, services
from taskboard.errors import InvalidInput
from taskboard.importers import quick
from tests.conftest import TODAY
from tests.properties.conftest import fresh_database
from tests.properties.strategies import RUSSIAN_LOWER, hostile_texts

ACTOR = "Тестов Т.Т."

QUICK_TOKENS = (
    "Сандалову", "Волоскову С.А.", "Министерству культуры", "(Петрова Е.А.)", "совместно с",
    "Волосковым С.А.", "до", "к", "1 июня", "15.12", "30 февраля", "срочно",
    "в двухнедельный срок", "не позднее", "подготовить", "представить", "проработать",
    "предложения", "#Беларусь", "#", "##", "#тег-2", ",", ";", "—", "5 человек",
)  # fmt: skip

lines = st.one_of(
    st.text(),
    hostile_texts(),
    st.lists(st.one_of(st.sampled_from(QUICK_TOKENS), st.text(max_size=4)), max_size=12).map(
        " ".join
    ),
)


@given(line=lines)
def test_any_line_is_read_or_refused_with_the_one_clear_error(line: str) -> None:
    try:
        read = quick.read_line(line, today=TODAY)
    except InvalidInput as exc:
        assert exc.message
    else:
        # Nothing is made up: every word of the text, the deadline and the tags was typed.
        typed = set(re.findall(r"\w+", read.source.lower()))
        for part in (read.text, read.due, *read.tags):
            assert set(re.findall(r"\w+", part.lower())) <= typed, part
        assert all(f"#{tag}" in read.source for tag in read.tags)
    with fresh_database() as db:
        with db.write() as s:
            services.add_person(s, full_name="Сандалов Михаил Андреевич", actor=ACTOR)
        with db.read() as s:
            try:
                found = quick.prepare(s, line, actor=ACTOR, today=TODAY)
            except quick.QuickProblems as exc:
                assert exc.problems and all(p.message for p in exc.problems)
                quick.understood_so_far(exc.line, exc.problems, today=TODAY)
            else:
                assert found.new.owner_name == "Сандалов Михаил Андреевич"
                assert quick.understood(found)


INFINITIVES = ("подготовить", "представить", "проработать", "обеспечить", "организовать")
plain_words = st.text(alphabet=RUSSIAN_LOWER, min_size=3, max_size=10).filter(
    lambda w: dates.month_number(w) is None and not w.startswith("совместн")
)
deadlines = st.sampled_from(
    ("до 1 июня", "к 15.12", "до 01.06.2027", "срочно", "в двухнедельный срок", "")
)


@given(
    words=st.lists(plain_words, min_size=1, max_size=8),
    verb=st.sampled_from(INFINITIVES),
    due=deadlines,
    tags=st.lists(
        st.text(alphabet=RUSSIAN_LOWER + "0123456789", min_size=1, max_size=8),
        max_size=3,
        unique=True,
    ),
    at_end=st.booleans(),
)
def test_a_line_in_the_documented_shape_keeps_its_action_whole(
    words: list[str], verb: str, due: str, tags: list[str], at_end: bool
) -> None:
    action = " ".join([verb, *words])
    marks = " ".join(f"#{t}" for t in tags)
    head = " ".join(p for p in ("Сандалову", due) if p)
    line = f"{head} {action} {marks}" if at_end else f"{head} {marks} {action}"
    with fresh_database() as db:
        with db.write() as s:
            owner = services.add_person(s, full_name="Сандалов Михаил Андреевич", actor=ACTOR)
        with db.read() as s:
            found = quick.prepare(s, line, actor=ACTOR, today=TODAY)
    assert found.line.text == action[:1].upper() + action[1:]
    assert found.line.due == due
    assert found.line.tags == tags
    assert found.new.owner_id == owner.id
    if due:
        assert found.new.due == dates.parse_date(due, today=TODAY)
