"""extend --request, grant and refuse through the real entry point: what each says, what show
and list --requested print, one-line refusals (exit 2) that change nothing, the extension
limit's warning on stderr, undo, help, Russian."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_process  # noqa: F401  (TASKBOARD_TODAY = 2026-11-24)


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """Assignment 1 (Сандалов, due 10.12.2026) and assignment 2 (due 20.11.2026, overdue)."""
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", "Подготовить доклад", "--owner", "сандалов", "--due", "10.12.2026").code == 0
    assert cli("add", "Сверить реестр", "--owner", "сандалов", "--due", "20.11.2026").code == 0
    return cli


def flat(text: str) -> str:
    """``text`` on one line (confirmations wrap at the terminal's width)."""
    return " ".join(text.split())


def card(cli, assignment_id: int = 1) -> dict:  # type: ignore[no-untyped-def]
    shown = cli("show", str(assignment_id), "--format", "json")
    assert shown.code == 0, shown.err
    return json.loads(shown.out)


def ask(cli, assignment_id: int = 1, to: str = "25.12.2026", reason: str = "Ждём ответа"):  # type: ignore[no-untyped-def]
    return cli("extend", str(assignment_id), "--request", "--to", to, "--reason", reason)


def test_request_then_grant_moves_the_deadline_as_an_extension(register) -> None:
    cli = register
    asked = ask(cli)
    assert asked.code == 0, asked.err
    assert asked.out == ""
    assert flat(asked.err) == (
        "Assignment 1: extension to 2026-12-25 requested; the deadline stays until the "
        "request is granted or refused."
    )
    shown = card(cli)
    assert (shown["due"], shown["extensions"], shown["extension_request"]) == (
        "2026-12-10",
        0,
        "2026-12-25",
    )
    assert [
        (r["state"], r["requested_due"], r["reason"], r["actor"])
        for r in shown["extension_requests"]
    ] == [("pending", "2026-12-25", "Ждём ответа", "Тестов Т.Т.")]

    granted = cli("grant", "1", "--note", "Согласовано")
    assert granted.code == 0, granted.err
    assert flat(granted.err) == (
        "Assignment 1: extension request granted, the deadline moved to 2026-12-25."
    )
    shown = card(cli)
    assert (shown["due"], shown["original_due"], shown["extensions"]) == (
        "2026-12-25",
        "2026-12-10",
        1,
    )
    assert shown["extension_request"] is None
    assert shown["extension_list"][0]["reason"] == "Ждём ответа"
    request = shown["extension_requests"][0]
    assert (request["state"], request["decided_by"], request["decision_reason"]) == (
        "granted",
        "Тестов Т.Т.",
        "Согласовано",
    )
    assert request["decided_at"] is not None
    assert [h["kind"] for h in shown["history"]][1:] == [
        "extension_requested",
        "extended",
        "extension_granted",
    ]


def test_refuse_keeps_the_deadline_and_show_prints_the_requests_and_the_history(register) -> None:
    cli = register
    assert ask(cli).code == 0
    refused = cli("refuse", "1", "--reason", "Срок установлен Губернатором")
    assert refused.code == 0, refused.err
    assert flat(refused.err) == (
        "Assignment 1: the extension request to 2026-12-25 is refused; the deadline stays "
        "2026-12-10."
    )
    assert card(cli)["due"] == "2026-12-10"
    text = cli("show", "1")
    assert text.code == 0
    shown = flat(text.out)
    assert "Extension requests 2026-12-25: Ждём ответа (Тестов Т.Т.," in shown
    assert "— refused (Тестов Т.Т.," in shown
    assert "Срок установлен Губернатором" in shown
    assert "extension requested: 2026-12-10 → 2026-12-25 (reason: Ждём ответа)" in shown
    assert "extension request to 2026-12-25 refused (reason: Срок установлен Губернатором)" in shown


def test_list_requested_is_a_listing_filter_in_every_format(register) -> None:
    cli = register
    assert ask(cli, 2, "01.12.2026").code == 0
    table = cli("list", "--requested")
    assert table.code == 0, table.err
    assert "Сверить реестр" in table.out and "Подготовить доклад" not in table.out
    rows = json.loads(cli("list", "--requested", "--format", "json").out)
    assert [(r["id"], r["extension_request"]) for r in rows] == [(2, "2026-12-01")]
    every = json.loads(cli("list", "--format", "json").out)
    assert {r["id"]: r["extension_request"] for r in every} == {1: None, 2: "2026-12-01"}
    csv = cli("list", "--requested", "--format", "csv").out.splitlines()
    assert len(csv) == 2 and csv[1].startswith("2,")
    assert cli("list", "--requested", "--overdue", "--format", "json").out.count('"id"') == 1
    assert cli("grant", "2").code == 0
    assert json.loads(cli("list", "--requested", "--format", "json").out) == []


def state(cli) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Assignment 1's card and the whole listing, to compare before and after a refusal."""
    return (
        cli("show", "1", "--format", "json").out,
        cli("list", "--status", "all", "--format", "json").out,
    )


@pytest.mark.parametrize(
    ("setup", "args", "says"),
    [
        pytest.param(
            [["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"]],
            ["extend", "1", "--request", "--to", "28.12.2026", "--reason", "y"],
            "Assignment 1 already has a pending extension request (to 2026-12-25); grant it "
            "(grant 1) or refuse it (refuse 1 --reason TEXT) first.",
            id="second pending request",
        ),
        pytest.param(
            [],
            ["extend", "1", "--request", "--to", "01.12.2026", "--reason", "x"],
            "must be after the current one 2026-12-10",
            id="not later",
        ),
        pytest.param(
            [],
            ["extend", "1", "--request", "--to", "когда-нибудь", "--reason", "x"],
            "когда-нибудь",
            id="bad date",
        ),
        pytest.param(
            [],
            ["extend", "1", "--request", "--to", "25.12.2026", "--reason", "  "],
            "The reason must not be empty.",
            id="blank reason",
        ),
        pytest.param(
            [["done", "1"]],
            ["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"],
            "Assignment 1 is done; an extension is not requested on a closed assignment",
            id="closed",
        ),
        pytest.param(
            [],
            ["grant", "1"],
            "Assignment 1 has no extension request to grant; one is made with extend 1 "
            "--request --to DATE --reason TEXT.",
            id="grant nothing",
        ),
        pytest.param(
            [
                ["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"],
                ["refuse", "1", "--reason", "нет"],
            ],
            ["grant", "1"],
            "Assignment 1 has no pending extension request to grant: its last request (to "
            "2026-12-25) is already refused.",
            id="refused request granted",
        ),
        pytest.param(
            [
                ["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"],
                ["grant", "1"],
            ],
            ["grant", "1"],
            "is already granted.",
            id="granted twice",
        ),
        pytest.param(
            [["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"]],
            ["refuse", "1", "--reason", " "],
            "The reason must not be empty.",
            id="blank refusal",
        ),
        pytest.param(
            [["extend", "1", "--request", "--to", "25.12.2026", "--reason", "x"]],
            ["grant", "1", "--if-version", "1"],
            "changed by someone else meanwhile",
            id="stale version",
        ),
        pytest.param([], ["grant", "99"], "No assignment with id 99.", id="no such assignment"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_changed(
    register, setup: list[list[str]], args: list[str], says: str
) -> None:
    cli = register
    for step in setup:
        assert cli(*step).code == 0, step
    before = state(cli)
    result = cli(*args)
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("taskboard: error: ")
    assert result.err.count("\n") == 1
    assert says in result.err
    assert state(cli) == before


def test_refuse_without_a_reason_is_a_usage_error(register) -> None:
    assert ask(register).code == 0
    result = register("refuse", "1")
    assert result.code == 2
    assert "--reason" in result.err
    assert card(register)["extension_request"] == "2026-12-25"


def test_an_extension_beyond_the_limit_warns_on_stderr_and_still_succeeds(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real process: the limit from [control] extension_limit, direct and granted alike."""
    config = tmp_path / "config.toml"
    config.write_text('actor = "Тестов Т.Т."\n[control]\nextension_limit = 1\n', encoding="utf-8")
    config.chmod(0o600)
    env = {"TASKBOARD_CONFIG": str(config)}
    db = ["--db", str(db_path)]
    assert run_process(*db, "person", "add", "Сандалов Михаил", env=env).code == 0
    added = run_process(*db, "add", "Доклад", "--owner", "санд", "--due", "10.12.2026", env=env)
    assert added.code == 0, added.err
    first = run_process(*db, "extend", "1", "--to", "15.12.2026", "--reason", "a", env=env)
    assert first.code == 0 and "warning" not in first.err
    request = ["extend", "1", "--request", "--to", "25.12.2026", "--reason", "b"]
    asked = run_process(*db, *request, env=env)
    assert asked.code == 0, asked.err
    granted = run_process(*db, "grant", "1", env=env)
    assert granted.code == 0, granted.err
    assert granted.err.splitlines()[-1] == (
        "taskboard: warning: Assignment 1 has now been extended 2 times, more than the limit of 1."
    )
    third = run_process(*db, "extend", "1", "--to", "28.12.2026", "--reason", "c", env=env)
    assert third.code == 0
    assert "extended 3 times, more than the limit of 1" in third.err
    # A return for rework with a new date is an extension too, and warns the same way.
    assert run_process(*db, "submit", "1", "Готово", env=env).code == 0
    returned = run_process(
        *db, "return", "1", "--comment", "Доработать", "--to", "15.01.2027", env=env
    )
    assert returned.code == 0, returned.err
    assert returned.err.splitlines()[-1] == (
        "taskboard: warning: Assignment 1 has now been extended 4 times, more than the limit of 1."
    )
    config.write_text('actor = "Тестов Т.Т."\n[control]\nextension_limit = 0\n', encoding="utf-8")
    never = run_process(*db, "extend", "1", "--to", "29.01.2027", "--reason", "d", env=env)
    assert never.code == 0 and "warning" not in never.err


def test_undo_takes_back_a_grant_then_the_request(register) -> None:
    cli = register
    assert ask(cli).code == 0
    assert cli("grant", "1").code == 0
    undone = cli("undo")
    assert undone.code == 0, undone.err
    assert "The extension request to 2026-12-25 is pending again." in flat(undone.err)
    shown = card(cli)
    assert (shown["due"], shown["extensions"], shown["extension_request"]) == (
        "2026-12-10",
        0,
        "2026-12-25",
    )
    again = cli("undo")
    assert "Undone: the extension request to 2026-12-25 is withdrawn." in flat(again.err)
    assert card(cli)["extension_requests"] == []


def test_help_names_the_commands_and_the_option(register) -> None:
    top = register("--help").out
    assert "grant" in top and "refuse" in top
    extend = " ".join(register("extend", "--help").out.split())
    assert "--request" in extend and "Only request the extension" in extend
    assert "--requested" in register("list", "--help").out


def test_russian_messages(register, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASKBOARD_LANG", "ru")
    cli = register
    assert ask(cli).code == 0
    second = ask(cli, to="28.12.2026")
    assert second.code == 2
    assert re.search(
        r"уже есть запрос на перенос, ожидающий решения \(на 25\.12\.2026\)", second.err
    )
    refused = cli("refuse", "1", "--reason", "Нет оснований")
    assert "отклонён; срок остаётся 10.12.2026" in flat(refused.err)
    again = cli("grant", "1")
    assert "уже отклонён" in again.err
    assert "Запросы на перенос срока" in cli("show", "1").out


@pytest.mark.parametrize(
    ("close", "status"),
    [
        (["done", "1"], "done"),
        (["cancel", "1", "--reason", "Учтено в другом поручении"], "cancelled"),
        (["submit", "1", "Готово"], None),  # under review is still on control: still pending
    ],
)
def test_closing_an_assignment_answers_its_pending_request_and_undo_reopens_both(
    register, close: list[str], status: str | None
) -> None:
    cli = register
    assert ask(cli).code == 0
    assert cli(*close).code == 0
    shown = card(cli)
    if status is None:
        assert shown["extension_request"] == "2026-12-25"
        return
    assert (shown["status"], shown["extension_request"]) == (status, None)
    (refused,) = shown["extension_requests"]
    assert refused["state"] == "refused"
    assert refused["decision_reason"].startswith("the assignment was closed")
    assert json.loads(cli("list", "--requested", "--status", "all", "--format", "json").out) == []
    assert cli("undo").code == 0
    back = card(cli)
    assert (back["status"], back["extension_request"]) == ("open", "2026-12-25")
