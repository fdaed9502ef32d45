"""The table printer's output, byte for byte, pinned by golden files made before its speed-up.

``TASKBOARD_UPDATE_GOLDEN=1`` rewrites the files (only when the change of output is meant).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from taskboard.cli import output
from taskboard.cli.output import Column, print_table
from tests import hostile

GOLDEN = Path(__file__).parent / "golden_tables"
UPDATE = os.environ.get("TASKBOARD_UPDATE_GOLDEN") == "1"

CELLS: list[tuple[str, str, str, str]] = [
    ("1", "Проработать вопрос строительства завода «Савушкин продукт» — № 5…", "Сандалов М.А.", ""),
    ("22", "Plain Latin text that is long enough to wrap in a narrow column", "Smith J.", "red"),
    ("333", "漢字とかなの混じった長い文章です。広い文字", "山田 太郎", "yellow"),
    ("4", "Эмодзи 🎉🚀 и флаг 🇷🇺, семья 👨‍👩‍👧", "Ёлкин", "dim"),
    ("5", "Разложенная и\u0306 буква: Чаи\u0306ковскии\u0306 и\u0306од", "Йодов", ""),
    ("6", hostile.ZERO_WIDTH + " " + hostile.MARKS, hostile.RLO, "red"),
    ("7", hostile.MARKUP + " " + hostile.ANSI, hostile.OSC, ""),
    ("8", "табуляция\tвнутри\tтекста\nи перенос строки", hostile.ISOLATES, ""),
    ("9", "Оченьоченьдлинноесловобезединогопробеламеждучастямикотороенепоместится", "", ""),
    ("10", "", hostile.EMBEDDINGS, "yellow"),
    ("11", "Греческий αβγδ, ударение а\u0301, мягкий\u00adперенос, ґ ї", "Ω", ""),
]


def _columns() -> list[Column]:
    return [
        Column("id", "ID", lambda r: r[0], justify="right", no_wrap=True),
        Column("text", "Поручение", lambda r: r[1], max_width=60),
        Column("owner", "Ответственный", lambda r: r[2], max_width=28),
        Column("n", "Прод.", lambda r: len(r[1]), justify="right"),
    ]


def _render(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    env: dict[str, str],
    title: str | None = "Поручения",
) -> str:
    for name in ("COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLORTERM", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(output, "_stdout", None)
    capsys.readouterr()
    rows: list[Any] = CELLS
    print_table(rows, _columns(), row_style=lambda r: r[3], title=title)
    return capsys.readouterr().out


def _check(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def test_a_table_to_a_pipe_matches_its_golden_file(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not a terminal: natural widths (capped by max_width), no colour codes."""
    _check("pipe.txt", _render(capsys, monkeypatch, env={"COLUMNS": "40"}))


@pytest.mark.parametrize("width", [30, 50, 80, 120, 200])
def test_a_table_on_a_terminal_matches_its_golden_file(capsys, monkeypatch, width: int) -> None:  # type: ignore[no-untyped-def]
    """On a terminal of each width, without colour (NO_COLOR): columns shrink to fit."""
    env = {"COLUMNS": str(width), "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    _check(f"terminal_{width}.txt", _render(capsys, monkeypatch, env=env))


@pytest.mark.parametrize(
    ("name", "env"),
    [
        ("standard", {"TERM": "xterm"}),
        ("256", {"TERM": "xterm-256color"}),
        ("truecolor", {"COLORTERM": "truecolor"}),
    ],
)
def test_a_coloured_table_matches_its_golden_file(capsys, monkeypatch, name: str, env) -> None:  # type: ignore[no-untyped-def]
    """Colour on (FORCE_COLOR): rows painted by their style, head bold, title italic."""
    full = {"COLUMNS": "80", "FORCE_COLOR": "1", **env}
    _check(f"colour_{name}.txt", _render(capsys, monkeypatch, env=full))


def test_a_table_with_no_rows_or_title_matches_its_golden_file(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Only the head and the foot."""
    monkeypatch.setattr(output, "_stdout", None)
    capsys.readouterr()
    print_table([], _columns())
    _check("empty.txt", capsys.readouterr().out)


def test_user_text_stays_inert_and_visible_in_a_table(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No escape, markup or direction control reaches the terminal; zero-width ones stay."""
    text = _render(capsys, monkeypatch, env={"COLUMNS": "200", "TTY_COMPATIBLE": "1"})
    assert "\x1b]" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[31m" in text and "<U+202E>" in text and "[bold]жирный[/bold]" in text


def test_list_through_the_entry_point_matches_its_golden_file(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``taskboard list`` on a register of awkward text, to a pipe and on a coloured terminal."""
    for name in ("Сандалов Михаил", "Волосков Сергей"):
        assert cli("person", "add", name).code == 0
    for owner, (_id, text, _name, _style) in zip(["Сандалов", "Волосков"] * 6, CELLS, strict=False):
        if not text.strip():
            continue
        result = cli("add", text, "--owner", owner, "--due", "01.12.2026", "--tag", "тест")
        assert result.code == 0, result.err
    monkeypatch.setattr(output, "_stdout", None)
    piped = cli("list", "--status", "all")
    assert piped.code == 0, piped.err
    _check("list_pipe.txt", piped.out)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.setattr(output, "_stdout", None)
    coloured = cli("list", "--status", "all")
    _check("list_colour_90.txt", coloured.out)


def test_the_punctuation_measured_by_len_is_one_cell_in_rich() -> None:
    """The fast path of the width function agrees with Rich for every character it covers."""
    from rich.cells import cell_len

    fast = [chr(c) for c in range(0x2010, 0x2028)] + [chr(c) for c in range(0x2030, 0x205F)]
    for character in [*fast, "№"]:
        assert output._width(character) == cell_len(character) == 1, hex(ord(character))
    assert output._width("срок — № 5…") == 11
    assert output._width("漢字") == 4 and output._width("a\u200bb") == 2
