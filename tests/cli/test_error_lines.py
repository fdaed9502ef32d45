"""Odd ids and failing files end in one clear line (exit code 2), never an internal error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import typer

from tests.cli.test_errors import assert_one_line_error
from tests.conftest import run_process
from tests.mounts import fill, tmpfs
from tests.russian_text import english_words

TOO_LONG = "99999999999999999999"
ODD_DIGITS = ["²", "١٢", "１２", TOO_LONG]

# Every id a command takes, with what else the command needs to get as far as the id.
ID_ARGUMENTS: dict[tuple[str, ...], list[str]] = {
    ("show",): [],
    ("start",): [],
    ("done",): [],
    ("reopen",): [],
    ("cancel",): ["--reason", "x"],
    ("extend",): ["--to", "01.01.2027", "--reason", "x"],
    ("note",): ["Заметка"],
    ("edit",): ["--text", "x"],
    ("submit",): ["Отчёт"],
    ("part",): ["1", "--due", "01.12.2026"],
    ("accept",): [],
    ("return",): ["--comment", "x"],
    ("grant",): [],
    ("refuse",): ["--reason", "x"],
    ("meeting", "show"): [],
}
MEETING_OPTIONS: dict[tuple[str, ...], list[str]] = {
    ("add",): ["Поручение", "--owner", "1"],
    ("list",): [],
    ("report",): [],
    ("import",): ["items.csv"],
    ("export",): ["--format", "perechen"],
    ("review",): ["--protocol"],
}
VERSION_OPTIONS = [
    c
    for c in ID_ARGUMENTS
    if c[0]
    in {
        "start",
        "done",
        "reopen",
        "cancel",
        "extend",
        "edit",
        "submit",
        "part",
        "accept",
        "return",
        "grant",
        "refuse",
    }
]
PERSON_OPTIONS: list[list[str]] = [
    ["list", "--owner"],
    ["list", "--controller"],
    ["add", "Поручение", "--owner"],
    ["add", "Поручение", "--owner", "1", "--co"],
    ["add", "Поручение", "--owner", "1", "--controller"],
    ["submit", "1", "Отчёт", "--by"],
]
ID_PARAMETERS = {"assignment_id", "meeting_id", "meeting", "if_version"}


@pytest.fixture
def register(cli) -> None:  # type: ignore[no-untyped-def]
    cli("person", "add", "Сандалов Михаил")
    cli("add", "Поручение", "--owner", "1", "--due", "01.12.2026")


def _id_parameters() -> set[tuple[tuple[str, ...], str]]:
    from taskboard.cli.app import build_app

    found: set[tuple[tuple[str, ...], str]] = set()

    def walk(command, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        for param in getattr(command, "params", []):
            if param.name in ID_PARAMETERS:
                found.add((path, param.name))

    walk(typer.main.get_command(build_app()), ())
    return found


def test_the_id_tables_cover_every_command_that_takes_an_id() -> None:
    covered = {(c, "assignment_id") for c in ID_ARGUMENTS if c != ("meeting", "show")}
    covered |= {(("meeting", "show"), "meeting_id")}
    covered |= {(c, "meeting") for c in MEETING_OPTIONS}
    covered |= {(c, "if_version") for c in VERSION_OPTIONS}
    assert _id_parameters() == covered


@pytest.mark.parametrize("value", ODD_DIGITS)
@pytest.mark.parametrize("command", list(ID_ARGUMENTS), ids=" ".join)
def test_an_id_argument_in_odd_digits_or_too_long_is_not_a_valid_id(
    cli, register, command: tuple[str, ...], value: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command, value, *ID_ARGUMENTS[command])
    assert_one_line_error(result, f"«{value}» is not a valid id")


@pytest.mark.parametrize("value", ODD_DIGITS)
@pytest.mark.parametrize("command", list(MEETING_OPTIONS), ids=" ".join)
def test_a_meeting_option_in_odd_digits_or_too_long_is_not_a_valid_id(
    cli, register, tmp_path: Path, command: tuple[str, ...], value: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "items.csv").write_text("text,owner\nX,1\n", encoding="utf-8")
    extra = [str(tmp_path / a) if a == "items.csv" else a for a in MEETING_OPTIONS[command]]
    result = cli(*command, *extra, "--meeting", value)
    assert_one_line_error(result, f"«{value}» is not a valid id")


@pytest.mark.parametrize("command", VERSION_OPTIONS, ids=" ".join)
def test_an_if_version_too_long_is_not_a_valid_version(
    cli, register, command: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command, "1", *ID_ARGUMENTS[command], "--if-version", TOO_LONG)
    assert_one_line_error(result, f"«{TOO_LONG}» is not a valid version")


@pytest.mark.parametrize("value", ["²", "١٢", "１２"])
@pytest.mark.parametrize("option", PERSON_OPTIONS, ids=" ".join)
def test_a_person_id_in_odd_digits_is_not_a_valid_id(
    cli, register, option: list[str], value: str
) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(cli(*option, value), f"«{value}» is not a valid id")


@pytest.mark.parametrize("option", PERSON_OPTIONS, ids=" ".join)
def test_a_person_id_too_long_is_no_such_person(cli, register, option: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(cli(*option, TOO_LONG), f"No person with id {TOO_LONG}")


def test_an_odd_id_is_refused_in_russian_in_a_real_process(register, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_process("--db", str(db_path), "--lang", "ru", "list", "--owner", TOO_LONG)
    assert result.code == 2
    assert result.err == f"taskboard: ошибка: Человек с ID {TOO_LONG} не найден.\n"
    result = run_process("--db", str(db_path), "--lang", "ru", "show", "²")
    assert result.code == 2
    assert result.err.startswith("taskboard: ошибка: ") and result.err.count("\n") == 1
    assert "«²» — не ID" in result.err


# File errors: every kind of OSError reads as one line that says what to do.

OS_ERRORS = [
    (errno.EACCES, "permission denied; choose a folder you may write to"),
    (errno.EPERM, "permission denied; choose a folder you may write to"),
    (errno.EROFS, "the disk is read-only; choose another folder"),
    (errno.ENOSPC, "the disk is full; free some space and retry"),
    (errno.EDQUOT, "your disk quota is used up"),
    (errno.ENOENT, "its folder does not exist"),
    (errno.EISDIR, "is a folder; give a file name"),
]
WRITERS = {
    "backup": lambda out: ["backup", str(out)],
    "report-xlsx": lambda out: ["report", "--format", "xlsx", "--output", str(out)],
    "report-html": lambda out: ["report", "--format", "html", "--output", str(out)],
    "export": lambda out: ["export", "--format", "json", "--output", str(out)],
}


@pytest.mark.parametrize(("code", "fragment"), OS_ERRORS, ids=lambda v: errno.errorcode.get(v, ""))
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_file_error_of_each_kind_while_writing_is_one_line_and_leaves_nothing(
    cli,
    register,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    writer: str,
    code: int,
    fragment: str,
) -> None:  # type: ignore[no-untyped-def]
    """The fault is injected where the file is put in place (``os.replace``, after the real
    temporary file was written), the one step every writer shares."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "file.out"

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(target))

    monkeypatch.setattr(os, "replace", fail)
    result = cli(*WRITERS[writer](target))
    assert_one_line_error(result, f"{target}", fragment)
    assert list(out_dir.iterdir()) == []


def test_an_os_error_the_core_did_not_word_is_worded_at_the_boundary(
    cli, register, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import taskboard.storage.backup as backup

    def fail(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/copies/x.db")

    monkeypatch.setattr(backup, "backup_database", fail)
    result = cli("backup", "/srv/copies/x.db")
    assert_one_line_error(result, "Cannot write /srv/copies/x.db: permission denied")
    assert "internal error" not in result.err


def test_a_file_error_is_worded_in_russian(
    cli, register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from taskboard import i18n

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", fail)
    result = cli("--lang", "ru", "backup", str(tmp_path / "b.db"))
    i18n.set_language("en")
    assert result.code == 2
    assert "диск заполнен; освободите место" in result.err
    assert english_words(result.err) == []


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_no_file(
    register, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "disk", size="64k") as disk:
        fill(disk)
        for args in (WRITERS["backup"], WRITERS["report-xlsx"], WRITERS["export"]):
            result = run_process("--db", str(db_path), *args(disk / "out"))
            assert_one_line_error(result, "the disk is full; free some space and retry")
            assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_a_backup_into_a_read_only_folder_is_one_line(
    register, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "media", size="64k", read_only=True) as media:
        for args in (WRITERS["backup"], WRITERS["report-xlsx"]):
            result = run_process("--db", str(db_path), *args(media / "out"))
            assert_one_line_error(result, "the disk is read-only; choose another folder")


def test_a_backup_onto_a_folder_with_force_says_it_is_a_folder(
    cli, register, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(cli("backup", str(tmp_path), "--force"), "is a folder")


def test_a_backup_into_a_missing_folder_says_so(cli, register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(cli("backup", str(tmp_path / "nowhere" / "b.db")), "does not exist")


# Config errors come in the language asked for.

CONFIGS = {
    "bad-toml": ('language = "en"\nactor = \n', "некорректный TOML в строке 2"),
    "wrong-type": ("actor = 5\n", "значение actor должно быть текстом в кавычках"),
    "unknown-security": ('[smtp]\nsecurity = "bogus"\n', "smtp.security должно быть"),
}


@pytest.mark.parametrize(
    ("case", "how"),
    [(case, how) for case in CONFIGS for how in ("--lang", "TASKBOARD_LANG")]
    # A file that is not TOML cannot name its language; the others can.
    + [(case, "config") for case in CONFIGS if case != "bad-toml"],
)
def test_a_malformed_config_is_one_line_in_russian_when_asked(
    tmp_path: Path, case: str, how: str
) -> None:
    text, fragment = CONFIGS[case]
    if how == "config":
        text = 'language = "ru"\n' + text
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    env = {
        "TASKBOARD_CONFIG": str(config),
        "TASKBOARD_LANG": "ru" if how == "TASKBOARD_LANG" else "",
    }
    args = ["--lang", "ru", "list"] if how == "--lang" else ["list"]
    result = run_process(*args, env=env)
    assert result.code == 2, result.err
    assert result.err.startswith("taskboard: ошибка: Файл настроек ")
    assert result.err.count("\n") == 1 and fragment in result.err
    assert "Traceback" not in result.err
