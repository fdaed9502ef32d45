"""The table printer's fast paths write what its cell-by-cell way wrote, for any text.

``print_table`` checks a column's cells in blocks and lays out a row whose cells are all
measured by ``len`` with one ``str.format`` per line; its word wrap is a regular expression.
The oracles below are the printer and the word wrap as they were before (cell by cell,
word by word): generated tables of mixed text — Cyrillic, «—» and «№», wide and zero-width
characters, controls, runs of spaces, words longer than a column — must print the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from rich.console import Console

from taskboard.cli import output
from taskboard.cli.output import Column

PIECES = [
    "Проработать",
    "вопрос",
    "«Савушкин»",
    "—",
    "№",
    "5…",
    "a",
    "Latin",
    "漢字",
    "🎉",
    "и\u0306",
    "\u200b",
    "\u202e",
    "\x1b[31m",
    "\t",
    "\n",
    "\xa0",
    "Оченьдлинноесловобезпробелов",
    "",
]
"""Words and characters the cells are made of (simple ones and every kind of odd one)."""

SPACES = st.sampled_from([" ", " ", " ", "  ", ""])


@st.composite
def cell_texts(draw: st.DrawFn, *, tidy: bool = False) -> str:
    """A cell: words of :data:`PIECES` between runs of spaces; ``tidy``: Cyrillic and Latin
    words between single spaces (what the word wrap is given)."""
    if tidy:
        return " ".join(draw(st.lists(st.sampled_from(PIECES[:8]), max_size=14)))
    words = draw(st.lists(st.sampled_from(PIECES), max_size=14))
    return "".join(draw(SPACES) + word for word in words)


def old_split_words(text: str, width: int) -> list[str]:
    """The greedy word wrap before the regular expression."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def old_print_table(
    items: Sequence[Any],
    columns: Sequence[Column],
    *,
    row_style: Callable[[Any], str] | None = None,
) -> None:
    """``print_table`` before its fast paths (every cell through ``_one_line`` and
    ``_width``, every row through the cell-by-cell layout)."""
    from taskboard.cli.output import _csv_value, _fit, _one_line, _pad, _plain, _width, _wrap

    console = output.stdout()
    rows: list[tuple[list[str], list[int], str]] = []
    widths = [_width(c.header) for c in columns]
    for item in items:
        cells = [_one_line(c.cell(item) if c.cell else _csv_value(c.value(item))) for c in columns]
        sizes = [_width(cell) for cell in cells]
        for i, size in enumerate(sizes):
            if size > widths[i]:
                widths[i] = size
        rows.append((cells, sizes, row_style(item) if row_style else ""))
    widths = [
        min(w, c.max_width) if c.max_width else w for w, c in zip(widths, columns, strict=True)
    ]
    if console.is_terminal:
        widths = _fit(widths, columns, console.width)
    justify = [c.justify for c in columns]
    spans = range(len(columns))
    blanks = [" " * w for w in widths]

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    def body(cells: list[str], sizes: list[int], edge: str) -> list[str]:
        inner = f" {edge} "
        if all(sizes[i] <= widths[i] for i in spans):
            padded = [_pad(cells[i], widths[i], justify[i], sizes[i]) for i in spans]
            return [f"{edge} {inner.join(padded)} {edge}"]
        wrapped = [
            old_split_words(cells[i], widths[i])
            if sizes[i] > widths[i] and sizes[i] == len(cells[i])
            else _wrap(cells[i], widths[i], sizes[i])
            for i in spans
        ]
        measured = [
            [sizes[i]]
            if sizes[i] <= widths[i]
            else [len(piece) for piece in wrapped[i]]
            if _plain(cells[i])
            else [_width(piece) for piece in wrapped[i]]
            for i in spans
        ]
        height = max(len(lines) for lines in wrapped)
        out = []
        for k in range(height):
            parts = []
            for i in spans:
                lines = wrapped[i]
                if k < len(lines):
                    gap = widths[i] - measured[i][k]
                    text = lines[k]
                    if gap > 0:
                        text = " " * gap + text if justify[i] == "right" else text + " " * gap
                    parts.append(text)
                else:
                    parts.append(blanks[i])
            out.append(f"{edge} " + inner.join(parts) + f" {edge}")
        return out

    headers = [c.header for c in columns]
    head = [
        line("┏", "━", "┳", "┓"),
        *body(headers, [_width(h) for h in headers], "┃"),
        line("┡", "━", "╇", "┩"),
    ]
    paint = output._painter(console)
    out = console.file
    out.write("\n".join(paint(h, "bold") for h in head) + "\n")
    for cells, sizes, style in rows:
        for text in body(cells, sizes, "│"):
            out.write(paint(text, style) + "\n")
    out.write(line("└", "─", "┴", "┘") + "\n")


def _columns(max_widths: Sequence[int | None]) -> list[Column]:
    justify = ["right", "left", "left", "center"]
    return [
        Column(f"c{i}", f"Столбец {i}", lambda row, i=i: row[i], justify=justify[i], max_width=w)
        for i, w in enumerate(max_widths)
    ]


def _printed(
    printer: Callable[..., None], rows: list[tuple[str, ...]], columns: list[Column], width: int
) -> str:
    buffer = io.StringIO()
    terminal = width > 0
    output._stdout = Console(
        file=buffer,
        width=width or 80,
        force_terminal=terminal,
        color_system="standard" if terminal else None,
        highlight=False,
        soft_wrap=False,
    )
    try:
        printer(rows, columns, row_style=lambda row: "red" if len(row[0]) % 2 else "")
    finally:
        output._stdout = None
    return buffer.getvalue()


TABLES = st.integers(1, 4).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.tuples(*[st.one_of(cell_texts(), cell_texts(tidy=True)) for _ in range(n)]),
            max_size=12,
        ),
        st.lists(st.sampled_from([None, 1, 5, 12, 30]), min_size=n, max_size=n),
        st.sampled_from([0, 0, 30, 60, 120]),
    )
)
"""Rows of 1–4 columns, each column's ``max_width``, a terminal's width (0: a pipe)."""


@given(TABLES)
@example(([("Оченьдлинноесловобезпробелов а бв", "x")], [5, None], 0))
@example(([("a  b", " c"), ("漢字 漢字 漢字", "\t")], [3, 2], 30))
def test_the_fast_table_prints_what_the_cell_by_cell_one_did(
    table: tuple[list[tuple[str, ...]], list[int | None], int],
) -> None:
    rows, max_widths, width = table
    columns = _columns(max_widths)
    assert _printed(output.print_table, rows, columns, width) == _printed(
        old_print_table, rows, columns, width
    )


@given(cell_texts(tidy=True), st.integers(1, 40))
@example("aa bbbbbbbbbbbbb", 5)
@example("bbbbbbbbbb cc", 5)
@example("bbbbbb cc dd", 5)
def test_the_word_wrap_is_the_greedy_one(text: str, width: int) -> None:
    assert output._split_words(text, width) == old_split_words(text, width)


def test_every_character_the_simple_check_lets_through_is_tidy_and_one_cell() -> None:
    """What ``_simple`` passes, ``_one_line`` leaves as it is and ``_width`` measures by
    ``len`` (every code point, between two letters and alone)."""
    passed = 0
    for code in range(0x110000):
        text = f"a{chr(code)}a"
        if output._simple([text]):
            passed += 1
            assert output._one_line(text) == text, hex(code)
            assert output._width(text) == 3, hex(code)
            assert output._one_line(chr(code)) == chr(code) or code == 0x20, hex(code)
    assert passed > 4000  # Latin, Cyrillic and the rest up to U+10FF, punctuation, «№»
