"""``taskboard undo``: the configured actor's last change taken back, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def act_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the next commands as the member of staff named (the config's ``actor``)."""

    def switch(name: str) -> None:
        config = tmp_path / f"{len(list(tmp_path.glob('actor-*.toml')))}.toml"
        config = config.with_name(f"actor-{config.name}")
        config.write_text(f'actor = "{name}"\n', encoding="utf-8")
        monkeypatch.setenv("TASKBOARD_CONFIG", str(config))

    return switch


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """Сандалов (1), Волосков (2), a meeting of 19.10.2026 and its item 3 due 20.11.2026."""
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("person", "add", "Волосков Сергей Александрович").code == 0
    assert cli("meeting", "add", "Оперативное совещание", "--date", "19.10.2026").code == 0
    added = cli(
        "add", "Проработать поставки", "--owner", "сандалов", "--meeting", "1",
        "--number", "3", "--due", "20.11.2026",
    )  # fmt: skip
    assert added.out == "1\n", added.err
    return cli


def said(result) -> str:  # type: ignore[no-untyped-def]
    """What a command said on stderr, as one line (the console wraps at the terminal's width)."""
    return " ".join(result.err.split())


def detail(cli) -> dict:  # type: ignore[no-untyped-def]
    result = cli("show", "1", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_an_extension_is_undone_and_said_in_staff_words(register) -> None:  # type: ignore[no-untyped-def]
    assert register("extend", "1", "--to", "26.02.2027", "--reason", "Ответ в феврале").code == 0
    result = register("undo")
    assert result.code == 0, result.err
    assert result.out == ""
    assert said(result) == (
        "Undone: the deadline of assignment 3 (meeting of 2026-10-19) is 2026-11-20 again."
    )
    shown = detail(register)
    assert (shown["due"], shown["extensions"]) == ("2026-11-20", 0)


def test_the_undo_message_in_russian(register) -> None:  # type: ignore[no-untyped-def]
    assert register("extend", "1", "--to", "26.02.2027", "--reason", "Ответ в феврале").code == 0
    result = register("--lang", "ru", "undo")
    assert said(result) == "Отменено: срок поручения 3 (совещание 19.10.2026) снова 20.11.2026."
    history = " ".join(register("--lang", "ru", "show", "1").out.split())
    assert "отменён перенос срока на 26.02.2027 («Ответ в феврале»), срок снова 20.11.2026" in (
        history
    )


def test_an_edit_is_undone_field_by_field(register) -> None:  # type: ignore[no-untyped-def]
    edited = register("edit", "1", "--owner", "волосков", "--tag", "ОМЗ", "--priority", "high")
    assert edited.code == 0, edited.err
    result = register("undo")
    assert result.code == 0, result.err
    assert said(result) == (
        "Undone for assignment 3 (meeting of 2026-10-19): owner back to Сандалов Михаил; "
        "priority back to normal; tags back to —."
    )
    shown = detail(register)
    assert (shown["owner"], shown["priority"], shown["tags"]) == ("Сандалов Михаил", "normal", [])
    history = " ".join(register("show", "1").out.split())
    assert "undone: owner Волосков Сергей Александрович → Сандалов Михаил" in history


def test_a_status_change_is_undone(register) -> None:  # type: ignore[no-untyped-def]
    assert register("done", "1", "--note", "Договор подписан").code == 0
    result = register("undo")
    assert result.code == 0, result.err
    assert said(result) == (
        "Undone: the status of assignment 3 (meeting of 2026-10-19) is open again."
    )
    shown = detail(register)
    assert (shown["status"], shown["closed_on"]) == ("open", None)
    assert [n["text"] for n in shown["notes"]] == ["Договор подписан"]  # a note stays


def test_a_creation_is_undone_by_taking_it_off_control(register) -> None:  # type: ignore[no-untyped-def]
    added = register("add", "--quick", "Волоскову С.А. срочно представить справку")
    assert added.out == "2\n", added.err
    result = register("undo")
    assert result.code == 0, result.err
    assert said(result) == (
        "Undone: the creation of assignment 2; it is taken off control («undone (undo)»)."
    )
    shown = json.loads(register("show", "2", "--format", "json").out)
    assert shown["status"] == "cancelled"
    assert register("list", "--status", "all", "--format", "json").out.count('"id"') == 2


def test_undo_again_takes_back_the_change_before_not_a_redo(register) -> None:  # type: ignore[no-untyped-def]
    assert register("start", "1").code == 0
    assert register("extend", "1", "--to", "26.02.2027", "--reason", "Позже").code == 0
    assert register("undo").code == 0
    second = register("undo")
    assert said(second) == (
        "Undone: the status of assignment 3 (meeting of 2026-10-19) is open again."
    )
    shown = detail(register)
    assert (shown["status"], shown["due"]) == ("open", "2026-11-20")


def test_refused_when_another_actor_changed_it_since(register, act_as) -> None:  # type: ignore[no-untyped-def]
    assert register("start", "1").code == 0
    act_as("Петров П.П.")
    assert register("note", "1", "Запрошены данные").code == 0
    act_as("Тестов Т.Т.")
    result = register("undo")
    assert result.code == 2
    assert result.err.startswith(
        "taskboard: error: Not undone: Assignment 3 (meeting of 2026-10-19) was changed since "
        "by Петров П.П. ("
    )
    assert result.err.endswith("); nothing was changed.\n")
    assert detail(register)["status"] == "in_progress"


def test_nothing_to_undo_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    result = cli("undo")
    assert result.code == 2
    assert result.err == (
        "taskboard: error: Nothing to undo: Тестов Т.Т. has no change to an assignment left "
        "to take back.\n"
    )


def test_a_note_is_not_undone(register) -> None:  # type: ignore[no-untyped-def]
    assert register("note", "1", "Направлен запрос").code == 0
    result = register("undo")
    assert result.code == 2
    assert "a progress note on assignment 3 (meeting of 2026-10-19)" in result.err


@pytest.mark.parametrize(
    "change",
    [
        ["extend", "1", "--to", "26.02.2027", "--reason", "Ответ в феврале"],
        ["edit", "1", "--due", "10.11.2026", "--reason", "Ошибка в дате"],
    ],
)
def test_undoing_a_deadline_move_is_one_new_version(register, change) -> None:  # type: ignore[no-untyped-def]
    """One change, one version, also when the undo checks the co-executors' parts (it bumped
    the version twice: the parts' query flushed the assignment before its own flush)."""
    assert register("edit", "1", "--co", "волосков").code == 0
    before = detail(register)["version"]
    assert register(*change).code == 0
    assert detail(register)["version"] == before + 1
    assert register("undo").code == 0
    assert detail(register)["version"] == before + 2
