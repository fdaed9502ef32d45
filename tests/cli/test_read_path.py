"""The read path of issue 12: ``list`` and ``export`` read the same on every path and backend.

A read command on an SQLite register at the current schema runs the listing's SQL through
the standard library's ``sqlite3``; any other register goes through SQLAlchemy, running the
same SQL on the session's connection. The listings below were written by the code before the
read path existed (``golden_listings/``, on a generated register with the tests' fixed
"today"); each must come out byte for byte the same through the direct path, through the
session path (a ``file:`` URL takes it) and from PostgreSQL holding the same register.
``TASKBOARD_UPDATE_GOLDEN=1`` rewrites the files (only when the change of output is meant).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY, Result

GOLDEN = Path(__file__).parent / "golden_listings"
UPDATE = os.environ.get("TASKBOARD_UPDATE_GOLDEN") == "1"

LISTINGS: dict[str, list[str]] = {
    "active-due": ["list", "--format", "json"],
    "all-id": ["list", "--status", "all", "--sort", "id", "--format", "json"],
    "all-owner": ["list", "--status", "all", "--sort", "owner", "--format", "csv"],
    "all-meeting": ["list", "--status", "all", "--sort", "meeting", "--format", "csv"],
    "overdue": ["list", "--overdue", "--format", "json"],
    "overdue-table": ["list", "--overdue"],
    "due-within": ["list", "--due-within", "10", "--format", "csv"],
    "search-text": ["list", "--search", "САВУШКИН", "--format", "json"],
    "search-owner": ["list", "--status", "all", "--search", "иванов", "--format", "json"],
    "search-words": ["list", "--status", "all", "--search", "завода кирово", "--format", "json"],
    "closed-tag": ["list", "--status", "closed", "--tag", "АПК", "--format", "json"],
    "meeting": ["list", "--status", "all", "--meeting", "3", "--sort", "meeting"],
    "done": ["list", "--status", "done", "--sort", "owner", "--format", "csv"],
    "owner": ["list", "--status", "all", "--owner", "24", "--format", "json"],
    "owner-prefix": ["list", "--status", "all", "--owner", "павл", "--format", "json"],
    "owner-yo": ["list", "--status", "all", "--owner", "киселев андрей", "--format", "csv"],
    "controller-name": ["list", "--status", "all", "--controller", "Морозов Наталья"],
    "owner-search": ["list", "--owner", "Зайцев", "--search", "завод", "--format", "json"],
    "nothing": ["list", "--search", "несуществующее слово", "--format", "json"],
    "people": ["person", "list", "--format", "json"],
    "people-table": ["person", "list"],
    "meetings": ["meeting", "list", "--format", "json"],
    "meetings-table": ["meeting", "list"],
    "show-extended": ["show", "7", "--format", "json"],
    "show-done": ["show", "3", "--format", "json"],
    "show-card": ["show", "17"],
    "show-card-done": ["show", "4"],
}
"""Name → the command (a listing, the directory, the meetings) whose output
``golden_listings/NAME.txt`` holds."""


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed register: 150 generated assignments (seed 11), as of the tests' today."""
    from bench.generate import generate

    path = tmp_path_factory.mktemp("read_path") / "register.db"
    # The tests' today, not the clock's: a module fixture runs before TASKBOARD_TODAY is set.
    generate(path, n=150, owners=12, meetings=6, seed=11, today=TODAY)
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    """``python -m taskboard ARGS`` with the tests' environment (a real, fresh process)."""
    done = subprocess.run(
        [sys.executable, "-m", "taskboard", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160", **(env or {})},
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?(\+00:00)?")


def _fixed(text: str) -> str:
    """``text`` with its timestamps masked: the generator stamps rows with the time it ran."""
    return _MOMENT.sub("<moment>", text)


def _session_url(path: Path) -> str:
    """A URL of the same file that the direct path leaves to SQLAlchemy (a ``file:`` URI)."""
    return f"sqlite:///file:{path}?mode=rw&uri=true"


@pytest.mark.parametrize("name", list(LISTINGS))
def test_listings_are_what_they_were_on_every_path(register: Path, name: str) -> None:
    direct = _run("--db", str(register), *LISTINGS[name])
    assert direct.code == 0, direct.err
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(direct.out, encoding="utf-8")
    assert _fixed(direct.out) == _fixed(golden.read_text(encoding="utf-8"))
    through_session = _run("--db", _session_url(register), *LISTINGS[name])
    assert through_session.code == 0, through_session.err
    assert through_session.out == direct.out


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("Попов", "matches several people: Попов Анна Михайлович (id 22); Попов Ольга"),
        ("Морозв", "No person «Морозв». Did you mean: Морозов"),
        ("Щукин", 'No person «Щукин»; add them with: taskboard person add "Щукин"'),
        ("999999", "No person with id 999999."),
    ],
)
def test_a_name_that_names_no_one_is_the_same_error_on_every_path(
    register: Path, ref: str, words: str
) -> None:
    direct = _run("--db", str(register), "list", "--owner", ref)
    through_session = _run("--db", _session_url(register), "list", "--owner", ref)
    assert direct.code == through_session.code != 0
    assert direct.out == through_session.out == ""
    assert direct.err == through_session.err
    assert words in direct.err
    assert len(direct.err.splitlines()) == 1


def test_the_golden_listings_are_not_empty() -> None:
    # The listings must show something to pin: rows overdue, found, closed, tagged.
    for name in LISTINGS:
        text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
        if name == "nothing":
            assert json.loads(text) == []
        elif text.lstrip().startswith("["):
            assert len(json.loads(text)) >= 1, name


@pytest.mark.postgres
def test_postgresql_lists_and_exports_the_same_register_the_same(
    register: Path, pg_url: str, tmp_path: Path
) -> None:
    exported = _run("--db", str(register), "export")
    assert exported.code == 0, exported.err
    dump = tmp_path / "register.json"
    dump.write_text(exported.out, encoding="utf-8")
    restored = _run("--db", pg_url, "import", str(dump))
    assert restored.code == 0, restored.err
    for name, command in LISTINGS.items():
        on_pg = _run("--db", pg_url, *command)
        assert on_pg.code == 0, on_pg.err
        assert _fixed(on_pg.out) == _fixed((GOLDEN / f"{name}.txt").read_text("utf-8")), name
    again = _run("--db", pg_url, "export")
    assert _without_moment(again.out) == _without_moment(exported.out)


def _without_moment(export: str) -> dict[str, object]:
    data = json.loads(export)
    data.pop("exported_at")
    return data


def test_export_is_the_same_through_sqlite3_and_through_sqlalchemy(register: Path) -> None:
    direct = _run("--db", str(register), "export")
    through_session = _run("--db", _session_url(register), "export")
    assert direct.code == through_session.code == 0, direct.err + through_session.err
    assert _without_moment(direct.out) == _without_moment(through_session.out)
    assert len(json.loads(direct.out)["assignments"]) == 150


def test_an_irregular_timestamp_is_exported_the_typed_way(register: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    copy = tmp_path / "odd.db"
    shutil.copy(register, copy)
    with sqlite3.connect(copy) as connection:  # written behind taskboard, ISO with a "T"
        connection.execute("UPDATE note SET created_at = '2026-11-01T10:00:00' WHERE id = 1")
    direct = _run("--db", str(copy), "export")
    assert direct.code == 0, direct.err
    notes = json.loads(direct.out)["notes"]
    assert notes[0]["created_at"] == "2026-11-01T10:00:00+00:00"
    assert _without_moment(direct.out) == _without_moment(
        _run("--db", _session_url(copy), "export").out
    )


def test_an_older_register_is_upgraded_then_listed(tmp_path: Path) -> None:
    from tests.schema import make_at

    path = tmp_path / "old.db"
    make_at(
        f"sqlite:///{path}",
        "0004",
        [
            "INSERT INTO person (id, full_name, name_folded, created_at)"
            " VALUES (1, 'Сандалов М.А.', 'сандалов м.а.', '2026-11-01 09:00:00.000000')",
            "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status,"
            " priority, created_at, updated_at, version) VALUES (1, 'Проработать вопрос',"
            " 'проработать вопрос', 1, '2026-11-20', '2026-11-20', 'open', 'normal',"
            " '2026-11-01 09:00:00.000000', '2026-11-01 09:00:00.000000', 1)",
        ],
    )
    listed = _run("--db", str(path), "list", "--overdue", "--format", "json")
    assert listed.code == 0, listed.err
    assert [(r["id"], r["owner"], r["overdue"]) for r in json.loads(listed.out)] == [
        (1, "Сандалов М.А.", True)
    ]
    assert list(tmp_path.glob("old.db.backup-0004-*")), "the upgrade keeps a backup"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "this file is empty"),
        (b"not a database at all, just text" * 10, "is not a database"),
    ],
)
def test_a_file_that_is_no_register_gets_its_one_line(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    for command in (["list"], ["export"]):
        result = _run("--db", str(path), *command)
        assert result.code != 0
        assert says in result.err
        assert "Traceback" not in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_a_damaged_register_is_explained_by_the_full_path(register: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    data = bytearray(register.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 6] = b"\xff" * (page * 4)  # scribble over the schema's pages
    path.write_bytes(bytes(data))
    result = _run("--db", str(path), "list", "--status", "all")
    assert result.code != 0
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
