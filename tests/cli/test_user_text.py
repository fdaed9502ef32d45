"""User text is data: markup and terminal escape sequences are stored and shown as typed."""

from __future__ import annotations

import json

import pytest

TRICKY = [
    "[bold]жирный[/bold] текст",
    "[/foo] закрывающий тег",
    "[@click=app.quit]нажми[/]",
    "\x1b[31mкрасный\x1b[0m и звонок\x07",
]


@pytest.mark.parametrize("text", TRICKY)
def test_text_is_stored_exactly_and_json_round_trips(cli, text: str) -> None:
    cli("person", "add", "[red]Сандалов[/red] Михаил")
    aid = cli("add", text, "--owner", "1", "--due", "01.12.2026").out.strip()
    data = json.loads(cli("show", aid, "--format", "json").out)
    assert data["text"] == text
    assert data["owner"] == "[red]Сандалов[/red] Михаил"


@pytest.mark.parametrize("text", TRICKY[:3])
def test_markup_is_printed_literally_in_tables(cli, text: str) -> None:
    cli("person", "add", "Сандалов Михаил")
    cli("add", text, "--owner", "1", "--due", "01.12.2026")
    listing = cli("list").out
    shown = cli("show", "1").out
    assert text.split()[0] in listing
    assert text in shown


def test_escape_sequences_are_shown_not_executed(cli) -> None:
    cli("person", "add", "Сандалов Михаил")
    cli("add", TRICKY[3], "--owner", "1", "--due", "01.12.2026")
    for output in (cli("list").out, cli("show", "1").out):
        assert "\x1b" not in output
        assert "\x07" not in output
        assert "\\x1b[31mкрасный" in output
