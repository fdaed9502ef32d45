"""Finding people by name or prefix, and case-insensitive Cyrillic search."""

from __future__ import annotations

import pytest

from taskboard.domain.people import resolve_person
from taskboard.domain.queries import AssignmentFilter, list_assignments
from taskboard.domain.search import fold
from taskboard.errors import AmbiguousName, NotFound
from tests.conftest import TODAY
from tests.unit import factories as f


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    with db.write() as s:
        ids = {
            "sandalov": f.person(s, "Сандалов Михаил"),
            "sokolov": f.person(s, "Соколов Александр"),
            "voloskov": f.person(s, "Волосков Сергей Александрович"),
            "fedorov": f.person(s, "Фёдоров Пётр"),
        }
    return ids


@pytest.mark.parametrize(
    ("ref", "who"),
    [
        ("Сандалов Михаил", "sandalov"),
        ("сандалов", "sandalov"),
        ("САНД", "sandalov"),
        ("волосков с", "voloskov"),
        ("сергей", "voloskov"),  # a word of the name
        ("федоров", "fedorov"),  # ё = е
        ("Фёдоров Пётр", "fedorov"),
    ],
)
def test_person_is_found_by_full_name_or_unique_prefix(db, people, ref: str, who: str) -> None:
    with db.read() as s:
        assert resolve_person(s, ref).id == people[who]


def test_person_is_found_by_id(db, people) -> None:
    with db.read() as s:
        assert resolve_person(s, str(people["sokolov"])).full_name == "Соколов Александр"


def test_ambiguous_prefix_lists_the_candidates(db, people) -> None:
    with db.read() as s, pytest.raises(AmbiguousName) as caught:
        resolve_person(s, "с")
    assert "Сандалов Михаил" in caught.value.candidates
    assert "Соколов Александр" in caught.value.candidates
    assert "several people" in caught.value.message


def test_unknown_name_suggests_close_matches(db, people) -> None:
    with db.read() as s, pytest.raises(NotFound, match="Did you mean: Сандалов Михаил"):
        resolve_person(s, "Сандалоф")


def test_unknown_id_is_an_error(db, people) -> None:
    with db.read() as s, pytest.raises(NotFound, match="No person with id 999"):
        resolve_person(s, "999")


def test_fold_lowers_cyrillic_and_treats_yo_as_ye() -> None:
    assert fold("САВУШКИН Продукт Ёлка") == "савушкин продукт елка"


@pytest.mark.parametrize("query", ["савушкин", "САВУШКИН", "Савушкин продукт", "продукт савуш"])
def test_search_is_case_insensitive_for_cyrillic(db, people, query: str) -> None:
    with db.write() as s:
        f.assignment(s, people["sandalov"], text="Проработать с «Савушкин продукт» завод")
        f.assignment(s, people["sandalov"], text="Другое поручение")
    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(search=query), today=TODAY)
    assert [r.text for r in rows] == ["Проработать с «Савушкин продукт» завод"]


def test_search_treats_yo_as_ye_both_ways(db, people) -> None:
    with db.write() as s:
        f.assignment(s, people["sandalov"], text="Поездка молодёжи в Брестскую крепость")
    with db.read() as s:
        for query in ("молодежи", "МОЛОДЁЖИ"):
            rows = list_assignments(s, AssignmentFilter(search=query), today=TODAY)
            assert len(rows) == 1


def test_search_finds_by_owner_name_and_item_number(db, people) -> None:
    with db.write() as s:
        m = f.meeting(s)
        f.assignment(
            s, people["voloskov"], text="Направляющие для лифтов", meeting_id=m, number="2.1"
        )
        f.assignment(s, people["sandalov"], text="Другое", meeting_id=m, number="3")
    with db.read() as s:
        by_owner = list_assignments(s, AssignmentFilter(search="волоск"), today=TODAY)
        by_number = list_assignments(s, AssignmentFilter(search="2.1"), today=TODAY)
    assert [r.text for r in by_owner] == ["Направляющие для лифтов"]
    assert [r.text for r in by_number] == ["Направляющие для лифтов"]


def test_search_wildcards_are_taken_literally(db, people) -> None:
    with db.write() as s:
        f.assignment(s, people["sandalov"], text="Выполнить на 100%")
        f.assignment(s, people["sandalov"], text="Выполнить на 1000")
    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(search="100%"), today=TODAY)
        underscore = list_assignments(s, AssignmentFilter(search="_"), today=TODAY)
    assert [r.text for r in rows] == ["Выполнить на 100%"]
    assert underscore == []


def test_listing_json_is_exactly_the_rows_json(db, people) -> None:
    """``list --format json`` writes the rows directly; it must equal AssignmentRow.to_json."""
    import io
    import json
    import sys
    from datetime import date

    from taskboard.cli.output import write_json_array

    with db.write() as s:
        f.assignment(
            s,
            people["sandalov"],
            text="Поручение",
            tags=["a"],
            co_executor_ids=[people["voloskov"]],
            due=date(2026, 11, 2),
        )
    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(), today=TODAY)
    buffer = io.StringIO()
    saved, sys.stdout = sys.stdout, buffer
    try:
        write_json_array(rows)
    finally:
        sys.stdout = saved
    assert json.loads(buffer.getvalue()) == [r.to_json() for r in rows]
