"""submit, accept and return through the real entry point: the loop, what list and show say of
it, the JSON statuses, help in both languages, one-line refusals that change nothing, and the
export carrying the reports to another database and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY  # noqa: F401  (TASKBOARD_TODAY = 2026-11-24)


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """Assignment 1 (Сандалов, due 10.12.2026, open) and assignment 2 (due 20.11.2026, overdue)."""
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", "Подготовить доклад", "--owner", "сандалов", "--due", "10.12.2026").code == 0
    assert cli("add", "Сверить реестр", "--owner", "сандалов", "--due", "20.11.2026").code == 0
    return cli


def card(cli, assignment_id: int = 1) -> dict:  # type: ignore[no-untyped-def]
    shown = cli("show", str(assignment_id), "--format", "json")
    assert shown.code == 0, shown.err
    return json.loads(shown.out)


def test_the_loop_submit_return_submit_accept(register, tmp_path: Path) -> None:
    cli = register
    submitted = cli("submit", "1", "Доклад подготовлен", "--date", "20.11.2026", "--file", "d.pdf")
    assert submitted.code == 0, submitted.err
    assert submitted.err == "Report of 2026-11-20 recorded; Assignment 1 is under review.\n"
    assert card(cli)["status"] == "review"

    returned = cli("return", "1", "--comment", "Нет цифр", "--to", "25.12.2026")
    assert returned.code == 0, returned.err
    assert "returned for rework; its deadline moved to 2026-12-25" in returned.err
    shown = card(cli)
    assert (shown["status"], shown["due"], shown["original_due"], shown["extensions"]) == (
        "rework",
        "2026-12-25",
        "2026-12-10",
        1,
    )
    assert shown["extension_list"][0]["reason"] == "Нет цифр"
    assert [(r["actor"], r["comment"]) for r in shown["returns"]] == [("Тестов Т.Т.", "Нет цифр")]

    assert cli("submit", "1", "Цифры добавлены", "--date", "23.11.2026").code == 0
    accepted = cli("accept", "1", "--note", "Снять с контроля")
    assert accepted.code == 0, accepted.err
    assert accepted.err == "Assignment 1 is accepted: done as of 2026-11-23.\n"
    shown = card(cli)
    assert (shown["status"], shown["closed_on"]) == ("done", "2026-11-23")
    assert [(r["date"], r["text"], r["document"]) for r in shown["reports"]] == [
        ("2026-11-20", "Доклад подготовлен", "d.pdf"),
        ("2026-11-23", "Цифры добавлены", None),
    ]
    kinds = [(h["kind"], h["old"], h["new"]) for h in shown["history"]]
    assert kinds[1:] == [
        ("reported", None, "Доклад подготовлен"),
        ("status", "open", "review"),
        ("status", "review", "rework"),
        ("extended", "2026-12-10", "2026-12-25"),
        ("reported", None, "Цифры добавлены"),
        ("status", "rework", "review"),
        ("note", None, "Снять с контроля"),
        ("status", "review", "done"),
    ]
    assert shown["history"][3]["reason"] == "Нет цифр"


def test_list_status_review_and_rework_in_json_and_both_on_control_by_default(register) -> None:
    cli = register
    assert cli("submit", "1", "Отчёт").code == 0
    assert cli("submit", "2", "Отчёт").code == 0
    assert cli("return", "2", "--comment", "Доработать").code == 0

    def listed(*args: str) -> list[tuple[int, str, bool]]:
        result = cli("list", *args, "--format", "json")
        assert result.code == 0, result.err
        return [(r["id"], r["status"], r["overdue"]) for r in json.loads(result.out)]

    assert listed("--status", "review") == [(1, "review", False)]
    assert listed("--status", "rework") == [(2, "rework", True)]
    assert listed() == [(2, "rework", True), (1, "review", False)]
    assert listed("--overdue") == [(2, "rework", True)]
    assert listed("--status", "closed") == []


def test_show_card_lists_reports_and_returns_with_the_history_in_words(register) -> None:
    cli = register
    assert cli("submit", "1", "Доклад", "--date", "20.11.2026", "--file", "/docs/1.pdf").code == 0
    assert cli("return", "1", "--comment", "Нет цифр").code == 0
    out = cli("show", "1").out
    assert "Status    in rework" in out
    assert "Reports on execution\n  2026-11-20  Доклад  [document: /docs/1.pdf] (Тестов Т.Т." in out
    assert "Returned for rework\n" in out and "Тестов Т.Т.: Нет цифр" in out
    flat = " ".join(out.split())  # the card wraps long lines at the terminal's width
    assert "report in: Доклад" in flat
    assert "status: under review → in rework (comment: Нет цифр)" in flat
    russian = " ".join(cli("--lang", "ru", "show", "1").out.split())
    assert "на доработке" in russian
    assert "Отчёты об исполнении" in russian and "Возвраты на доработку" in russian
    assert "документ: /docs/1.pdf" in russian
    assert "статус: на приёмке → на доработке (комментарий: Нет цифр)" in russian
    assert "поступил отчёт: Доклад" in russian


@pytest.mark.parametrize(
    ("command", "english", "russian"),
    [
        ("submit", "--file PATH", "Внести отчёт исполнителя"),
        ("accept", "--note TEXT", "Принять отчёт"),
        ("return", "--comment TEXT", "Вернуть отчёт на доработку"),
    ],
)
def test_help_in_both_languages(cli, command: str, english: str, russian: str) -> None:
    shown = cli(command, "--help")
    assert shown.code == 0 and english in shown.out
    shown = cli("--lang", "ru", command, "--help")
    assert shown.code == 0 and russian in shown.out
    assert "--help" in cli("--help").out and command in cli("--help").out


REFUSALS = [
    (["accept", "1"], "only one under review can be accepted"),
    (["return", "1", "--comment", "x"], "only one under review can be returned"),
    (["submit", "9", "Отчёт"], "No assignment with id 9"),
    (["accept", "9"], "No assignment with id 9"),
    (["submit", "1", "Отчёт", "--date", "32.13.2026"], "Could not read the date"),
    (["submit", "1", "Отчёт", "--date", "завтра"], "after today"),
    (["submit", "1", "  "], "must not be empty"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_bad_input_on_open_assignment_is_one_line_and_changes_nothing(
    register, args: list[str], message: str
) -> None:
    cli = register
    before = card(cli)
    result = cli(*args)
    assert result.code != 0
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert result.out == ""
    assert card(cli) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["return", "1", "--comment", ""], "must not be empty"),
        (["return", "1", "--comment", "   "], "must not be empty"),
        (["return", "1", "--comment", "x", "--to", "01.12.2026"], "must be after the current"),
        (["return", "1", "--comment", "x", "--to", "когда-нибудь"], "Could not read the date"),
        (["submit", "1", "Ещё"], "already under review"),
    ],
)
def test_bad_input_under_review_is_one_line_and_changes_nothing(
    register, args: list[str], message: str
) -> None:
    cli = register
    assert cli("submit", "1", "Отчёт").code == 0
    before = card(cli)
    result = cli(*args)
    assert result.code != 0
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert card(cli) == before


def test_a_report_on_a_closed_assignment_is_refused_and_changes_nothing(register) -> None:
    cli = register
    assert cli("done", "1").code == 0
    before = card(cli)
    result = cli("submit", "1", "Поздно")
    assert result.code != 0
    assert result.err.count("\n") == 1
    assert "a report is not taken on a closed assignment" in result.err
    assert card(cli) == before


def test_undo_takes_back_a_report(register) -> None:
    cli = register
    assert cli("submit", "1", "Отчёт").code == 0
    undone = cli("undo")
    assert undone.code == 0, undone.err
    shown = card(cli)
    assert (shown["status"], shown["reports"]) == ("open", [])
    assert shown["history"][-2]["kind"] == "undone"


def test_export_and_import_carry_the_reports_loss_free(register, tmp_path: Path) -> None:
    cli = register
    assert cli("submit", "1", "Доклад", "--date", "20.11.2026", "--file", "/docs/1.pdf").code == 0
    assert cli("return", "1", "--comment", "Нет цифр", "--to", "25.12.2026").code == 0
    assert cli("submit", "1", "Дополнено").code == 0
    assert cli("submit", "2", "Сверено").code == 0
    assert cli("accept", "2").code == 0
    exported = cli("export")
    assert exported.code == 0, exported.err
    data = json.loads(exported.out)
    assert [
        (r["assignment_id"], r["text"], r["reported_on"], r["document"]) for r in data["reports"]
    ] == [
        (1, "Доклад", "2026-11-20", "/docs/1.pdf"),
        (1, "Дополнено", "2026-11-24", None),
        (2, "Сверено", "2026-11-24", None),
    ]
    dump = tmp_path / "register.json"
    dump.write_text(exported.out, encoding="utf-8")
    other = tmp_path / "other.db"
    restored = cli("import", str(dump), db=other)
    assert restored.code == 0, restored.err
    again = cli("export", db=other)
    assert json.loads(again.out) | {"exported_at": None} == data | {"exported_at": None}
    for assignment_id in (1, 2):
        assert card(lambda *a: cli(*a, db=other), assignment_id) == card(cli, assignment_id)
    # The restored register goes on with the loop.
    assert cli("accept", "1", db=other).code == 0
    assert card(lambda *a: cli(*a, db=other))["closed_on"] == "2026-11-24"


@pytest.mark.parametrize("status", ["review", "На приёмке", "rework", "на доработке"])
def test_a_csv_row_cannot_bring_a_status_that_follows_a_report(
    register, tmp_path: Path, status: str
) -> None:
    cli = register
    rows = tmp_path / "items.csv"
    rows.write_text(
        f"text,owner,due,status\nСверить данные,сандалов,10.12.2026,{status}\n", encoding="utf-8"
    )
    result = cli("import", str(rows))
    assert result.code != 0
    assert "follows an owner's report" in result.err and "taskboard submit" in result.err
    listed = json.loads(cli("list", "--status", "all", "--format", "json").out)
    assert [r["id"] for r in listed] == [2, 1]


def test_accept_in_part_prints_the_rest_id_and_keeps_it_on_control(register) -> None:
    cli = register
    assert cli("submit", "1", "Доклад готов", "--date", "20.11.2026").code == 0
    result = cli("accept", "1", "--partial", "в части доклада", "--rest-due", "30.12.2026")
    assert result.code == 0, result.err
    assert result.out == "3\n"
    assert "accepted in part: done as of 2026-11-20" in result.err
    assert "as assignment 3, due 2026-12-30" in result.err
    rest = card(cli, 3)
    assert (rest["status"], rest["due"], rest["text"]) == (
        "open",
        "2026-12-30",
        "Подготовить доклад",
    )
    accepted = card(cli, 1)
    assert (accepted["status"], accepted["closed_on"]) == ("done", "2026-11-20")
    assert accepted["history"][-1]["kind"] == "note"
    assert "accepted in part: в части доклада" in " ".join(cli("show", "1").out.split())


@pytest.mark.parametrize(
    "args",
    [
        ["accept", "1", "--partial", "в части"],
        ["accept", "1", "--rest-due", "30.12.2026"],
        ["accept", "1", "--partial", "в части", "--rest-due", "не дата"],
        ["accept", "1", "--partial", " ", "--rest-due", "30.12.2026"],
    ],
)
def test_accept_in_part_bad_input_is_one_line_and_changes_nothing(
    register, args: list[str]
) -> None:
    cli = register
    assert cli("submit", "1", "Отчёт").code == 0
    before = card(cli)
    result = cli(*args)
    assert result.code != 0
    assert result.err.count("\n") == 1, result.err
    assert card(cli) == before
    assert [
        r["id"] for r in json.loads(cli("list", "--status", "all", "--format", "json").out)
    ] == [2, 1]
