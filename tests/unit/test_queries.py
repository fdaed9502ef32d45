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


TABLE_FIELDS = (
    "id",
    "number",
    "text",
    "owner",
    "due",
    "status",
    "overdue",
    "due_soon",
    "days_left",
    "extensions",
)


@pytest.mark.parametrize("sort", ["due", "id", "owner", "meeting"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "all"},
        {"overdue": True},
        {"search": "савушкин"},
        {"status": "closed", "tag": "АПК"},
        {"due_within": 30, "meeting_id": 3},
    ],
)
def test_the_table_rows_are_the_listing_rows_fields(register, sort: str, filters: dict) -> None:  # type: ignore[type-arg]
    """``table_rows`` (what ``list`` prints as a table) selects, orders and judges each
    assignment as ``rows`` does, on the sqlite3 path and on the session's connection."""
    from taskboard.domain import listing
    from taskboard.domain.queries import reader_of
    from taskboard.storage.direct import open_reader

    flt = AssignmentFilter(sort=sort, **filters)
    with register.read() as s:
        full = list_assignments(s, flt, today=TODAY)
        through_session = listing.table_rows(reader_of(s), flt, today=TODAY)
    direct = open_reader(register.sqlite_path)
    assert direct is not None
    try:
        through_sqlite3 = listing.table_rows(direct, flt, today=TODAY)
    finally:
        direct.close()
    expected = [tuple(getattr(r, f) for f in TABLE_FIELDS) for r in full]
    for table in (through_session, through_sqlite3):
        assert [tuple(getattr(r, f) for f in TABLE_FIELDS) for r in table] == expected
    assert any(r.overdue for r in full) or not filters.get("overdue")


@pytest.mark.parametrize("sort", ["due", "owner"])
def test_standing_assignments_come_last_in_the_table_rows_too(
    cli, db_path: Path, sort: str
) -> None:  # type: ignore[no-untyped-def]
    from taskboard.domain import listing
    from taskboard.storage.direct import open_reader

    assert cli("person", "add", "Сандалов Михаил").code == 0
    for text, due in (
        ("Постоянное", "постоянно"),
        ("Срочное", "2026-11-20"),
        ("Позже", "2027-01-10"),
    ):
        assert cli("add", text, "--owner", "1", "--due", due).code == 0
    flt = AssignmentFilter(sort=sort)
    reader = open_reader(db_path)
    assert reader is not None
    try:
        full = listing.rows(reader, flt, today=TODAY)
        table = listing.table_rows(reader, flt, today=TODAY)
    finally:
        reader.close()
    assert [r.text for r in table] == [r.text for r in full] == ["Срочное", "Позже", "Постоянное"]
    assert [(r.due, r.days_left, r.overdue) for r in table] == [
        (r.due, r.days_left, r.overdue) for r in full
    ]


@pytest.mark.parametrize("sort", ["due", "id", "owner", "meeting"])
@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "all"}, {"overdue": True}, {"status": "closed"}, {"due_within": 30}],
)
def test_a_whole_listing_looked_up_equals_the_joined_one(
    register, sort: str, filters: dict
) -> None:  # type: ignore[no-untyped-def,type-arg]
    """A listing by status and deadline alone (``listing.whole``) reads names, meetings and
    extension counts once and looks them up, a batch at a time (``row_batches``): the same
    rows, in the same order, as the joined query of any other filter (the same ids given)."""
    from taskboard.domain import listing
    from taskboard.storage.direct import open_reader

    flt = AssignmentFilter(sort=sort, **filters)
    assert listing.whole(flt)
    direct = open_reader(register.sqlite_path)
    assert direct is not None
    try:
        looked_up = listing.rows(direct, flt, today=TODAY)
        batches = list(listing.row_batches(direct, flt, today=TODAY, size=7))
        ids = [r.id for r in looked_up]
        joined_flt = AssignmentFilter(sort=sort, ids=ids, **filters)
        assert not listing.whole(joined_flt)
        joined = listing.rows(direct, joined_flt, today=TODAY)
        table = listing.table_rows(direct, flt, today=TODAY)
        joined_table = listing.table_rows(direct, joined_flt, today=TODAY)
    finally:
        direct.close()
    assert looked_up and [r.to_json() for r in looked_up] == [r.to_json() for r in joined]
    assert any(r.co_executors for r in looked_up) and any(r.tags for r in looked_up)
    assert any(r.extensions for r in looked_up) and any(r.meeting for r in looked_up)
    assert all(len(b) == 7 for b in batches[:-1])
    assert [r for b in batches for r in b] == looked_up
    assert table == joined_table


@pytest.mark.parametrize(
    "filters",
    [
        {"owner_id": 1},
        {"controller_id": 1},
        {"person_id": 1},
        {"meeting_id": 1},
        {"ids": [1]},
        {"tag": "АПК"},
        {"search": "савушкин"},
        {"requested": True},
        {"level": "x"},
        {"limit": 10},
        {"offset": 5},
    ],
)
def test_only_a_listing_by_status_and_deadline_is_whole(filters: dict) -> None:  # type: ignore[type-arg]
    from taskboard.domain import listing

    assert not listing.whole(AssignmentFilter(**filters))


def test_the_json_pieces_are_the_bytes_of_the_whole_list(
    register, capsysbinary, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``list --format json`` encodes a batch at a time as it reads (``output.json_pieces``):
    the bytes ``write_json_array`` writes for the whole list, long, short or empty."""
    from taskboard.cli import output
    from taskboard.domain import listing
    from taskboard.storage.direct import open_reader

    direct = open_reader(register.sqlite_path)
    assert direct is not None
    try:
        rows = listing.rows(direct, AssignmentFilter(status="all"), today=TODAY)
        batches = list(listing.row_batches(direct, AssignmentFilter(status="all"), today=TODAY))
    finally:
        direct.close()
    for data, pieces in (
        (rows, output.json_pieces(batches)),
        (rows, output.json_pieces([rows[:5], [], rows[5:]])),
        (rows[:3], output.json_pieces([rows[:3]])),
        ([], output.json_pieces([])),
        ([], output.json_pieces([[]])),
    ):
        monkeypatch.setattr(output, "JSON_BATCH", 50)
        output.write_json_array(data)
        whole = capsysbinary.readouterr().out
        output.write_json_pieces(pieces)
        assert capsysbinary.readouterr().out == whole
