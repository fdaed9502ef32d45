"""Odd ids and failing files end in one clear line (exit code 2), never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from tests.cli.test_errors import assert_one_line_error

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
    ("meeting", "show"): [],
}
MEETING_OPTIONS: dict[tuple[str, ...], list[str]] = {
    ("add",): ["Поручение", "--owner", "1"],
    ("list",): [],
    ("report",): [],
    ("import",): ["items.csv"],
}
VERSION_OPTIONS = [
    c for c in ID_ARGUMENTS if c[0] in {"start", "done", "reopen", "cancel", "extend", "edit"}
]
PERSON_OPTIONS: list[list[str]] = [
    ["list", "--owner"],
    ["list", "--controller"],
    ["add", "Поручение", "--owner"],
    ["add", "Поручение", "--owner", "1", "--co"],
    ["add", "Поручение", "--owner", "1", "--controller"],
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
    from tests.conftest import run_process

    result = run_process("--db", str(db_path), "--lang", "ru", "list", "--owner", TOO_LONG)
    assert result.code == 2
    assert result.err == f"taskboard: ошибка: Человек с ID {TOO_LONG} не найден.\n"
    result = run_process("--db", str(db_path), "--lang", "ru", "show", "²")
    assert result.code == 2
    assert result.err.startswith("taskboard: ошибка: ") and result.err.count("\n") == 1
    assert "«²» — не ID" in result.err
