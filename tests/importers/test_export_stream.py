"""``taskboard export`` writes the JSON as it reads the register, a batch of rows at a time.

Its bytes must stay those of the document built whole (what ``import`` restores and what the
PostgreSQL and typed paths write), on standard output and in an ``--output`` file, and an
export that stops half-way must leave no half file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taskboard.domain import clock
from tests import hostile
from tests.mounts import fill, tmpfs

STAMP = datetime(2026, 11, 24, 9, 30, 15, 654321, tzinfo=UTC)
"""The fixed moment of the exports below (``exported_at``)."""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export of a test is stamped with :data:`STAMP`, so whole files compare."""
    monkeypatch.setattr(clock, "now", lambda: STAMP)


def _whole(db: Path) -> bytes:
    """The export as the session path builds it: the whole document in memory."""
    from taskboard import snapshot
    from taskboard.storage.database import open_database

    database = open_database(db)
    try:
        with database.read() as session:
            return snapshot.export_json(session)
    finally:
        database.dispose()


def _both_ways(cli, tmp_path: Path) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    """The export on standard output and in an ``--output`` file."""
    printed = cli("export")
    assert printed.code == 0, printed.err
    target = tmp_path / "export.json"
    written = cli("export", "--output", str(target))
    assert written.code == 0, written.err
    return printed.out.encode(), target.read_bytes()


@pytest.fixture
def hostile_register(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Every list filled, with text that tests JSON's escapes and the batches' seams."""
    texts = [
        hostile.CRLF,
        hostile.CONTROLS,
        hostile.ANSI,
        hostile.OSC,
        hostile.RLO,
        hostile.ZERO_WIDTH,
        hostile.HTML,
        *hostile.SQL,
        *hostile.TEMPLATES,
        'кавычки " и \\ обратная черта, \t табуляция',
        "строка\nвторая строка\u2028и разделитель строк 😀",
    ]
    assert cli("person", "add", "Сандалов Михаил", "--email", "s@example.org").code == 0
    assert cli("person", "add", "Волосков Пётр").code == 0
    for number, text in enumerate(texts, start=1):
        result = cli(
            "add", text, "--owner", "1", "--due", f"2027-02-{number:02d}", "--tag", f"тег {text}"
        )
        assert result.code == 0, result.err
    for args in (
        ("add", "С соисполнителем", "--owner", "1", "--co", "2", "--tag", "Ёж", "--tag", "ёж"),
        ("add", "Ещё метки", "--owner", "2", "--tag", "Zebra", "--tag", "apple", "--tag", "Я"),
        ("note", "1", hostile.CRLF),
        ("extend", "2", "--to", "2027-04-14", "--reason", hostile.CONTROLS),
        ("done", "3"),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    with sqlite3.connect(db_path) as con:  # whole seconds, in both forms SQLAlchemy reads
        con.execute("UPDATE assignment SET created_at = '2026-11-03 09:15:00' WHERE id = 1")
        con.execute("UPDATE assignment SET updated_at = '2026-11-03 09:15:00.000000' WHERE id = 1")
    con.close()
    return db_path


def test_the_streamed_export_is_byte_for_byte_the_document_built_whole(
    cli, hostile_register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    printed, written = _both_ways(cli, tmp_path)
    whole = _whole(hostile_register)
    assert printed == whole
    assert written == whole
    data = json.loads(written)
    assert data["exported_at"] == "2026-11-24T09:30:15+00:00"
    first = data["assignments"][0]
    assert (first["created_at"], first["updated_at"]) == (
        "2026-11-03T09:15:00+00:00",
        "2026-11-03T09:15:00+00:00",
    )
    assert data["assignments"][-2]["tags"] == ["Ёж", "ёж"]
    assert data["assignments"][-1]["tags"] == ["Zebra", "apple", "Я"]


def test_a_register_larger_than_a_batch_streams_the_same_bytes(
    cli, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from bench.generate import generate

    generate(db_path, n=4500, owners=30, meetings=20, seed=5)
    printed, written = _both_ways(cli, tmp_path)
    whole = _whole(db_path)
    assert printed == whole and written == whole
    assert len(json.loads(whole)["assignments"]) == 4500


def test_an_empty_register_streams_its_empty_lists(cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    printed, written = _both_ways(cli, tmp_path)
    assert printed == written == _whole(db_path)
    assert b'"people": [],' in printed and printed.endswith(b'"reminders": []\n}\n')


def test_a_timestamp_in_an_odd_form_takes_the_typed_way_on_both_outputs(
    cli, hostile_register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(hostile_register) as con:  # written behind taskboard's back
        con.execute("UPDATE note SET created_at = '2026-11-02T11:30:00' WHERE id = 1")
    con.close()
    printed, written = _both_ways(cli, tmp_path)
    assert printed == written == _whole(hostile_register)
    assert json.loads(written)["notes"][0]["created_at"] == "2026-11-02T11:30:00+00:00"


@pytest.mark.usefixtures("umask_022")
def test_an_export_cut_short_by_a_full_disk_leaves_the_old_file_and_no_half_one(
    cli, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from bench.generate import generate

    generate(db_path, n=600, owners=12, meetings=6, seed=3)
    with tmpfs(tmp_path / "disk", size="256k") as disk:
        target = disk / "export.json"
        target.write_bytes(b"the previous export")
        result = cli("export", "--output", str(target), "--force")
        assert result.code != 0
        assert "disk is full" in result.err and "Traceback" not in result.err
        assert target.read_bytes() == b"the previous export"
        assert [p.name for p in disk.iterdir()] == ["export.json"]
        fill(disk)  # the disk full from the start: the same
        again = cli("export", "--output", str(target), "--force")
        assert again.code != 0 and "disk is full" in again.err
        assert target.read_bytes() == b"the previous export"
        assert sorted(p.name for p in disk.iterdir()) == ["export.json", "filler"]


def _damage_an_overflow_chain(db: Path, marker: bytes) -> Path:
    """A copy of ``db`` whose first overflow chain holding ``marker`` points nowhere: the
    rows before it read, the checks before the stream (which read no long text) pass."""
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    pages = len(data) // size
    holding = {i // size for i in range(len(data)) if data.startswith(marker, i)}
    chained = [
        p
        for p in sorted(holding)
        if (int.from_bytes(data[p * size : p * size + 4], "big") - 1) in holding
    ]
    assert chained, "the long text should span overflow pages"
    data[chained[0] * size : chained[0] * size + 4] = (pages + 1000).to_bytes(4, "big")
    damaged = db.with_name("damaged.db")
    damaged.write_bytes(bytes(data))
    return damaged


def test_a_register_damaged_past_the_start_of_the_stream_ends_in_one_line(
    cli, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Standard output cannot take back what it was given: the command stops with the
    damaged register's one line instead of printing a second export after the first half."""
    from tests.conftest import run_process

    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", "Первое", "--owner", "1", "--due", "2027-01-10").code == 0
    assert cli("note", "1", "ПЕРЕПОЛНЕНИЕ" * 1500).code == 0  # about 36 KB: overflow pages
    damaged = _damage_an_overflow_chain(db_path, "ПЕРЕПОЛНЕНИЕ".encode())
    printed = run_process("--db", str(damaged), "--lang", "en", "export")
    assert printed.code == 2
    assert "is damaged" in printed.err and "Traceback" not in printed.err
    assert len(printed.err.strip().splitlines()) == 1
    assert printed.out.startswith("{") and printed.out.count('"format"') == 1
    target = tmp_path / "export.json"
    written = run_process("--db", str(damaged), "--lang", "en", "export", "--output", str(target))
    assert written.code != 0 and "Traceback" not in written.err
    assert not target.exists() and not list(tmp_path.glob(".taskboard-*"))
