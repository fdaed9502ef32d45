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


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run taskboard with its stdout on a pseudo-terminal; return what it wrote there."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "taskboard", *args],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=60,
            check=True,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)


def test_no_color_means_no_escape_codes_even_on_a_terminal(cli, db_path) -> None:  # type: ignore[no-untyped-def]
    import os

    assert cli("init", "--demo").code == 0
    env = {**os.environ, "TASKBOARD_TODAY": "2026-11-24", "TASKBOARD_LANG": "ru"}
    args = ["--db", str(db_path), "list", "--overdue"]
    coloured = _on_a_terminal(args, {k: v for k, v in env.items() if k != "NO_COLOR"})
    plain = _on_a_terminal(args, {**env, "NO_COLOR": "1"})
    assert b"\x1b[" in coloured  # overdue rows are red on a terminal
    assert b"\x1b" not in plain
    assert "Поручение".encode() in plain  # the same table, only without the codes
