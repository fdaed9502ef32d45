"""``taskboard add --quick``: one line of plain Russian → an assignment, through the real CLI."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def people(cli):  # type: ignore[no-untyped-def]
    """Сандалов (1), Волосков (2) and a meeting of 10.11.2026 (1)."""
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("person", "add", "Волосков Сергей Александрович", "--org", "АО «ОМЗ»").code == 0
    assert cli("meeting", "add", "Оперативное совещание", "--date", "10.11.2026").code == 0
    return cli


def shown(cli, assignment_id: str) -> dict:  # type: ignore[no-untyped-def]
    result = cli("show", assignment_id, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_a_quick_line_is_saved_its_id_on_stdout_what_was_understood_on_stderr(people) -> None:  # type: ignore[no-untyped-def]
    result = people(
        "add", "--quick", "Сандалову до 1 июня подготовить предложения по бизнес-миссии #Беларусь"
    )
    assert result.code == 0, result.err
    assert result.out == "1\n"
    assert result.err.splitlines() == [
        "Owner: Сандалов Михаил ← «Сандалову»",
        "Deadline: 2027-06-01 («до 1 июня»)",
        "Tags: Беларусь",
        "Text: Подготовить предложения по бизнес-миссии",
        "Assignment 1 recorded (id 1), deadline 2027-06-01.",
    ]
    saved = shown(people, "1")
    assert saved["text"] == "Подготовить предложения по бизнес-миссии"
    assert (saved["owner"], saved["due"], saved["tags"]) == (
        "Сандалов Михаил",
        "2027-06-01",
        ["Беларусь"],
    )


def test_co_executors_and_a_rule_word_counted_from_the_meeting(people) -> None:  # type: ignore[no-untyped-def]
    result = people(
        "add", "--quick", "Сандалову совместно с Волосковым С.А. срочно проработать вопрос",
        "--meeting", "1",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Co-executors: Волосков Сергей Александрович" in result.err
    assert "Deadline: 2026-11-13 (urgent: 3 days)" in result.err
    saved = shown(people, result.out.strip())
    assert saved["co_executors"] == ["Волосков Сергей Александрович"]
    assert (saved["due"], saved["number"]) == ("2026-11-13", "1")


def test_options_win_over_the_line_and_the_owner_may_come_from_them(people) -> None:  # type: ignore[no-untyped-def]
    result = people(
        "add", "--quick", "подготовить справку до 1 июня #Беларусь",
        "--owner", "волосков", "--due", "15.12.2026", "--tag", "ОМЗ", "--priority", "high",
    )  # fmt: skip
    assert result.code == 0, result.err
    saved = shown(people, result.out.strip())
    assert (saved["owner"], saved["due"]) == ("Волосков Сергей Александрович", "2026-12-15")
    assert (saved["tags"], saved["priority"], saved["text"]) == (
        ["ОМЗ"],
        "high",
        "Подготовить справку",
    )


def test_a_dry_run_shows_what_it_understood_and_saves_nothing(people) -> None:  # type: ignore[no-untyped-def]
    result = people("add", "--quick", "--dry-run", "Волоскову С.А. в двухнедельный срок начать")
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.splitlines() == [
        "Owner: Волосков Сергей Александрович ← «Волоскову С.А.»",
        "Deadline: 2026-12-08 (в двухнедельный срок: 14 days)",
        "Text: Начать",
        "Dry run: nothing was saved.",
    ]
    listing = people("list", "--format", "json")
    assert json.loads(listing.out) == []


def test_an_unknown_owner_is_one_line_exit_2_and_nobody_is_added(people) -> None:  # type: ignore[no-untyped-def]
    result = people("add", "--quick", "Петрову П.П. подготовить справку")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "taskboard: error: No one called «Петров П.П.» in the directory; check the name, or add "
        'them first (taskboard person add "…").\n'
    )
    assert len(json.loads(people("person", "list", "--format", "json").out)) == 2


def test_no_owner_is_one_line_exit_2(people) -> None:  # type: ignore[no-untyped-def]
    result = people("add", "--quick", "подготовить справку до 1 июня")
    assert result.code == 2
    assert result.err.startswith("taskboard: error: Whom is it for? Start the line with the owner")
    assert result.err.count("\n") == 1


def test_a_line_with_nothing_to_do_and_an_impossible_date_are_refused(people) -> None:  # type: ignore[no-untyped-def]
    nothing = people("add", "--quick", "Сандалову до 1 июня")
    assert nothing.code == 2 and "says nothing to do" in nothing.err
    impossible = people("add", "--quick", "Сандалову до 30 февраля подготовить справку")
    assert impossible.code == 2
    assert "Could not read the date “до 30 февраля”: no such day" in impossible.err


def test_without_quick_the_owner_is_still_required(people) -> None:  # type: ignore[no-untyped-def]
    result = people("add", "Подготовить справку")
    assert result.code == 2
    assert "Missing option --owner" in result.err and "--quick" in result.err


def test_a_plain_add_dry_run_saves_nothing(people) -> None:  # type: ignore[no-untyped-def]
    result = people("add", "Подготовить справку", "--owner", "сандалов", "--dry-run")
    assert result.code == 0, result.err
    assert result.out == ""
    assert "Owner: Сандалов Михаил" in result.err and "Dry run: nothing was saved." in result.err
    assert json.loads(people("list", "--format", "json").out) == []


def test_the_quick_line_in_russian(people) -> None:  # type: ignore[no-untyped-def]
    result = people("--lang", "ru", "add", "--quick", "Сандалову к 15.12 проработать вопрос #ОМЗ")
    assert result.code == 0, result.err
    assert result.err.splitlines()[:4] == [
        "Исполнитель: Сандалов Михаил ← «Сандалову»",
        "Срок: 15.12.2026 («к 15.12»)",
        "Метки: ОМЗ",
        "Текст: Проработать вопрос",
    ]
