"""Bad input: one line on stderr, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from taskboard.storage.database import HEAD_REVISION
from tests.conftest import run_process


@pytest.fixture
def filled(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    cli("person", "add", "Сандалов Михаил")
    cli("person", "add", "Соколов Александр")
    cli("add", "Поручение", "--owner", "сандалов", "--due", "01.12.2026")
    return db_path


def assert_one_line_error(result, *fragments: str, code: int = 2) -> None:  # type: ignore[no-untyped-def]
    assert result.code == code, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("taskboard: error: ")
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["add", "X", "--owner", "сандалов", "--due", "31 февраля"], ["31 февраля", "2027-06-01"]),
        (["add", "X", "--owner", "сандалов", "--due", "когда-нибудь"], ["когда-нибудь"]),
        (["add", "X", "--owner", "Петров"], ["No person «Петров»"]),
        (["add", "X", "--owner", "с"], ["matches several people", "Сандалов Михаил"]),
        (["add", "   ", "--owner", "сандалов"], ["must not be empty"]),
        (["add", "X", "--owner", "сандалов", "--meeting", "77"], ["No meeting with id 77"]),
        (
            ["add", "X", "--owner", "сандалов", "--priority", "urgent"],
            ["unknown priority «urgent»"],
        ),
        (["add", "X", "--owner", "сандалов", "--repeat", "иногда"], ["repeat rule"]),
        (["show", "42"], ["No assignment with id 42"]),
        (["done", "42"], ["No assignment with id 42"]),
        (["extend", "1", "--to", "01.01.2027", "--reason", ""], ["must not be empty"]),
        (["extend", "1", "--to", "вчера", "--reason", "x"], []),
        (["cancel", "1", "--reason", " "], ["must not be empty"]),
        (["reopen", "1"], ["only a done or cancelled one can be reopened"]),
        (["edit", "1"], ["Nothing to change"]),
        (["list", "--status", "finished"], ["Unknown status «finished»"]),
        (["list", "--format", "xml"], ["Unknown format «xml»"]),
        (["list", "--sort", "colour"], ["Unknown sort «colour»"]),
        (["list", "--due-within", "-1"], ["0 or more"]),
        (["list", "--bogus"], ["No such option", "--help"]),
        (["show", "abc"], ["«abc» is not a valid id"]),
        (["frobnicate"], ["No such command"]),
        (["meeting", "add", "Совещание", "--date", "32.01.2027"], ["32.01.2027"]),
        (["person", "add", "Новый", "--email", "not an address"], ["not an e-mail address"]),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(cli, filled, args, fragments) -> None:  # type: ignore[no-untyped-def]
    before = sqlite3.connect(filled).execute("SELECT count(*) FROM event").fetchone()[0]
    assert_one_line_error(cli(*args), *fragments)
    after = sqlite3.connect(filled).execute("SELECT count(*) FROM event").fetchone()[0]
    assert after == before


def test_errors_from_a_real_process_have_no_traceback(filled: Path) -> None:
    result = run_process(
        "--db", str(filled), "add", "X", "--owner", "сандалов", "--due", "31 февраля"
    )
    assert_one_line_error(result, "31 февраля")


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.write_text("not a database\n" * 50), "is not a database"),
        (lambda p: None, "does not exist"),
    ],
)
def test_unusable_database_files(tmp_path: Path, make, fragment: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "broken.db"
    make(target)
    if fragment == "does not exist":
        target = tmp_path / "missing-folder" / "t.db"
    result = run_process("--db", str(target), "list")
    assert_one_line_error(result, fragment)


def test_newer_schema_is_refused_with_advice(cli, filled: Path) -> None:
    con = sqlite3.connect(filled)
    con.execute("UPDATE alembic_version SET version_num = ?", (f"{int(HEAD_REVISION) + 1:04d}",))
    con.commit()
    con.close()
    assert_one_line_error(cli("list"), "newer than this taskboard", "upgrade taskboard")


def test_locked_database_is_reported(filled: Path) -> None:
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_process(
            "--db",
            str(filled),
            "note",
            "1",
            "текст",
            env={"TASKBOARD_TEST_BUSY_TIMEOUT": "0"},
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_one_line_error(result, "locked by another program")


def test_bad_config_file_is_reported(tmp_path: Path, monkeypatch, cli) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "bad.toml"
    config.write_text("language = \n", encoding="utf-8")
    monkeypatch.setenv("TASKBOARD_CONFIG", str(config))
    assert_one_line_error(cli("list"), "not valid TOML")
    config.write_text('[smtp]\npassword = "secret"\n', encoding="utf-8")
    result = cli("list")
    assert_one_line_error(result, "password_env")
    assert "secret" not in result.err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('databse = "/tmp/x.db"\n', "unknown key databse (known: database, language"),
        ('[smpt]\nhost = "mail"\n', "unknown key smpt"),
        ('[smtp]\nhots = "mail"\n', "unknown key [smtp].hots"),
    ],
)
def test_a_misspelt_config_key_is_named_not_ignored(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, cli, text: str, words: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TASKBOARD_CONFIG", str(config))
    assert_one_line_error(cli("list"), words)


def test_bad_today_override_is_reported(monkeypatch, cli) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TASKBOARD_TODAY", "завтра")
    assert_one_line_error(cli("list"), "TASKBOARD_TODAY")


def test_unknown_language_is_reported(cli) -> None:
    assert_one_line_error(cli("--lang", "fr", "list"), "fr")


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``taskboard list | head -1`` under ``set -o pipefail`` succeeds, silently."""
    import subprocess
    import sys

    from bench.generate import generate

    path = tmp_path / "many.db"
    generate(path, n=3000, owners=20, meetings=10)
    for fmt in ("table", "csv", "json"):
        completed = subprocess.run(
            [
                "bash",
                "-o",
                "pipefail",
                "-c",
                f"{sys.executable} -m taskboard --db {path} list --format {fmt} | head -1",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, (fmt, completed.stderr)
        assert completed.stderr == ""
        assert len(completed.stdout.splitlines()) == 1


def test_a_second_person_of_the_same_name_is_refused_naming_the_first(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("person", "add", "Волосков Сергей Александрович", "--org", "АО «ОМЗ»")
    assert first.code == 0
    again = cli("person", "add", "волосков сергей александрович")
    assert_one_line_error(again, "already in the directory", "id 1", "АО «ОМЗ»", "--namesake")
    assert cli("person", "list", "--format", "json").out.count("Волосков") == 1
    confirmed = cli("person", "add", "Волосков Сергей Александрович", "--namesake")
    assert confirmed.code == 0 and confirmed.out.strip() == "2"


WITHOUT_PSYCOPG = """
import sys

class NoPsycopg:
    def find_spec(self, name, path=None, target=None):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPsycopg())
from taskboard.cli.app import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.sqlite_only  # an install without the PostgreSQL driver: no server is reached
def test_a_postgresql_url_without_the_driver_installed_says_how_to_install_it(
    tmp_path: Path,
) -> None:
    """A plain `pip install taskboard` (no `postgres` extra) given a PostgreSQL URL."""
    import subprocess
    import sys

    url = "postgresql+psycopg://staff@127.0.0.1:5432/taskboard"
    for args in (["list"], ["db", "status"], ["db", "copy", "--to", url]):
        where = str(tmp_path / "r.db") if args[0] == "db" and len(args) > 2 else url
        done = subprocess.run(
            [sys.executable, "-c", WITHOUT_PSYCOPG, "--lang", "en", "--db", where, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "needs the psycopg driver, which is not installed" in done.stderr
        assert "pip install 'taskboard[postgres]'" in done.stderr
