"""``edit --due`` is a deadline correction: refused without ``--reason``, recorded with it,
shown in ``show`` and its history, taken back by ``undo``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_errors import assert_one_line_error
from tests.conftest import run_process


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """Сандалов (1), a meeting of 19.10.2026 and its item 3 (id 1) due 20.11.2026."""
    assert cli("person", "add", "Сандалов Михаил").code == 0
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


def corrections(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    return [h for h in detail(cli)["history"] if h["kind"] == "corrected"]


def test_a_new_deadline_without_a_reason_exits_2_in_one_line_and_writes_nothing(
    register, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM event").fetchone()[0]
    result = register("edit", "1", "--due", "01.12.2026", "--text", "Новый текст")
    assert_one_line_error(result, "needs a reason", "extend")
    after = sqlite3.connect(db_path).execute("SELECT count(*) FROM event").fetchone()[0]
    assert after == before
    shown = detail(register)
    assert (shown["due"], shown["text"], shown["version"]) == (
        "2026-11-20",
        "Проработать поставки",
        1,
    )


def test_the_refusal_from_a_real_process_has_no_traceback(register, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_process("--db", str(db_path), "edit", "1", "--due", "01.12.2026")
    assert_one_line_error(result, "needs a reason", "extend")


def test_a_new_deadline_with_a_reason_is_a_correction_not_an_extension(register) -> None:  # type: ignore[no-untyped-def]
    result = register("edit", "1", "--due", "01.12.2026", "--reason", "Опечатка в протоколе")
    assert result.code == 0, result.err
    assert said(result) == (
        "Assignment 3 (meeting of 2026-10-19) updated; its deadline corrected: "
        "2026-11-20 → 2026-12-01."
    )
    shown = detail(register)
    # The original deadline stays: a correction never hides lateness against the first date.
    assert (shown["due"], shown["original_due"], shown["extensions"]) == (
        "2026-12-01",
        "2026-11-20",
        0,
    )
    [event] = corrections(register)
    assert (event["field"], event["old"], event["new"], event["reason"]) == (
        "due",
        "2026-11-20",
        "2026-12-01",
        "Опечатка в протоколе",
    )


def test_show_and_its_history_say_the_correction_and_its_reason_in_russian(register) -> None:  # type: ignore[no-untyped-def]
    assert register("edit", "1", "--due", "01.12.2026", "--reason", "Опечатка").code == 0
    card = " ".join(register("--lang", "ru", "show", "1").out.split())
    assert "01.12.2026 (первоначально — 20.11.2026)" in card
    assert "срок исправлен: 20.11.2026 → 01.12.2026 (причина: Опечатка)" in card
    english = " ".join(register("show", "1").out.split())
    assert "deadline corrected: 2026-11-20 → 2026-12-01 (reason: Опечатка)" in english


def test_the_refusal_and_the_confirmation_in_russian(register) -> None:  # type: ignore[no-untyped-def]
    refused = register("--lang", "ru", "edit", "1", "--due", "01.12.2026")
    assert refused.code == 2
    assert "укажите причину" in said(refused) and "extend" in said(refused)
    done = register("--lang", "ru", "edit", "1", "--due", "01.12.2026", "--reason", "Опечатка")
    assert said(done) == (
        "Поручение 3 (совещание 19.10.2026) изменено; срок исправлен: 20.11.2026 → 01.12.2026."
    )


def test_a_blank_reason_is_no_reason(register) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(
        register("edit", "1", "--due", "01.12.2026", "--reason", "   "), "needs a reason"
    )
    assert detail(register)["due"] == "2026-11-20"


def test_a_standing_assignment_given_a_date_and_back_is_a_correction_each_way(register) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(register("edit", "1", "--due", "постоянно"), "needs a reason")
    made = register("edit", "1", "--due", "постоянно", "--reason", "Контроль без срока")
    assert made.code == 0, made.err
    assert said(made).endswith("its deadline corrected: 2026-11-20 → standing.")
    assert detail(register)["due"] is None
    assert_one_line_error(register("edit", "1", "--due", "01.03.2027"), "needs a reason")
    dated = register("edit", "1", "--due", "01.03.2027", "--reason", "Срок назначен")
    assert dated.code == 0, dated.err
    assert [(e["old"], e["new"], e["reason"]) for e in corrections(register)] == [
        ("2026-11-20", None, "Контроль без срока"),
        (None, "2027-03-01", "Срок назначен"),
    ]
    history = " ".join(register("show", "1").out.split())
    assert "deadline corrected: 2026-11-20 → standing (reason: Контроль без срока)" in history


def test_undo_of_a_correction_puts_the_deadline_back_and_says_so(register) -> None:  # type: ignore[no-untyped-def]
    assert register("edit", "1", "--due", "01.12.2026", "--reason", "Опечатка").code == 0
    result = register("undo")
    assert result.code == 0, result.err
    assert said(result) == (
        "Undone: the deadline of assignment 3 (meeting of 2026-10-19) is 2026-11-20 again."
    )
    shown = detail(register)
    assert (shown["due"], shown["original_due"]) == ("2026-11-20", "2026-11-20")
    assert shown["history"][-1]["kind"] == "undone"
    history = " ".join(register("show", "1").out.split())
    assert (
        "undone: the deadline correction to 2026-12-01 («Опечатка»), deadline 2026-11-20 again"
        in history
    )


def test_the_same_deadline_typed_another_way_needs_no_reason(register) -> None:  # type: ignore[no-untyped-def]
    result = register("edit", "1", "--due", "2026-11-20", "--priority", "high")
    assert result.code == 0, result.err
    assert said(result).endswith("Assignment 1 updated.")  # after «… is in the past»
    assert corrections(register) == []


def test_a_reason_without_a_new_deadline_is_refused(register) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(register("edit", "1", "--reason", "Опечатка"), "--due")
    assert_one_line_error(
        register("edit", "1", "--text", "Другой текст", "--reason", "Опечатка"), "--due"
    )
    assert detail(register)["text"] == "Проработать поставки"


def test_extend_stays_the_way_to_move_a_deadline_without_an_edit(register) -> None:  # type: ignore[no-untyped-def]
    assert register("extend", "1", "--to", "01.12.2026", "--reason", "Ответ в декабре").code == 0
    shown = detail(register)
    assert (shown["due"], shown["extensions"]) == ("2026-12-01", 1)
    assert corrections(register) == []
