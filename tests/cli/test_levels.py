"""Control levels and the at-risk warning on the command line: ``add``/``edit --level``,
``list --level``/``--at-risk``, ``show``, the JSON and CSV fields, the agenda, the refusals."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY

NEAR = "08.12.2026"
"""The 10th working day after the tests' today: the last deadline at risk by default."""


def backdate(db_path: Path, days: int = 30) -> None:
    """Every record made ``days`` ago: the tests' today is fixed, the clock is not."""
    moment = datetime.combine(TODAY - timedelta(days=days), time(12)).astimezone()
    stored = moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    with sqlite3.connect(db_path) as conn:
        for table in ("assignment", "note", "report", "extension"):
            conn.execute(f"UPDATE {table} SET created_at = ?", (stored,))
    conn.close()


@pytest.fixture
def register(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """1: governor, due NEAR; 2: no level, due NEAR; 3: deputy, due far — all quiet 30 days."""
    assert cli("person", "add", "Сандалов Михаил Александрович").code == 0
    assert cli("add", "Первое", "--owner", "санд", "--due", NEAR, "--level", "губернатор").code == 0
    assert cli("add", "Второе", "--owner", "санд", "--due", NEAR).code == 0
    assert (
        cli("add", "Третье", "--owner", "санд", "--due", "01.03.2027", "--level", "deputy").code
        == 0
    )
    backdate(db_path)
    return db_path


def listed(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = cli("list", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_add_records_the_level_from_its_key_or_label(cli, register) -> None:  # type: ignore[no-untyped-def]
    levels = {row["id"]: row["control_level"] for row in listed(cli)}
    assert levels == {1: "governor", 2: None, 3: "deputy"}


def test_list_filters_by_level_and_by_risk(cli, register) -> None:  # type: ignore[no-untyped-def]
    assert [r["id"] for r in listed(cli, "--level", "у Губернатора")] == [1]
    assert [r["id"] for r in listed(cli, "--level", "DEPUTY")] == [3]
    assert listed(cli, "--level", "head") == []
    risky = listed(cli, "--at-risk")
    assert [(r["id"], r["at_risk"]) for r in risky] == [(1, True), (2, True)]
    assert [r["id"] for r in listed(cli, "--at-risk", "--level", "governor")] == [1]
    assert {r["id"]: r["at_risk"] for r in listed(cli)} == {1: True, 2: True, 3: False}


def test_a_note_takes_an_assignment_out_of_risk(cli, register) -> None:  # type: ignore[no-untyped-def]
    assert cli("note", "2", "Запрос направлен").code == 0
    assert [r["id"] for r in listed(cli, "--at-risk")] == [1]


def test_the_table_marks_at_risk_and_csv_carries_the_level(cli, register) -> None:  # type: ignore[no-untyped-def]
    table = cli("list")
    assert table.code == 0
    assert table.out.count("at risk") == 2
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").out)))
    assert [(r["control_level"], r["at_risk"]) for r in rows] == [
        ("governor", "true"),
        ("", "true"),
        ("deputy", "false"),
    ]


def test_show_prints_the_level_and_the_flag(cli, register) -> None:  # type: ignore[no-untyped-def]
    card = cli("show", "1")
    assert "Control level" in card.out and "the Governor" in card.out
    assert "open, at risk" in card.out
    russian = cli("--lang", "ru", "show", "1")
    assert "у Губернатора" in russian.out and "под угрозой срыва" in russian.out
    data = json.loads(cli("show", "1", "--format", "json").out)
    assert (data["control_level"], data["at_risk"]) == ("governor", True)


def test_edit_changes_and_clears_the_level_in_the_history(cli, register) -> None:  # type: ignore[no-untyped-def]
    assert cli("edit", "1", "--level", "head").code == 0
    assert listed(cli, "--level", "head")[0]["id"] == 1
    assert cli("edit", "1", "--level", "none").code == 0
    assert listed(cli, "--level", "head") == []
    history = cli("show", "1").out
    assert "control level changed: the Governor → the head" in history
    assert "control level changed: the head → —" in history
    assert cli("undo").code == 0
    assert [r["id"] for r in listed(cli, "--level", "head")] == [1]


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Четвёртое", "--owner", "санд", "--level", "мэр"),
        ("edit", "1", "--level", "мэр"),
        ("list", "--level", "мэр"),
        ("review", "--agenda", "--level", "мэр"),
    ],
    ids=["add", "edit", "list", "review"],
)
def test_an_unknown_level_is_one_line_naming_the_levels_and_changes_nothing(
    cli, register, args: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    before = cli("list", "--status", "all", "--format", "json").out
    result = cli(*args)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "Unknown control level «мэр»" in result.err
    assert "governor" in result.err and "deputy" in result.err and "head" in result.err
    assert cli("list", "--status", "all", "--format", "json").out == before


def test_the_agenda_lists_the_assignments_at_risk(cli, register) -> None:  # type: ignore[no-untyped-def]
    agenda = json.loads(cli("review", "--agenda", "--format", "json").out)
    assert {i["id"]: i["reasons"] for i in agenda} == {1: ["at_risk"], 2: ["at_risk"]}
    governor = json.loads(
        cli("review", "--agenda", "--level", "губернатор", "--format", "json").out
    )
    assert [i["id"] for i in governor] == [1]


def test_the_config_sets_the_levels_and_the_rule(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = Path(os.environ["TASKBOARD_CONFIG"])
    config.write_text(
        config.read_text(encoding="utf-8")
        + '[control]\nlevels = { minister = "у министра" }\n'
        + "at_risk_quiet_days = 40\nat_risk_within_days = 3\n",
        encoding="utf-8",
    )
    assert cli("person", "add", "Сандалов Михаил Александрович").code == 0
    assert cli("add", "Срочное", "--owner", "санд", "--due", "27.11.2026").code == 0
    assert cli("add", "Позже", "--owner", "санд", "--due", NEAR, "--level", "у министра").code == 0
    assert cli("add", "Другое", "--owner", "санд", "--level", "governor").code == 2
    backdate(db_path, days=39)
    assert listed(cli, "--at-risk") == []  # 39 quiet days are fewer than 40
    backdate(db_path, days=40)
    assert [r["id"] for r in listed(cli, "--at-risk")] == [1]  # 27.11 is 3 working days on
    assert [r["id"] for r in listed(cli, "--level", "министр")] == [2]
