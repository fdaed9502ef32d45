"""The assignment list: pages are exact slices of the full list for every sort and filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskboard.domain.queries import (
    AssignmentFilter,
    count_assignments,
    list_assignments,
    position_of,
)
from taskboard.storage.database import open_database
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from bench.generate import generate

    path: Path = tmp_path_factory.mktemp("queries") / "register.db"
    generate(path, n=600, owners=15, meetings=8, seed=7)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.mark.parametrize("sort", ["due", "id", "owner", "meeting"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "all"},
        {"overdue": True},
        {"search": "савушкин"},
        {"search": "иванов"},  # owners' names
        {"status": "closed", "tag": "АПК"},
        {"due_within": 30, "meeting_id": 3},
    ],
)
def test_pages_are_exact_slices_of_the_full_list(register, sort: str, filters: dict) -> None:  # type: ignore[type-arg]
    with register.read() as s:
        full = list_assignments(s, AssignmentFilter(sort=sort, **filters), today=TODAY)
        total = count_assignments(s, AssignmentFilter(sort=sort, **filters), today=TODAY)
        pages = []
        for offset in range(0, len(full) + 40, 40):
            pages.extend(
                list_assignments(
                    s,
                    AssignmentFilter(sort=sort, limit=40, offset=offset, **filters),
                    today=TODAY,
                )
            )
    assert total == len(full)
    assert [r.to_json() for r in pages] == [r.to_json() for r in full]


def test_search_matches_the_text_or_the_owner(register) -> None:  # type: ignore[no-untyped-def]
    with register.read() as s:
        rows = list_assignments(s, AssignmentFilter(status="all", search="иванов"), today=TODAY)
    assert rows
    assert all("иванов" in r.owner.lower() or "иванов" in r.text.lower() for r in rows)


@pytest.mark.parametrize("sort", ["due", "id", "owner", "meeting"])
@pytest.mark.parametrize("filters", [{}, {"status": "all"}, {"search": "иванов"}])
def test_an_assignments_position_is_its_index_in_the_listing(
    register, sort: str, filters: dict
) -> None:  # type: ignore[type-arg]
    with register.read() as s:
        flt = AssignmentFilter(sort=sort, **filters)
        full = list_assignments(s, flt, today=TODAY)
        for index in (0, len(full) // 2, len(full) - 1):
            assert position_of(s, flt, full[index].id, today=TODAY) == index
        closed = list_assignments(s, AssignmentFilter(status="closed"), today=TODAY)[0]
        if filters.get("status") != "all":
            assert position_of(s, flt, closed.id, today=TODAY) is None
