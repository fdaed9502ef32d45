"""The version of an assignment goes up once per saved change, and never for no change."""

from __future__ import annotations

import json
from typing import Any

import pytest


def _shown(cli: Any, aid: str = "1") -> dict[str, Any]:
    result = cli("show", aid, "--format", "json")
    assert result.code == 0, result.err
    shown: dict[str, Any] = json.loads(result.out)
    return shown


@pytest.fixture
def one(cli: Any) -> str:
    """Assignment 1, with an owner, a controller-to-be and two tags."""
    cli("person", "add", "Сандалов Михаил")
    cli("person", "add", "Волосков Сергей")
    aid = cli(
        "add", "Текст", "--owner", "сандалов", "--due", "01.12.2026", "--tag", "б", "--tag", "а"
    ).out.strip()
    assert _shown(cli)["version"] == 1
    return aid


def test_an_edit_of_several_fields_raises_the_version_by_one(cli: Any, one: str) -> None:
    result = cli(
        "edit", one, "--text", "Новый текст", "--co", "волосков", "--priority", "high",
        "--tag", "в", "--number", "7",
    )  # fmt: skip
    assert result.code == 0, result.err
    shown = _shown(cli)
    assert shown["version"] == 2
    assert shown["text"] == "Новый текст"


def test_an_edit_with_an_unchanged_tag_list_counts_only_the_real_change(cli: Any, one: str) -> None:
    assert cli("edit", one, "--text", "Другой", "--tag", "а", "--tag", "б").code == 0
    assert _shown(cli)["version"] == 2


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(cli: Any, one: str) -> None:
    before = _shown(cli)
    result = cli("edit", one, "--text", "Текст", "--tag", "а", "--tag", "б", "--owner", "сандалов")
    assert result.code == 0, result.err
    assert "Nothing to change; assignment 1 is as given." in result.err + result.out
    after = _shown(cli)
    assert after["version"] == before["version"] == 1
    assert after["history"] == before["history"]


def test_an_edit_that_changes_nothing_says_so_in_russian(
    cli: Any, one: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TASKBOARD_LANG", "ru")
    result = cli("edit", one, "--text", "Текст")
    assert result.code == 0, result.err
    assert "Менять нечего: поручение 1 уже такое, как указано." in result.err + result.out
    assert _shown(cli)["version"] == 1


def test_each_command_is_one_version(cli: Any, one: str) -> None:
    for step, args in enumerate(
        (["note", one, "Ход"], ["start", one], ["extend", one, "--to", "15.12.2026",
         "--reason", "Причина"], ["edit", one, "--text", "Ещё"], ["done", one]),
        start=2,
    ):  # fmt: skip
        assert cli(*args).code == 0, args
        assert _shown(cli)["version"] == step, args


def test_an_unchanged_edit_with_a_stale_version_is_still_refused(cli: Any, one: str) -> None:
    assert cli("note", one, "Ход").code == 0
    result = cli("edit", one, "--text", "Текст", "--if-version", "1")
    assert result.code != 0
    assert "changed by someone else meanwhile" in result.err
