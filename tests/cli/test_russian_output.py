"""In Russian the command line speaks Russian: every help page, the usual mistakes and an
assignment's card hold no English word (tests/russian_text.py says what is not English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskboard.domain.models import EventKind
from tests.cli.test_commands import command_paths
from tests.conftest import Result, run_process
from tests.russian_text import command_line_values, english_words

TIERS = ("before", "due_day", "controller_due_day", "overdue", "escalation")


@pytest.fixture
def russian(monkeypatch: pytest.MonkeyPatch) -> None:
    """No language from the environment at all (``LANG=C``): only ``--lang ru`` says it."""
    monkeypatch.delenv("TASKBOARD_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.fixture
def example(db_path: Path) -> int:
    """The example register; the id of its repeating assignment, reminded in every tier."""
    from sqlmodel import col, select

    from taskboard.demo import load_demo
    from taskboard.domain import services
    from taskboard.domain.models import Assignment
    from taskboard.storage.database import open_database

    database = open_database(db_path)
    with database.write() as session:
        load_demo(session, actor="Тестов Т.Т.")
    with database.write() as session:
        repeating = session.exec(select(Assignment).where(col(Assignment.recurrence).is_not(None)))
        assignment_id = repeating.first().id  # type: ignore[union-attr]
        for tier in TIERS:
            services.record_event(
                session,
                kind=EventKind.REMINDER_SENT,
                actor="Напоминания",
                assignment_id=assignment_id,
                field=tier,
                new="sandalov@example.org",
            )
    database.dispose()
    assert assignment_id is not None
    return assignment_id


def _ru(cli, *args: str) -> Result:  # type: ignore[no-untyped-def]
    return cli("--lang", "ru", *args)


NAMES = command_line_values() | {name for path in command_paths() for name in path}
"""What the command line takes as typed: option values and its commands' names."""


def _english(result: Result, *typed: str) -> list[str]:
    return english_words(result.out + result.err, typed=typed, values=NAMES)


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "taskboard")
def test_every_help_page_is_russian(cli, russian, path: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = _ru(cli, *path, "--help")
    assert result.code == 0, result.err
    words = _english(result)
    assert words == [], f"{words}\n{result.out}"


MISTAKES = [
    pytest.param(["edit"], [], id="missing argument"),
    pytest.param(["cancel", "1"], [], id="missing option"),
    pytest.param(["show", "абв"], [], id="bad integer"),
    pytest.param(["list", "--meeting", "1.5"], [], id="bad integer of an option"),
    pytest.param(["lst"], ["lst"], id="unknown command, with a suggestion"),
    pytest.param(["совещания"], [], id="unknown command"),
    pytest.param(["list", "--limit", "5"], [], id="unknown option"),
    pytest.param(["list", "--statu", "all"], [], id="unknown option, with suggestions"),
    pytest.param(["show", "1", "2"], [], id="extra argument"),
    pytest.param(["edit", "1", "--due"], [], id="option without its value"),
    pytest.param(["done", "1", "--if-version"], [], id="option without its number"),
    pytest.param(["person"], [], id="group without a command"),
    pytest.param(
        ["add", "Текст", "--owner", "сандалов", "--due", "когда-нибудь"], [], id="bad date"
    ),
    pytest.param(["show", "999"], [], id="unknown id"),
    pytest.param(["list", "--status", "закрытые"], [], id="bad choice"),
    pytest.param(["list", "--format", "таблица"], [], id="bad format"),
    pytest.param(["add", "Текст", "--owner", "никто"], [], id="unknown person"),
]


@pytest.mark.parametrize(("args", "typed"), MISTAKES)
def test_usual_mistakes_are_refused_in_russian(cli, russian, example, args, typed) -> None:  # type: ignore[no-untyped-def]
    result = _ru(cli, *args)
    assert result.code == 2, (result.out, result.err)
    assert result.err.strip(), result.out
    words = _english(result, *typed)
    assert words == [], f"{words}\n{result.err}"


def test_an_assignment_card_names_reminder_tiers_and_its_recurrence(cli, russian, example) -> None:  # type: ignore[no-untyped-def]
    result = _ru(cli, "show", str(example))
    assert result.code == 0, result.err
    card = " ".join(result.out.split())
    assert "направлено напоминание (срок сегодня, контролирующему)" in card
    assert "Периодичность ежемесячно, до 5 числа" in card
    words = _english(result)
    assert words == [], f"{words}\n{result.out}"


def test_lang_ru_wins_over_the_c_locale_in_a_real_process(tmp_path: Path) -> None:
    env = {"LANG": "C", "LC_ALL": "", "LC_MESSAGES": "", "TASKBOARD_LANG": ""}
    result = run_process("--lang", "ru", "edit", "--help", env=env)
    assert result.code == 0, result.err
    words = _english(result)
    assert words == [], f"{words}\n{result.out}"
    result = run_process("--lang", "ru", "--db", str(tmp_path / "x.db"), "edit", env=env)
    assert result.code == 2
    words = _english(result)
    assert words == [], f"{words}\n{result.err}"


def test_installing_completion_says_so_in_russian(cli, russian, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import typer.completion

    monkeypatch.setattr(
        typer.completion, "install", lambda shell=None: ("bash", Path("/home/u/.bashrc"))
    )
    result = _ru(cli, "--install-completion")
    assert result.code == 0, result.err
    assert "Автодополнение для bash установлено в /home/u/.bashrc" in result.out
    words = _english(result, "bash")
    assert words == [], f"{words}\n{result.out}"
