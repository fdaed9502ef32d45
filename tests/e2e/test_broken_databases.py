"""Broken and unusual databases, through real processes: one line each, nothing written.

Empty, truncated and non-database files are refused before SQLite touches them; a register on
read-only media is read and never written; a full disk is said to be full (the database is
intact, so no advice to restore a backup); schema revisions newer or unknown are told apart.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from taskboard.storage.database import HEAD_REVISION
from tests.cli.test_errors import assert_one_line_error
from tests.conftest import run_process
from tests.mounts import fill, read_only_view, tmpfs
from tests.russian_text import english_words

pytestmark = pytest.mark.slow

READS = [["list"], ["show", "1"], ["report", "--format", "md"], ["export", "--format", "json"]]
WRITES = [["add", "Новое", "--owner", "1"], ["done", "1"], ["person", "add", "Новиков Н."]]

NEXT = f"{int(HEAD_REVISION) + 1:04d}"
"""The revision after this program's: a newer schema."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _taskboard(db: Path | str, *args: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    return run_process("--db", str(db), "--lang", lang, *args)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small register (the example data), made once; tests copy it."""
    path = tmp_path_factory.mktemp("register") / "register.db"
    assert run_process("--db", str(path), "init", "--demo").code == 0
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
    con.close()
    return path


def test_an_empty_file_is_refused_and_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert_one_line_error(_taskboard(empty, "list"), "this file is empty", "taskboard init")
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_an_empty_file_is_refused_in_russian(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = _taskboard(empty, "list", lang="ru")
    assert result.code == 2
    assert result.err.startswith("taskboard: ошибка: ") and result.err.count("\n") == 1
    assert "файл пуст" in result.err
    assert english_words(result.err) == ["init"]  # `taskboard init`, the command to type


def test_init_makes_an_empty_file_a_register(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert _taskboard(empty, "init").code == 0
    assert _taskboard(empty, "list").code == 0


@pytest.mark.parametrize(
    "content",
    [b"\x00\x17\xff random bytes \x80" * 300, "это просто текст\n".encode() * 100],
    ids=["random-bytes", "text-file"],
)
def test_a_file_that_is_not_a_database_is_refused_and_not_written(
    tmp_path: Path, content: bytes
) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(content)
    for args in (["list"], ["add", "X", "--owner", "1"], ["init"]):
        assert_one_line_error(_taskboard(other, *args), "is not a database")
    assert other.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_truncated_database_is_refused_and_not_written(register: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(register.read_bytes()[: 8 * 4096])
    before = _digest(truncated)
    for args in (["list"], ["add", "X", "--owner", "1"]):
        assert_one_line_error(_taskboard(truncated, *args), "is truncated", "restore a backup")
    assert _digest(truncated) == before


@pytest.mark.parametrize(
    ("revision", "fragments"),
    [
        (NEXT, [f"schema {NEXT}, newer than this taskboard", "upgrade taskboard"]),
        ("0000", ["unknown schema revision 0000", "not made by taskboard, or is damaged"]),
        ("garbage", ["unknown schema revision garbage", "not made by taskboard"]),
    ],
)
def test_a_newer_schema_and_an_unknown_one_are_told_apart(
    register: Path, tmp_path: Path, revision: str, fragments: list[str]
) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(register, copy)
    con = sqlite3.connect(copy)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()
    result = _taskboard(copy, "list")
    assert_one_line_error(result, *fragments)
    if revision != NEXT:
        assert "newer than" not in result.err


def _read_only_reads_work_and_writes_are_refused(db: str, file: Path) -> None:
    before = _digest(file)
    for args in READS:
        result = _taskboard(db, *args)
        assert result.code == 0, (args, result.err)
        assert result.out
    for args in WRITES:
        assert_one_line_error(_taskboard(db, *args), "is read-only", "nothing was changed")
    backup = file.parent.parent / "backup.db"
    assert _taskboard(db, "backup", str(backup)).code == 0
    assert _digest(file) == before


def test_a_register_opened_with_mode_ro_reads_and_refuses_writes(
    register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    copy = folder / "register.db"
    shutil.copy(register, copy)
    _read_only_reads_work_and_writes_are_refused(f"sqlite:///file:{copy}?mode=ro&uri=true", copy)


def test_a_register_on_a_read_only_mount_reads_and_refuses_writes(
    register: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(register, source / "register.db")
    with read_only_view(source, tmp_path / "media") as media:
        db = media / "register.db"
        _read_only_reads_work_and_writes_are_refused(str(db), db)
        result = _taskboard(db, "done", "1", lang="ru")
        assert result.code == 2 and "только для чтения" in result.err
        assert sorted(p.name for p in media.iterdir()) == ["register.db"]


def test_a_full_disk_says_full_and_intact_for_every_command_never_restore(
    register: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "disk", size="1m") as disk:
        db = disk / "register.db"
        shutil.copy(register, db)
        before = _digest(db)
        filler = fill(disk)
        for args in [*READS, *WRITES]:
            result = _taskboard(db, *args)
            # A read may still succeed (SQLite's -shm is sparse on some file systems); what
            # fails must say "full", never "damaged" or "restore".
            if result.code != 0 or args in WRITES:
                assert_one_line_error(result, "is full; free space and retry", "database is intact")
            assert "restore" not in result.err
        result = _taskboard(db, *WRITES[0], lang="ru")
        assert result.code == 2
        assert "заполнен" in result.err and "не повреждена" in result.err
        assert "восстанов" not in result.err
        assert _digest(db) == before
        filler.unlink()
        assert _taskboard(db, "list").code == 0
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)
        con.close()


def test_a_damaged_database_is_called_damaged(register: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    data = bytearray(register.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):
        data[offset : offset + 64] = b"\xa5" * 64  # scribble over every page but the first two
    damaged.write_bytes(bytes(data))
    result = _taskboard(damaged, "list")
    assert_one_line_error(result, "damaged")
    assert "intact" not in result.err
