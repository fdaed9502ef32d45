"""Co-executors' parts through the real entry point: ``part ID PERSON --due D|none``, ``submit
--by``, what ``show`` prints and its JSON carries, one-line refusals that change nothing, the
owner's deadline moved earlier (sub-deadlines clamped), ``edit --co`` keeping sub-deadlines,
and undo of each."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TODAY  # noqa: F401  (TASKBOARD_TODAY = 2026-11-24)


@pytest.fixture
def register(cli):  # type: ignore[no-untyped-def]
    """Assignment 1: Сандалов owns it (due 10.12.2026), Волосков and Иванова co-execute it."""
    for name in ("Сандалов Михаил", "Волосков Сергей", "Иванова Елена"):
        assert cli("person", "add", name).code == 0
    added = cli(
        "add",
        "Проработать совместные проекты",
        "--owner",
        "сандалов",
        "--co",
        "волосков",
        "--co",
        "иванова",
        "--due",
        "10.12.2026",
    )
    assert added.code == 0, added.err
    return cli


def flat(text: str) -> str:
    return " ".join(text.split())


def card(cli) -> dict:  # type: ignore[no-untyped-def]
    shown = cli("show", "1", "--format", "json")
    assert shown.code == 0, shown.err
    return json.loads(shown.out)


def parts(cli) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(p["co_executor"], p["due"], p["reported_on"]) for p in card(cli)["parts"]]


def test_part_sets_a_sub_deadline_with_an_event_and_show_lists_it(register) -> None:
    cli = register
    done = cli("part", "1", "волосков", "--due", "01.12.2026")
    assert done.code == 0, done.err
    assert done.out == ""
    assert flat(done.err) == "Волосков Сергей's part of Assignment 1 is due 2026-12-01."
    assert parts(cli) == [
        ("Волосков Сергей", "2026-12-01", None),
        ("Иванова Елена", None, None),
    ]
    history = card(cli)["history"]
    assert [(h["field"], h["old"], h["new"], h["person_id"]) for h in history[-1:]] == [
        ("part_due", None, "2026-12-01", 2)
    ]
    shown = cli("show", "1")
    text = flat(shown.out)
    assert "Co-executors' parts" in text
    assert "Волосков Сергей — due 2026-12-01 — report not in" in text
    assert "Иванова Елена — by the assignment's deadline — report not in" in text
    assert "sub-deadline of Волосков Сергей: the assignment's deadline → 2026-12-01" in text


def test_a_sub_deadline_after_the_owners_is_one_line_and_changes_nothing(register) -> None:
    cli = register
    before = card(cli)
    refused = cli("part", "1", "волосков", "--due", "11.12.2026")
    assert refused.code == 2
    assert refused.out == ""
    assert refused.err.count("\n") == 1
    assert flat(refused.err) == (
        "taskboard: error: The sub-deadline 2026-12-11 is after the assignment's deadline "
        "2026-12-10; a co-executor's part is due no later than the owner's."
    )
    assert card(cli) == before


def test_part_of_someone_who_is_not_a_co_executor_is_refused(register) -> None:
    cli = register
    before = card(cli)
    refused = cli("part", "1", "сандалов", "--due", "01.12.2026")
    assert refused.code == 2
    assert refused.err.count("\n") == 1
    assert "Сандалов Михаил is not a co-executor of assignment 1" in refused.err
    assert card(cli) == before


def test_part_none_clears_the_sub_deadline_and_undo_restores_it(register) -> None:
    cli = register
    assert cli("part", "1", "иванова", "--due", "03.12.2026").code == 0
    cleared = cli("part", "1", "иванова", "--due", "none")
    assert cleared.code == 0, cleared.err
    assert "is now due by the assignment's deadline" in flat(cleared.err)
    assert parts(cli)[1] == ("Иванова Елена", None, None)
    undone = cli("undo")
    assert undone.code == 0, undone.err
    assert parts(cli)[1] == ("Иванова Елена", "2026-12-03", None)
    assert cli("undo").code == 0
    assert parts(cli)[1] == ("Иванова Елена", None, None)


def test_submit_by_a_co_executor_records_their_part_and_keeps_the_status(register) -> None:
    cli = register
    done = cli("submit", "1", "Предложения направлены", "--by", "иванова", "--date", "20.11.2026")
    assert done.code == 0, done.err
    assert flat(done.err) == (
        "Report of 2026-11-20 by Иванова Елена on their part of Assignment 1 recorded."
    )
    shown = card(cli)
    assert shown["status"] == "open"
    assert shown["reports"] == []  # the owner's reports only
    assert parts(cli)[1] == ("Иванова Елена", None, "2026-11-20")
    assert shown["parts"][1]["report"] == "Предложения направлены"
    # Then the owner's report: only it puts the assignment under review, and accept takes its
    # date, not the part's.
    assert cli("submit", "1", "Исполнено", "--date", "23.11.2026").code == 0
    assert card(cli)["status"] == "review"
    assert cli("accept", "1").code == 0
    assert card(cli)["closed_on"] == "2026-11-23"


def test_submit_by_the_owner_is_the_owners_report(register) -> None:
    cli = register
    assert cli("submit", "1", "Исполнено", "--by", "сандалов").code == 0
    assert card(cli)["status"] == "review"


def test_submit_by_someone_not_on_the_assignment_is_refused(register) -> None:
    cli = register
    assert cli("person", "add", "Петров Пётр").code == 0
    before = card(cli)
    refused = cli("submit", "1", "Текст", "--by", "петров")
    assert refused.code == 2
    assert refused.err.count("\n") == 1
    assert card(cli) == before


def test_undo_takes_back_a_part_report_only(register) -> None:
    cli = register
    assert cli("submit", "1", "Часть готова", "--by", "волосков").code == 0
    undone = cli("undo")
    assert undone.code == 0, undone.err
    assert "the report of Волосков Сергей on their part" in flat(undone.err)
    assert parts(cli)[0] == ("Волосков Сергей", None, None)
    assert card(cli)["status"] == "open"


def test_overdue_part_is_marked_until_its_report_is_in(register) -> None:
    cli = register
    assert cli("part", "1", "волосков", "--due", "20.11.2026").code == 0
    assert [p["overdue"] for p in card(cli)["parts"]] == [True, False]
    assert "overdue" in cli("show", "1").out
    assert cli("submit", "1", "Сделано", "--by", "волосков").code == 0
    assert [p["overdue"] for p in card(cli)["parts"]] == [False, False]


def test_edit_co_keeps_the_sub_deadlines_of_those_who_stay(register) -> None:
    cli = register
    assert cli("part", "1", "волосков", "--due", "01.12.2026").code == 0
    assert cli("part", "1", "иванова", "--due", "02.12.2026").code == 0
    assert cli("person", "add", "Петров Пётр").code == 0
    edited = cli("edit", "1", "--co", "иванова", "--co", "петров")
    assert edited.code == 0, edited.err
    assert parts(cli) == [("Иванова Елена", "2026-12-02", None), ("Петров Пётр", None, None)]
    assert cli("undo").code == 0  # Волосков comes back with his sub-deadline
    assert parts(cli) == [
        ("Волосков Сергей", "2026-12-01", None),
        ("Иванова Елена", "2026-12-02", None),
    ]


def test_deadline_corrected_earlier_clamps_later_sub_deadlines_and_undo_restores(
    register,
) -> None:
    cli = register
    assert cli("part", "1", "волосков", "--due", "08.12.2026").code == 0
    assert cli("part", "1", "иванова", "--due", "01.12.2026").code == 0
    edited = cli("edit", "1", "--due", "04.12.2026", "--reason", "Ускорить")
    assert edited.code == 0, edited.err
    assert parts(cli) == [
        ("Волосков Сергей", "2026-12-04", None),
        ("Иванова Елена", "2026-12-01", None),
    ]
    assert cli("undo").code == 0
    assert parts(cli) == [
        ("Волосков Сергей", "2026-12-08", None),
        ("Иванова Елена", "2026-12-01", None),
    ]


def test_part_help_is_there_in_russian(cli) -> None:
    shown = cli("--lang", "ru", "part", "--help")
    assert shown.code == 0
    assert "соисполнител" in shown.out
