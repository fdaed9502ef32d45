"""Every register command through the real entry point (``taskboard.cli.app.run``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from tests.conftest import TODAY  # noqa: F401  (TASKBOARD_TODAY = 2026-11-24)


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """A database with two people and a meeting (ids 1, 2 and meeting 1)."""
    assert (
        cli(
            "person",
            "add",
            "Сандалов Михаил",
            "--position",
            "Председатель Правительства Кировской области",
            "--email",
            "sandalov@example.org",
        ).out.strip()
        == "1"
    )
    assert (
        cli(
            "person",
            "add",
            "Волосков Сергей Александрович",
            "--org",
            "АО «ОМЗ»",
            "--supervisor",
            "сандалов",
        ).out.strip()
        == "2"
    )
    assert (
        cli(
            "meeting",
            "add",
            "Оперативное совещание",
            "--date",
            "10.11.2026",
            "--chair",
            "Сандалов",
            "--protocol",
            "41-оп",
        ).out.strip()
        == "1"
    )
    return cli


def as_json(result) -> list | dict:  # type: ignore[no-untyped-def]
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_prints_only_the_new_id_on_stdout_and_a_confirmation_on_stderr(register) -> None:
    result = register(
        "add",
        "Проработать сборочные площадки",
        "--owner",
        "сандалов",
        "--due",
        "15.12.2026",
        "--meeting",
        "1",
    )
    assert result.code == 0
    assert result.out == "1\n"
    # Staff read the item number and the meeting's date, the id is given for scripts.
    meeting_date = json.loads(result_meeting(register))["date"]
    assert (
        f"Assignment 1 (meeting of {meeting_date}) recorded (id 1), deadline 2026-12-15"
        in result.err
    )
    done = register("done", "1")
    assert f"Assignment 1 (meeting of {meeting_date}) is done." in done.err
    alone = register("add", "Без совещания", "--owner", "сандалов").out.strip()
    assert "Assignment 2 is done." in register("done", alone).err


def result_meeting(register) -> str:  # type: ignore[no-untyped-def]
    """Meeting 1 as ``meeting show --format json`` prints it."""
    shown = json.loads(register("meeting", "show", "1", "--format", "json").out)
    return json.dumps(shown.get("meeting", shown))


def test_add_without_due_takes_one_month_from_the_meeting(register) -> None:
    register("add", "Без срока", "--owner", "Сандалов", "--meeting", "1")
    [row] = as_json(register("list", "--format", "json"))
    assert row["due"] == "2026-12-10"


def test_add_with_rule_word_counts_from_the_meeting_date(register) -> None:
    register("add", "Срочно", "--owner", "Сандалов", "--meeting", "1", "--due", "срочно")
    [row] = as_json(register("list", "--format", "json"))
    assert row["due"] == "2026-11-13"  # 10.11 + 3 days


def test_list_json_has_the_contract_fields(register) -> None:
    register(
        "add",
        "Поставки направляющих для лифтов",
        "--owner",
        "волосков",
        "--co",
        "сандалов",
        "--tag",
        "Беларусь",
        "--tag",
        "промышленность",
        "--due",
        "20.11.2026",
        "--meeting",
        "1",
        "--number",
        "2.1",
        "--priority",
        "high",
    )
    [row] = as_json(register("list", "--format", "json"))
    assert {
        "id",
        "number",
        "text",
        "owner",
        "co_executors",
        "due",
        "status",
        "overdue",
        "meeting_id",
        "extensions",
        "tags",
    } <= set(row)
    assert row["number"] == "2.1"
    assert row["owner"] == "Волосков Сергей Александрович"
    assert row["co_executors"] == ["Сандалов Михаил"]
    assert row["due"] == "2026-11-20"
    assert row["overdue"] is True
    assert row["status"] == "open"
    assert row["meeting_id"] == 1
    assert row["extensions"] == 0
    assert row["tags"] == ["Беларусь", "промышленность"]
    assert row["priority"] == "high"


def test_list_csv_has_a_header_and_one_row_per_assignment(register) -> None:
    register("add", "Первое", "--owner", "сандалов", "--due", "01.12.2026")
    register("add", "Второе, с запятой", "--owner", "волосков", "--due", "02.12.2026")
    result = register("list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["text"] for r in rows] == ["Первое", "Второе, с запятой"]
    assert rows[1]["owner"] == "Волосков Сергей Александрович"


def test_list_table_shows_the_assignments(register) -> None:
    register(
        "add", "Проработать с «Савушкин продукт»", "--owner", "сандалов", "--due", "01.12.2026"
    )
    result = register("list")
    assert result.code == 0
    assert "Проработать с «Савушкин продукт»" in result.out
    assert "Сандалов Михаил" in result.out
    assert "7 days left" in result.out


def test_list_filters(register) -> None:
    a = register(
        "add", "Просрочено", "--owner", "сандалов", "--due", "02.11.2026", "--tag", "дороги"
    ).out.strip()
    b = register(
        "add",
        "Скоро",
        "--owner",
        "волосков",
        "--due",
        "26.11.2026",
        "--meeting",
        "1",
        "--controller",
        "сандалов",
    ).out.strip()
    c = register("add", "Нескоро", "--owner", "волосков", "--due", "01.06.2027").out.strip()
    d = register("add", "Исполнено", "--owner", "сандалов", "--due", "01.12.2026").out.strip()
    register("done", d)

    def ids(*args: str) -> list[str]:
        return [str(r["id"]) for r in as_json(register("list", "--format", "json", *args))]

    assert ids() == [a, b, c]
    assert ids("--overdue") == [a]
    assert ids("--due-within", "3") == [a, b]
    assert ids("--owner", "волосков") == [b, c]
    assert ids("--controller", "сандалов") == [b]
    assert ids("--meeting", "1") == [b]
    assert ids("--tag", "дороги") == [a]
    assert ids("--search", "НЕСКОРО") == [c]
    assert ids("--search", "скоро") == [b, c]
    assert ids("--status", "done") == [d]
    assert ids("--status", "all") == [a, b, d, c]  # by deadline
    owners = [
        r["owner"]
        for r in as_json(register("list", "--format", "json", "--status", "all", "--sort", "owner"))
    ]
    assert owners == sorted(owners, key=str.casefold)


def test_show_prints_notes_extensions_and_history(register) -> None:
    aid = register(
        "add", "Молокоперерабатывающий завод", "--owner", "сандалов", "--due", "20.11.2026"
    ).out.strip()
    assert (
        register("extend", aid, "--to", "26.02.2027", "--reason", "Бизнес-миссия перенесена").code
        == 0
    )
    assert register("note", aid, "Направлено письмо").code == 0
    result = register("show", aid)
    assert result.code == 0
    for expected in (
        "Молокоперерабатывающий завод",
        "2027-02-26",
        "originally 2026-11-20",
        "Бизнес-миссия перенесена",
        "Направлено письмо",
        "deadline extended",
        "Тестов Т.Т.",
    ):
        assert expected in result.out
    data = as_json(register("show", aid, "--format", "json"))
    assert data["extensions"] == 1
    assert data["extension_list"][0]["reason"] == "Бизнес-миссия перенесена"
    assert [n["text"] for n in data["notes"]] == ["Направлено письмо"]
    assert [h["kind"] for h in data["history"]] == ["created", "extended", "note"]


def test_status_commands_change_the_status(register) -> None:
    aid = register("add", "Поручение", "--owner", "сандалов", "--due", "01.12.2026").out.strip()

    def status() -> str:
        return as_json(register("show", aid, "--format", "json"))["status"]

    assert register("start", aid).code == 0
    assert status() == "in_progress"
    assert register("done", aid, "--note", "Выполнено").code == 0
    assert status() == "done"
    assert register("reopen", aid).code == 0
    assert status() == "open"
    assert register("cancel", aid, "--reason", "Утратило актуальность").code == 0
    assert status() == "cancelled"


def test_edit_changes_fields_and_replaces_lists(register) -> None:
    aid = register(
        "add",
        "Старый текст",
        "--owner",
        "сандалов",
        "--due",
        "01.12.2026",
        "--co",
        "волосков",
        "--tag",
        "a",
    ).out.strip()
    result = register(
        "edit",
        aid,
        "--text",
        "Новый текст",
        "--owner",
        "волосков",
        "--due",
        "в декабре",
        "--reason",
        "Срок указан неверно",
        "--no-co",
        "--tag",
        "b",
        "--priority",
        "low",
    )
    assert result.code == 0, result.err
    row = as_json(register("show", aid, "--format", "json"))
    assert (
        row["text"],
        row["owner"],
        row["due"],
        row["co_executors"],
        row["tags"],
        row["priority"],
    ) == ("Новый текст", "Волосков Сергей Александрович", "2026-12-30", [], ["b"], "low")
    # «в декабре» is 31 Dec 2026, a day off by decree: the deadline moves to the 30th.


def test_edit_with_a_stale_version_is_refused(register) -> None:
    aid = register("add", "Текст", "--owner", "сандалов", "--due", "01.12.2026").out.strip()
    register("note", aid, "Чужая запись")  # version 1 → 2
    result = register("edit", aid, "--text", "Моя правка", "--if-version", "1")
    assert result.code == 2
    assert "changed by someone else" in result.err
    assert as_json(register("show", aid, "--format", "json"))["text"] == "Текст"


def test_repeat_rule_in_words(register) -> None:
    aid = register(
        "add",
        "Доклад",
        "--owner",
        "сандалов",
        "--due",
        "04.12.2026",
        "--repeat",
        "ежемесячно до 5 числа",
    ).out.strip()
    assert as_json(register("show", aid, "--format", "json"))["recurrence"] == (
        "FREQ=MONTHLY;BYMONTHDAY=5"
    )
    register("done", aid)
    rows = as_json(register("list", "--format", "json"))
    assert [(r["text"], r["due"]) for r in rows] == [("Доклад", "2026-12-30")]


def test_person_and_meeting_listings(register) -> None:
    people = as_json(register("person", "list", "--format", "json"))
    assert [p["full_name"] for p in people] == ["Волосков Сергей Александрович", "Сандалов Михаил"]
    assert people[0]["supervisor"] == "Сандалов Михаил"
    register("add", "Просрочено", "--owner", "сандалов", "--due", "02.11.2026", "--meeting", "1")
    [meeting] = as_json(register("meeting", "list", "--format", "json"))
    assert (meeting["title"], meeting["date"], meeting["open"], meeting["overdue"]) == (
        "Оперативное совещание",
        "2026-11-10",
        1,
        1,
    )
    shown = as_json(register("meeting", "show", "1", "--format", "json"))
    assert shown["chair"] == "Сандалов Михаил"
    assert [a["text"] for a in shown["assignments"]] == ["Просрочено"]
    assert "Оперативное совещание" in register("meeting", "show", "1").out


def test_meeting_date_is_not_moved_to_a_working_day(register) -> None:
    mid = register("meeting", "add", "Выездное совещание", "--date", "2026-11-21").out.strip()
    shown = as_json(register("meeting", "show", mid, "--format", "json"))
    assert shown["date"] == "2026-11-21"  # a Saturday: meetings happen on weekends too


def test_init_demo_loads_the_example_and_refuses_a_second_time(cli) -> None:
    result = cli("init", "--demo")
    assert result.code == 0, result.err
    rows = as_json(cli("list", "--format", "json", "--status", "all"))
    texts = " ".join(r["text"] for r in rows)
    for fact in (
        "Савушкин продукт",
        "Брестскую",
        "направляющих для лифтов",
        "сборочных площадок",
        "патриотического воспитания",
        "совместных проектов",
    ):
        assert fact in texts
    assert {r["status"] for r in rows} == {
        "open",
        "in_progress",
        "review",
        "rework",
        "done",
        "cancelled",
    }
    assert any(r["extensions"] for r in rows)
    again = cli("init", "--demo")
    assert again.code == 2
    assert "already holds data" in again.err


def test_backup_writes_a_usable_copy_and_refuses_to_overwrite(register, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register("add", "Для копии", "--owner", "сандалов", "--due", "01.12.2026")
    target = tmp_path / "copy.db"
    assert register("backup", str(target)).code == 0
    rows = as_json(register("list", "--format", "json", db=target))
    assert [r["text"] for r in rows] == ["Для копии"]
    again = register("backup", str(target))
    assert again.code == 2
    assert "already exists" in again.err
    assert register("backup", str(target), "--force").code == 0


def test_no_command_opens_the_tui(register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import taskboard.cli.tui_launch as launch

    shown: list[object] = []

    class FakeApp:
        def __init__(self, **kwargs: object) -> None:
            shown.append(kwargs)

        def run(self) -> None:
            shown.append("ran")

    monkeypatch.setitem(
        __import__("sys").modules, "taskboard.tui.app", type("M", (), {"TaskboardApp": FakeApp})
    )
    assert register().code == 0
    assert shown[-1] == "ran"
    del launch


def test_version_option(cli) -> None:
    result = cli("--version", db=None)
    assert result.code == 0
    assert result.out.startswith("taskboard ")


def test_every_command_has_help(cli) -> None:
    for command in (
        ["add"],
        ["list"],
        ["show"],
        ["start"],
        ["done"],
        ["reopen"],
        ["cancel"],
        ["extend"],
        ["note"],
        ["edit"],
        ["init"],
        ["backup"],
        ["person", "add"],
        ["person", "list"],
        ["meeting", "add"],
        ["meeting", "list"],
        ["meeting", "show"],
    ):
        result = cli(*command, "--help", db=None)
        assert result.code == 0, command
        assert "Usage" in result.out, command


def command_paths() -> list[list[str]]:
    """Every command of the tree as typed after ``taskboard`` (``[]``: taskboard itself)."""
    import typer

    from taskboard.cli.app import build_app

    def walk(command: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(build_app()), []))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_option_names_its_value_not_its_type(cli, lang: str) -> None:  # type: ignore[no-untyped-def]
    """``--due DATE`` / ``--due ДАТА``, never Typer's ``--due <str>`` or ``ID <int>``."""
    import re

    for path in command_paths():
        result = cli("--lang", lang, *path, "--help", db=None)
        assert result.code == 0, path
        assert not re.search(r"<\w+(\[\w+\])?( range)?>", result.out), result.out
    english = cli("--lang", "en", "edit", "--help", db=None).out
    assert "--due DATE" in english and "--co PERSON" in english and "\n  ID  " in english
    russian = cli("--lang", "ru", "edit", "--help", db=None).out
    assert "--due ДАТА" in russian and "--co ИМЯ" in russian and "\n  ID  " in russian


def test_russian_messages(register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TASKBOARD_LANG", "ru")
    result = register("add", "Поручение", "--owner", "сандалов", "--due", "01.12.2026")
    assert "Поручение 1 зарегистрировано" in result.err
    result = register("show", "99")
    assert result.err.startswith("taskboard: ошибка: ")


def test_exit_codes_of_commands_reach_the_shell(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A command ending with typer.Exit(n) makes the process exit with n, not 0."""
    import typer

    import taskboard.cli.assignments as commands

    def failing(*args):  # type: ignore[no-untyped-def]
        raise typer.Exit(3)

    monkeypatch.setattr(commands, "print_assignments", failing)
    assert cli("list").code == 3


def test_shell_completion_is_offered_and_completes_commands(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    # `--show-completion SHELL` names the shell: without this Typer guesses it from the
    # process tree instead, which has no shell when the tests run detached from one.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    script = cli("--show-completion", "bash", db=None)
    assert script.code == 0 and "_TASKBOARD_COMPLETE" in script.out
    env = {
        **os.environ,
        "COMP_WORDS": "taskboard li",
        "COMP_CWORD": "1",
        "_TASKBOARD_COMPLETE": "complete_bash",
    }
    done = subprocess.run(
        [sys.executable, "-m", "taskboard"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.split() == ["list"]
